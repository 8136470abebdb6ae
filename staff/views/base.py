"""What every staff screen shares: the Wagtail admin frame and the account's scope of issues."""

from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from feedback import queries


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.scope = queries.staff_issues(request.user)
        return super().dispatch(request, *args, **kwargs)
