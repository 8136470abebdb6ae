"""The interface every issue search class offers (Elasticsearch or the database fallback)."""

from abc import ABC, abstractmethod

from feedback.workflow import PUBLIC_STATUSES

from .options import SORTS
from .results import page_size
from .text import clean_query


class BaseIssueSearch(ABC):
    """Chainable: ``IssueSearch().search("停车难").filter_by_district("chengdong").page(2)``.

    Filters take slugs (department, category, district), a status value or a year; unknown
    values simply match nothing, never raise.
    """

    backend = ""

    def __init__(self):
        self.query = ""
        self.truncated = False
        self.filters = {}
        self.sort_key = "relevance"

    # --- building ---------------------------------------------------------------------------

    def search(self, query):
        self.query, self.truncated = clean_query(query)
        return self

    def _filter(self, name, value):
        if value not in (None, ""):
            self.filters[name] = str(value)
        return self

    def filter_by_status(self, status):
        if status and status not in PUBLIC_STATUSES:
            status = "-none-"
        return self._filter("status", status)

    def filter_by_department(self, slug):
        return self._filter("department", slug)

    def filter_by_category(self, slug):
        return self._filter("category", slug)

    def filter_by_district(self, slug):
        return self._filter("district", slug)

    def filter_by_year(self, year):
        try:
            year = int(year) if year not in (None, "") else None
        except (TypeError, ValueError):
            year = -1
        return self._filter("year", year)

    def apply_filters(self, params):
        """Filters and sort from a request's GET parameters."""
        self.filter_by_status(params.get("status"))
        self.filter_by_department(params.get("department"))
        self.filter_by_category(params.get("category"))
        self.filter_by_district(params.get("district"))
        self.filter_by_year(params.get("year"))
        return self.sort(params.get("sort"))

    def sort(self, key):
        self.sort_key = key if key in SORTS else "relevance"
        return self

    # --- running ----------------------------------------------------------------------------

    @abstractmethod
    def page(self, number=1, size=None):
        """A `SearchPage`: hits with highlights, the total and facet counts."""

    def facets(self):
        return self.page(1, size=1).facets

    def count(self):
        return self.page(1, size=1).total

    @abstractmethod
    def ranked_ids(self, size=10):
        """Ids of the best `size` threads, best first (the relevance benchmark uses this)."""

    @abstractmethod
    def suggest(self, prefix, size=8):
        """Titles completing `prefix`, for suggestions as you type."""

    @abstractmethod
    def more_like_this(self, text, size=5):
        """Published threads similar to `text` (the submit form's title)."""

    @staticmethod
    def page_number(value):
        try:
            return max(1, min(int(value), 500))
        except (TypeError, ValueError):
            return 1

    @staticmethod
    def default_size(size):
        return max(1, min(int(size or page_size()), 100))
