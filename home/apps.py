from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from . import receivers  # noqa: F401, PLC0415 - connects the signal receivers once apps are loaded
