from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app shares (text, browser identity, limits, storage, photos, settings); no
    models, and it imports no other app of the project."""

    name = "core"
    verbose_name = "Echo Wall core"
