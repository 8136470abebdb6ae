from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`manage.py load_initial_data`), built through the real workflow. It may
    import every app; no app imports it."""

    name = "demo"
    label = "demo"
    verbose_name = "Echo Wall demo data"
