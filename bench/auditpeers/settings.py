"""The benchmark's settings: the product's local settings plus django-auditlog.

django-auditlog (what paperless-ngx uses) is installed here only, as the peer the audit
log's appends are measured against; the product does not use it.
"""

from config.settings.local import *  # noqa: F403
from config.settings.local import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "auditlog"]
AUDITLOG_INCLUDE_ALL_MODELS = False
