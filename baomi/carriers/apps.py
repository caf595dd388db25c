from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "baomi.carriers"
    label = "carriers"
    verbose_name = "涉密载体"

    def ready(self) -> None:
        from baomi.carriers.ledger import custody_count
        from baomi.people.holdings import register_holding

        register_holding("carriers.copy", custody_count)
