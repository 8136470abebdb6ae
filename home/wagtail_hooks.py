from wagtail import hooks

from .choosers import issue_chooser_viewset


@hooks.register("register_admin_viewset")
def register_issue_chooser():
    return issue_chooser_viewset
