"""`baomi audit_checkpoint`: sign the tree head; write the note and a printable PDF.

Cron-safe and idempotent: when the newest checkpoint already covers the log, it prints
that one and changes nothing. Files go to `DATA_DIR/audit/checkpoints/`.
"""

from __future__ import annotations

from typing import Any

from baomi.audit.checkpoints import (
    audit_checkpoint_create,
    checkpoint_dir,
    checkpoint_files,
)
from baomi.audit.keys import key_dir
from baomi.core.command import BaomiCommand


class Command(BaomiCommand):
    help = "签署审计日志检查点(可由 cron 定时运行) / sign a checkpoint of the audit log"

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_checkpoint_create()
        cp = result.checkpoint
        text_path, pdf_path = checkpoint_files(cp)
        if result.warning:
            self.stderr.write(f"注意: {result.warning}")
        if result.created:
            self.stdout.write(f"已签署检查点: {cp.size} 条事件 ({cp.hash_algorithm}/"
                              f"{cp.signature_algorithm})")
        else:
            self.stdout.write(f"日志未变化,最新检查点仍为 {cp.size} 条事件")
        self.stdout.write(f"  检查点: {text_path}")
        self.stdout.write(f"  打印件: {pdf_path}")
        self.stdout.write(f"  最新:   {checkpoint_dir() / 'latest.txt'}")
        self.stdout.write(f"  公钥:   {key_dir() / (cp.signature_algorithm + '.vkey')}")
        if options["verbosity"] > 1:
            self.stdout.write(cp.note)
