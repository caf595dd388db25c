from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class PolicyConfig(AppConfig):
    name = "baomi.policy"
    label = "policy"
    verbose_name = "policy"

    def ready(self) -> None:
        # A broken policy file stops start-up with the line and the reason.
        from baomi.policy.document import PolicyError
        from baomi.policy.runtime import load_active

        try:
            load_active()
        except PolicyError as exc:
            raise ImproperlyConfigured(f"baomi policy file is invalid: {exc}") from exc
