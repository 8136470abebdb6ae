"""Wagtail admin: history entries for every workflow action, menus and staff screens."""

from wagtail import hooks

from .models import IssueEvent


@hooks.register("register_log_actions")
def register_issue_log_actions(actions):
    for action, label in IssueEvent.Action.choices:
        actions.register_action(f"feedback.{action}", label, label)
