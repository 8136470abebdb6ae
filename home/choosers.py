"""The admin's thread chooser for typical cases: public threads only, in the list, in its search
and in the chosen view (a crafted id of a hidden or rejected thread answers 404). It shows what
the public sees (title, status, departments, date), never the staff-only case number."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from feedback.models import Department, Issue


class IssueFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Title or text contains"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )

    def filter(self, objects):
        words = self.cleaned_data.get("q")
        if words:
            objects = objects.filter(Q(title__icontains=words) | Q(body__icontains=words))
        department = self.cleaned_data.get("department")
        if department:
            objects = objects.assigned_in_any_round(department)
        return objects


def _departments(issue):
    return "、".join(a.department.name for a in issue.active_assignments)


class PublicIssues:
    filter_form_class = IssueFilterForm

    def get_object_list(self):
        return Issue.objects.public().for_list().order_by("-published_at", "-pk")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("departments", label=_("Departments"), accessor=_departments),
            DateColumn("published_at", label=_("Published")),
        ]


class IssueChooseView(PublicIssues, ChooseView):
    pass


class IssueChooseResultsView(PublicIssues, ChooseResultsView):
    pass


class IssueChosenView(ChosenView):
    def get_object(self, pk):
        return Issue.objects.public().get(pk=pk)


class IssueChooserViewSet(ChooserViewSet):
    model = Issue
    icon = "comment"
    choose_one_text = _("Choose a thread")
    choose_another_text = _("Choose another thread")
    choose_view_class = IssueChooseView
    choose_results_view_class = IssueChooseResultsView
    chosen_view_class = IssueChosenView


issue_chooser_viewset = IssueChooserViewSet("issue_chooser")
