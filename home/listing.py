"""The typical-case index's filters (django-filter): kind, department and year; and its pages."""

import django_filters
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from feedback.models import Department

from .kinds import CaseKind

CASES_PER_PAGE = 12


class CaseFilter(django_filters.FilterSet):
    """Filters a queryset of live cases; the years offered are those of the cases given."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CaseKind.choices, empty_label=_("All kinds")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        to_field_name="slug",
        field_name="departments",
        empty_label=_("All departments"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="case_date__year", empty_label=_("All years")
    )

    def __init__(self, data, queryset):
        super().__init__(data, queryset=queryset)
        years = queryset.dates("case_date", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]


def filtered_cases(cases, request):
    """The filter, the requested page of the filtered cases, and the query without the page."""
    case_filter = CaseFilter(request.GET, cases)
    page = Paginator(case_filter.qs, CASES_PER_PAGE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "filter": case_filter,
        "page": page,
        "query_without_page": query_without_page.urlencode(),
    }
