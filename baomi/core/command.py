"""Base class for baomi's management commands.

Denials print the rule id, the reason and the Chinese clause and exit non-zero (3); "not
found" exits 4; bad input prints the field messages and exits 2. Changes are audited with
channel "cli". Messages are in Chinese; `BAOMI_LANGUAGE=en` prints them in English (the
audit log records the Chinese reason either way, docs/decisions/0008).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.core.context import channel
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.core.persons import person_named

EXIT_INVALID = 2
EXIT_DENIED = 3
EXIT_NOT_FOUND = 4


class BaomiCommand(BaseCommand):
    #: commands that act as a person take --as USERNAME (or staff number)
    acts_as_person = False

    def add_arguments(self, parser: CommandParser) -> None:
        if self.acts_as_person:
            parser.add_argument("--as", dest="as_user", required=True, metavar="USERNAME",
                                help="act as this person (login name or staff number)")

    def actor(self, options: dict[str, Any]) -> Any:
        ident = options["as_user"]
        person = person_named(ident)
        if person is None:
            raise ApplicationError(_("没有这个人员"), fields={"as": [_("没有这个人员: %(ref)s") % {"ref": ident}]})
        return person

    def execute(self, *args: Any, **options: Any) -> Any:
        chosen = os.environ.get("BAOMI_LANGUAGE", "")
        if chosen in {code for code, _name in settings.LANGUAGES}:
            with translation.override(chosen):
                return self._execute(*args, **options)
        return self._execute(*args, **options)

    def _execute(self, *args: Any, **options: Any) -> Any:
        with channel("cli"):
            try:
                return super().execute(*args, **options)
            except PolicyDenied as exc:
                self.stderr.write(f"{_('拒绝')} {exc.rule}: {exc.reason_shown}".rstrip(": "))
                self.stderr.write(f"  {_('依据')}: {exc.clause}")
                sys.exit(EXIT_DENIED)
            except NotVisible:
                self.stderr.write(_("未找到。"))
                sys.exit(EXIT_NOT_FOUND)
            except ApplicationError as exc:
                self.stderr.write(f"{_('输入有误')}: {exc.message}")
                for field, messages in exc.fields.items():
                    for message in messages:
                        self.stderr.write(f"  {field}: {message}")
                sys.exit(EXIT_INVALID)
