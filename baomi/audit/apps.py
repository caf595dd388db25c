from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "baomi.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from baomi.audit.services import audit_append, audit_denial
        from baomi.core.events import set_event_recorder
        from baomi.core.writes import set_denial_recorder

        set_denial_recorder(audit_denial)
        set_event_recorder(audit_append)
