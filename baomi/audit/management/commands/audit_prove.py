"""`baomi audit_prove`: RFC 9162 proofs as JSON.

    baomi audit_prove --seq 42 [--size N]          inclusion of event #42 (leaf index 41)
    baomi audit_prove --consistency 100 [--size N] tree 100 is a prefix of tree N

`--size` defaults to the current tree; use a checkpoint's size to check a proof against
that checkpoint (`audit_verify ... --proof FILE`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from baomi.audit.selectors import consistency_proof, inclusion_proof
from baomi.core.command import BaomiCommand
from baomi.core.errors import ApplicationError

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "生成包含证明或一致性证明 / inclusion or consistency proof (RFC 9162)"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--seq", type=int, help="event sequence number (inclusion)")
        group.add_argument("--consistency", type=int, metavar="FIRST_SIZE",
                           help="earlier tree size (consistency)")
        parser.add_argument("--size", type=int, default=None, help="tree size (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["size"] is not None and options["size"] < 0:
            raise ApplicationError("树大小不能为负", fields={"size": ["≥ 0"]})
        if options["seq"] is not None:
            doc = inclusion_proof(seq=options["seq"], size=options["size"])
        else:
            doc = consistency_proof(first=options["consistency"], second=options["size"])
        self.stdout.write(json.dumps(doc, indent=2))
