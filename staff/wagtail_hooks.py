"""Wagtail admin: history entries for every workflow action, menus and staff screens."""

from django.template.defaultfilters import yesno
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from feedback import permissions, queries
from feedback.models import (
    Category,
    Department,
    DepartmentStaff,
    District,
    Issue,
    IssueEvent,
    Message,
)
from feedback.services import TV_CONSENT_LOG_ACTIONS
from polls.models import PollComment
from reporting.desk_access import may_use_desk

from . import urls as staff_urls
from .views.escalations import EscalationListView


@hooks.register("register_log_actions")
def register_issue_log_actions(actions):
    for action, label in IssueEvent.Action.choices:
        actions.register_action(f"feedback.{action}", label, label)
    for action, label in TV_CONSENT_LOG_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [
        path("feedback/", include((staff_urls.urlpatterns, "echowall_admin"))),
        # 提级督办: the supervisors' list, /admin/escalations/.
        path("escalations/", EscalationListView.as_view(), name="echowall_escalations"),
        path("tv-desk/", include((staff_urls.tv_desk_urlpatterns, "echowall_tv_desk"))),
        path("hot-topics/", include((staff_urls.hot_topic_urlpatterns, "echowall_hot_topics"))),
    ]


class CountedMenuItem(MenuItem):
    """A menu item whose label carries a live count (one COUNT query per admin page)."""

    def __init__(self, label, url_name, count, is_shown, **kwargs):
        super().__init__(label, url="", **kwargs)
        self.url_name, self.count, self._is_shown = url_name, count, is_shown

    def is_shown(self, request):
        return self._is_shown(request.user)

    def render_component(self, request):
        count = self.count(request.user)
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(
            self.name,
            label,
            reverse(self.url_name),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


def _moderation_count(user):
    return (
        Issue.objects.awaiting_moderation().count()
        + Message.objects.awaiting_moderation().count()
        + PollComment.objects.awaiting_moderation().count()
    )


def _department_open_count(user):
    department = permissions.department_of(user)
    if department is None:
        return 0
    return queries.open_for_department(department).count()


@hooks.register("register_admin_urls", order=-1)
def register_tv_contact_urls():
    """Showing a consenting reporter's contact and the log of each look (before the TV desk's
    `tv-desk/<week>/` pages, whatever order the hooks load in)."""
    return [path("tv-desk/", include((staff_urls.tv_contact_urlpatterns, "tv_contact")))]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return CountedMenuItem(
        _("Moderation queue"),
        "echowall_admin:queue",
        _moderation_count,
        permissions.is_moderator,
        icon_name="tasks",
        order=100,
        name="moderation-queue",
    )


@hooks.register("register_admin_menu_item")
def register_issue_list_menu_item():
    return CountedMenuItem(
        _("Issues"),
        "echowall_admin:issues",
        _department_open_count,
        lambda user: permissions.is_moderator(user) or permissions.department_of(user) is not None,
        icon_name="comment",
        order=110,
        name="issues",
    )


class ShownToMenuItem(MenuItem):
    """A menu item shown only to the accounts `is_shown(user)` accepts."""

    def __init__(self, label, url_name, is_shown, **kwargs):
        super().__init__(label, url="", **kwargs)
        self.url_name, self._is_shown = url_name, is_shown

    def is_shown(self, request):
        return self._is_shown(request.user)

    def render_component(self, request):
        self.url = reverse(self.url_name)
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def register_tv_desk_menu_item():
    """行风视线: media staff and moderators (the page checks it again)."""
    return ShownToMenuItem(
        _("TV desk"),
        "echowall_tv_desk:index",
        may_use_desk,
        icon_name="desktop",
        order=115,
        name="tv-desk",
    )


@hooks.register("register_admin_menu_item")
def register_contact_log_menu_item():
    return ShownToMenuItem(
        _("Contact views log"),
        "tv_contact:log",
        may_use_desk,
        icon_name="list-ul",
        order=130,
        name="tv-contact-log",
    )


def _open_escalation_count(user):
    return Issue.objects.escalated_now().count()


@hooks.register("register_admin_menu_item")
def register_escalation_list_menu_item():
    return CountedMenuItem(
        _("Escalated issues"),
        "echowall_escalations",
        _open_escalation_count,
        permissions.can_see_escalations,
        icon_name="warning",
        order=112,
        name="escalations",
    )


@hooks.register("register_admin_menu_item")
def register_hot_topics_menu_item():
    return ShownToMenuItem(
        _("Hot topics"),
        "echowall_hot_topics:index",
        may_use_desk,
        icon_name="pick",
        order=120,
        name="hot-topics",
    )


# A BooleanField listed by name shows "True"/"False" whatever the language: 是/否, yes/no.
ACTIVE_COLUMN = Column(
    "is_active",
    label=_("active"),
    sort_key="is_active",
    accessor=lambda item: yesno(item.is_active),
)


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "short_name", "phone", ACTIVE_COLUMN]
    search_fields = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "default_department"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"


class DepartmentStaffViewSet(SnippetViewSet):
    model = DepartmentStaff
    icon = "user"
    list_display = ["user", "department"]


class WallSetupGroup(SnippetViewSetGroup):
    menu_label = _("Wall set-up")
    menu_icon = "cog"
    menu_order = 120
    items = (DepartmentViewSet, CategoryViewSet, DistrictViewSet, DepartmentStaffViewSet)


register_snippet(WallSetupGroup)


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds them
def drop_the_site_summary(request, items):
    """The dashboard's counts ("1 Page", "0 Images", "0 Documents", in English: Wagtail has no
    Chinese for them) tell moderators and departments nothing; editors have the menus."""
    items.clear()


# Wagtail writes the dashboard search box's placeholder in English (its zh_Hans catalogue lacks
# it): marked here so that our catalogue translates it.
gettext_noop("Search all pages…")


@hooks.register("insert_global_admin_css")
def staff_css():
    """The staff screens' own rules (the Issues list on a phone)."""
    return format_html('<link rel="stylesheet" href="{}">', static("staff/css/staff.css"))
