"""The wall's filters and sort orders (django-filter), shared by the wall and its feeds."""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from feedback import queries
from feedback.models import Category, Department, District, Issue
from feedback.workflow import PUBLIC_STATUSES, Status

SORTS = {
    "newest": ("-published_at", "-pk"),
    "support": ("-support_count", "-published_at", "-pk"),
    "answered": (F("last_answered_at").desc(nulls_last=True), "-pk"),
}


class WallFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Status if s in PUBLIC_STATUSES],
        empty_label=_("All statuses"),
        method="filter_status",
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True),
        to_field_name="slug",
        field_name="assignments__department",
        empty_label=_("All departments"),
        method="filter_department",
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("All categories"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label=_("All districts"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("newest", _("Newest")),
            ("support", _("Most “me too”")),
            ("answered", _("Recently answered")),
        ],
    )

    class Meta:
        model = Issue
        fields = ["status", "department", "category", "district"]

    def filter_status(self, queryset, name, value):
        # What the badges say: "reopened" includes issues sent back to their departments.
        return queryset.shown_as(value)

    def filter_department(self, queryset, name, value):
        return queries.assigned_in_any_round(value, queryset)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))
