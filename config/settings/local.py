"""Settings for `make run`: one office on one machine, SQLite in data/."""

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY

DEBUG = False
if not SECRET_KEY:
    from baomi.core.secrets import local_secret_key

    SECRET_KEY = local_secret_key(DATA_DIR)
