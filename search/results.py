"""The shapes both search backends return, so that views and templates do not care which one ran."""

import math
from dataclasses import dataclass, field

from django.conf import settings

from feedback.models import Category, Department, District
from feedback.workflow import Status

from .options import FACETS

PAGE_SIZE = 20


@dataclass
class Hit:
    """One result row: the issue (loaded from the database) and its highlighted text (safe HTML)."""

    issue: object
    title_html: str
    snippet_html: str


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class SearchPage:
    """A page of results with the facet counts for the whole result set."""

    hits: list
    total: int
    number: int
    size: int
    facets: dict = field(default_factory=dict)
    backend: str = ""
    notice: str = ""

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def end_index(self):
        return min(self.number * self.size, self.total)


def facet_labels():
    """Labels of every facet value, one query per model (a constant number per page)."""

    return {
        "status": {s.value: str(s.label) for s in Status},
        "department": dict(Department.objects.values_list("slug", "name")),
        "category": dict(Category.objects.values_list("slug", "name")),
        "district": dict(District.objects.values_list("slug", "name")),
        "year": {},
    }


def build_facets(counts, selected):
    """`counts`: {facet: {value: count}} -> {facet: [FacetValue]} with labels, largest first."""
    labels = facet_labels()
    facets = {}
    for name in FACETS:
        values = [
            FacetValue(
                value=str(value),
                label=labels[name].get(str(value), str(value)),
                count=count,
                selected=str(selected.get(name, "")) == str(value),
            )
            for value, count in counts.get(name, {}).items()
            if value not in (None, "") and count
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        facets[name] = values
    return facets


def page_size():
    return getattr(settings, "SEARCH_PAGE_SIZE", PAGE_SIZE)
