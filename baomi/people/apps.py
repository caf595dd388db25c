from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "baomi.people"
    label = "people"
    verbose_name = "人员"

    def ready(self) -> None:
        from baomi.core.persons import set_person_lookups
        from baomi.people.selectors import (
            person_by_staff_no,
            person_by_username,
            person_for,
        )

        def named(ident: str) -> object:
            return person_by_username(ident) or person_by_staff_no(ident)

        set_person_lookups(for_user=person_for, named=named)
