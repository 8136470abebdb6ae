from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    """Satisfaction polls on resolved issues; their tables keep the names they had in feedback."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "polls"
    verbose_name = _("Satisfaction polls")

    def ready(self):
        from . import receivers  # noqa: F401, PLC0415 - connects the signal receivers once apps are loaded
