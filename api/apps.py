from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Machine faces of the wall: Open311 GeoReport v2 and the TV desk's exports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"
