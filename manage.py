#!/usr/bin/env python
"""Django's command-line utility. `baomi` (installed by make run) is the same thing."""

import sys

from baomi.cli import main

if __name__ == "__main__":
    sys.exit(main())
