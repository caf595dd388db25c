from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "baomi.people"
    label = "people"
    verbose_name = "人员"
