from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Figures about departments (periods, aggregates, percentiles, the cached snapshot) and
    their exports; no models yet. It reads the domain and the polls, never a face."""

    name = "reporting"
    verbose_name = "Echo Wall reporting"
