from django.apps import AppConfig


class WallConfig(AppConfig):
    """The public face: the wall, threads, posting, the private tracking page, satisfaction votes,
    the figures pages, feeds and the sitemap. Views stay thin: rules live in the apps below."""

    name = "wall"
    verbose_name = "Echo Wall public pages"
