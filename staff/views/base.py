"""What every staff screen shares: the Wagtail admin frame and the account's scope of issues."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from feedback import permissions
from feedback.models import Issue


def staff_scope(user):
    """The issues this account may see in the admin, or PermissionDenied."""
    if permissions.is_moderator(user):
        return Issue.objects.all()
    department = permissions.department_of(user)
    if department is None:
        raise PermissionDenied
    return Issue.objects.assigned_to(department)


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.scope = staff_scope(request.user)
        return super().dispatch(request, *args, **kwargs)
