from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The staff face in the Wagtail admin: the moderation queue, issue lists, the issue desk,
    menus, snippets and log actions (wagtail_hooks)."""

    name = "staff"
    verbose_name = "Echo Wall staff screens"
