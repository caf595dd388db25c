from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "baomi.files"
    label = "files"
    verbose_name = "载体文件"
