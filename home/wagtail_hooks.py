from wagtail import hooks

from .choosers import issue_chooser_viewset
from .page_creation import continue_just_created_page


@hooks.register("register_admin_viewset")
def register_issue_chooser():
    return issue_chooser_viewset


hooks.register("before_create_page", continue_just_created_page)
