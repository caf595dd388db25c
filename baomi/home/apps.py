from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "baomi.home"
    label = "home"
    verbose_name = "首页"
