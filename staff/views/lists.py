"""Lists of issues for staff, on Wagtail's generic index view: filters (django-filter), pages,
and the export of what is listed (CSV, XLSX). Moderators see every issue, department staff the
issues assigned to their department now (`feedback.queries.staff_issues`), in the list and in
its export alike."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.models import IndexView

from feedback import permissions, queries
from feedback.case_numbers import normalise_case_number
from feedback.models import Issue
from feedback.workflow import Status


class CheckedOnly(forms.CheckboxInput):
    """A checkbox that filters when ticked and is no filter at all otherwise (not "False")."""

    def value_from_datadict(self, data, files, name):
        return True if super().value_from_datadict(data, files, name) else None


class IssueFilterSet(WagtailFilterSet):
    case = django_filters.CharFilter(label=gettext_lazy("Case number"), method="filter_case")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Status.choices,
        empty_label=gettext_lazy("All statuses"),
        method="filter_status",
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Overdue only"), widget=CheckedOnly, method="filter_overdue"
    )

    class Meta:
        model = Issue
        fields = []

    def filter_case(self, queryset, name, value):
        # A caller reads the number out: spaces, full-width digits and the like make no difference.
        number = normalise_case_number(value.strip()) if value.strip() else ""
        return queryset.filter(case_number=number) if number else queryset

    def filter_status(self, queryset, name, value):
        # What the badges say: "reopened" includes issues sent back to their departments.
        return queryset.shown_as(value)

    def filter_overdue(self, queryset, name, value):
        return queries.overdue(queryset) if value else queryset


def desk_url(issue):
    return reverse("echowall_admin:issue", args=[issue.pk])


def status_text(issue):
    parts = [str(issue.shown_status.label)]
    if issue.hidden_at:
        parts.append(_("hidden"))
    if issue.is_overdue():
        parts.append(_("Overdue"))
    if issue.is_escalated:
        parts.append(_("Escalated for supervision"))
    return " · ".join(parts)


def department_names(issue):
    return "、".join(assignment.department.name for assignment in issue.active_assignments)


def local_day(moment):
    return f"{timezone.localdate(moment):%Y-%m-%d}" if moment else ""


# (column, export heading, value): the list and its export show the same things.
FIELDS = [
    ("pk", "#", lambda issue: issue.pk),
    ("case_number", gettext_lazy("Case number"), lambda issue: issue.case_number or "—"),
    ("title", gettext_lazy("Title"), lambda issue: issue.title),
    ("status", gettext_lazy("Status"), status_text),
    ("departments", gettext_lazy("Departments"), department_names),
    (
        "due_date",
        gettext_lazy("Due date"),
        lambda issue: f"{issue.due_date:%Y-%m-%d}" if issue.due_date else "",
    ),
    ("created_at", gettext_lazy("Received"), lambda issue: local_day(issue.created_at)),
]
VALUES = {name: value for name, _heading, value in FIELDS}


class TranslatedTable(Table):
    """Wagtail's table with sort links titled from our catalogue (Wagtail's zh_Hans has none)."""

    ascending_title_text_format = gettext_lazy("Sort by %(label)s, ascending")
    descending_title_text_format = gettext_lazy("Sort by %(label)s, descending")


class IssueListView(IndexView):
    """Moderators: every issue; department staff: their department's issues."""

    model = Issue
    page_title = gettext_lazy("Issues")
    header_icon = "comment"
    index_url_name = "echowall_admin:issues"
    index_results_url_name = "echowall_admin:issues_results"
    filterset_class = IssueFilterSet
    table_class = TranslatedTable
    # Access is the staff scope below, not Django's model permissions.
    any_permission_required = None
    paginate_by = 50
    default_ordering = "-created_at"
    list_export = [name for name, _heading, _value in FIELDS]
    export_headings = {name: heading for name, heading, _value in FIELDS}
    export_filename = "issues"

    def dispatch(self, request, *args, **kwargs):
        self.scope = queries.staff_issues(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return self.scope.for_list()

    def get_page_subtitle(self):
        department = permissions.department_of(self.request.user)
        return department.name if department else ""

    @property
    def columns(self):
        columns = []
        for name, heading, value in FIELDS:
            if name == "title":
                columns.append(TitleColumn(name, label=heading, accessor=value, get_url=desk_url))
            else:
                sort_key = name if name in {"pk", "due_date", "created_at"} else None
                columns.append(
                    Column(
                        name,
                        label=heading,
                        accessor=value,
                        sort_key=sort_key,
                        classname=f"issue-{name.replace('_', '-')}",  # staff/css/staff.css
                    )
                )
        return columns

    def to_row_dict(self, item):
        return {name: VALUES[name](item) for name in self.list_export}
