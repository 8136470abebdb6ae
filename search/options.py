"""The sorts and facets of the search page: ONE definition of each, read by both backends
(`queries` on Elasticsearch, `fallback` on the database) and by the page (`views`, `results`).

A sort has its label, its Elasticsearch sort clauses and its database ordering; a facet its
label, its field in the index document and its field in the database (filtered and counted the
same way: the department of any round, the year published in the site's time zone, the status
as the badges show it, `feedback.workflow.shown_status`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Sort:
    name: str
    label: str
    engine: tuple  # Elasticsearch sort clauses
    database: tuple  # order_by() of the database search (its score annotation is "score")


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    engine_field: str  # a keyword field of IssueThreadDocument
    database_field: str  # a lookup on Issue (department: on Assignment; year: a date to extract)


SORTS = {
    sort.name: sort
    for sort in (
        Sort(
            "relevance",
            _("Relevance"),
            engine=("_score", {"published_at": "desc"}),
            database=("-score", "-published_at", "-pk"),
        ),
        Sort(
            "newest",
            _("Newest"),
            engine=({"published_at": "desc"}, {"_score": "desc"}),
            database=("-published_at", "-pk"),
        ),
        Sort(
            "support",
            _("Most “me too”"),
            engine=({"support_count": "desc"}, {"published_at": "desc"}),
            database=("-support_count", "-published_at", "-pk"),
        ),
    )
}
# Without a query every thread scores the same: "relevance" sorts as "newest".
SORT_WITHOUT_QUERY = "newest"

FACETS = {
    facet.name: facet
    for facet in (
        # What the badge says (a reopened issue handled again is "reopened", not "assigned").
        Facet("status", _("Status"), engine_field="status", database_field="shown_status"),
        Facet(
            "department",
            _("Department"),
            engine_field="departments",
            database_field="department__slug",
        ),
        Facet("category", _("Category"), engine_field="category", database_field="category__slug"),
        Facet("district", _("District"), engine_field="district", database_field="district__slug"),
        Facet("year", _("Year"), engine_field="year", database_field="published_at"),
    )
}


def sort_for(name, query):
    """The `Sort` to apply for `name` (a known sort name) with or without a query."""
    return SORTS[SORT_WITHOUT_QUERY if name == "relevance" and not query else name]


def sort_labels():
    return {name: sort.label for name, sort in SORTS.items()}
