"""提级督办: the supervisors' list of escalated issues, those still open first, then the closed
escalations, each with its rounds of handling (department, assigned, resolved, why it was sent
back), its departments now, due date and days open, linking to the issue desk.

Supervisors and moderators only (`permissions.can_see_escalations`), checked on the server.
A constant number of queries whatever the number of issues and rounds (`for_escalation_list`).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from feedback import permissions
from feedback.models import Department, Issue

PAGE_SIZE = 50


class EscalationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Escalations"),
        required=False,
        choices=[
            ("", gettext_lazy("Open and closed")),
            ("open", gettext_lazy("Open only")),
            ("closed", gettext_lazy("Closed only")),
        ],
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=gettext_lazy("All departments"),
    )

    def filtered(self, issues):
        """The issues this filter keeps; a value that is not valid filters nothing."""
        if not self.is_valid():
            return issues
        state, department = self.cleaned_data["state"], self.cleaned_data["department"]
        if state == "open":
            issues = issues.escalated_now()
        elif state == "closed":
            issues = issues.filter(escalation_closed_at__isnull=False)
        if department is not None:
            issues = issues.assigned_in_any_round(department)
        return issues


class EscalationListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "staff/escalations.html"
    page_title = gettext_lazy("Escalated issues")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        # A plain 403 rather than Wagtail's redirect to the dashboard: the address is shared
        # among officials, and one without the role should see that it is refused, not moved.
        try:
            permissions.require_escalation_viewer(request.user)
        except PermissionDenied as refusal:
            return permission_denied(request, refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = EscalationFilterForm(self.request.GET or None)
        issues = form.filtered(Issue.objects.escalated()).for_escalation_list()
        page = Paginator(issues, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            page=page,
            rows=[self._row(issue, timezone.localdate()) for issue in page],
            query=self._query_without_page(),
        )
        return context

    def _row(self, issue, today):
        current = [a for a in issue.assignments.all() if a.is_active]
        return {
            "issue": issue,
            "rounds": issue.reopen_history(),
            "departments": [a.department for a in current],
            "days_open": issue.days_open(),
            "overdue": issue.is_overdue(today),
            "link": self._link(issue, current),
        }

    def _link(self, issue, current):
        """The issue desk for those who may open it (moderators, the department responsible
        now: `queries.staff_issues`); the public thread for a supervisor, when it is public."""
        user = self.request.user
        department = permissions.department_of(user)
        if permissions.is_moderator(user) or any(a.department == department for a in current):
            return reverse("echowall_admin:issue", args=[issue.pk])
        return issue.get_absolute_url() if issue.is_public else ""

    def _query_without_page(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()
