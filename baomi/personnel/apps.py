from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "baomi.personnel"
    label = "personnel"
    verbose_name = _("涉密人员")
    default_auto_field = "django.db.models.BigAutoField"
