"""Core tables: the one-time tokens that make a create happen once (docs/decisions/0005)."""

from __future__ import annotations

from django.db import models


class SubmissionToken(models.Model):
    """A create form's one-time token (or an API `Idempotency-Key`), stored in the same
    transaction as the row it created. A second post with the same token finds this row
    and is answered with the record already made."""

    actor_id = models.BigIntegerField(null=True, blank=True)
    key = models.CharField(max_length=64)
    scope = models.CharField(max_length=60)
    target_model = models.CharField(max_length=100)
    target_id = models.CharField(max_length=40)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor_id", "key"], name="core_token_once"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
