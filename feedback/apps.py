from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"
    verbose_name = _("Feedback wall")

    def ready(self):
        from . import receivers  # noqa: F401, PLC0415 - connects the signal receivers once apps are loaded
