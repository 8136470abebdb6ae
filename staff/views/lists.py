"""Lists of issues for staff: moderators see every issue, department staff their department's."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy

from feedback import permissions, queries
from feedback.case_numbers import normalise_case_number
from feedback.workflow import Status

from .base import StaffView


class IssueListView(StaffView):
    """Moderators: every issue; department staff: their department's issues."""

    template_name = "staff/issue_list.html"
    page_title = gettext_lazy("Issues")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        issues = self.scope.for_list().order_by("-created_at")
        if status in Status.values:
            issues = issues.shown_as(status)
        if self.request.GET.get("overdue"):
            issues = queries.overdue(issues)
        case_query = self.request.GET.get("case", "").strip()
        if case_query:
            issues = issues.filter(case_number=normalise_case_number(case_query))
        page = Paginator(issues, 50).get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            statuses=Status.choices,
            current_status=status,
            case_query=case_query,
            department=permissions.department_of(self.request.user),
        )
        return context
