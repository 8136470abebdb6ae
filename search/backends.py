"""Which search backend answers: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the
database. Views call these functions and never know which one ran."""

from django.conf import settings

from .fallback import DatabaseIssueSearch, DatabasePageSearch
from .queries import IssueSearch, PageSearch


def active_backend():
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


def issue_search(backend=None):
    if (backend or active_backend()) == "elasticsearch":
        return IssueSearch()
    return DatabaseIssueSearch()


def page_search(backend=None):
    if (backend or active_backend()) == "elasticsearch":
        return PageSearch()
    return DatabasePageSearch()


def fallback_issue_search():
    return DatabaseIssueSearch()


def fallback_page_search():
    return DatabasePageSearch()
