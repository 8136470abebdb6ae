"""The search page, suggestions as you type and similar threads on the submit form.

Views only call the search classes (`search.backends`); when the engine does not answer they
fall back to the database and say so, never an error page.
"""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .backends import fallback_issue_search, fallback_page_search, issue_search, page_search
from .index import ENGINE_ERRORS
from .options import FACETS, sort_labels
from .text import clean_query

logger = logging.getLogger(__name__)

EXAMPLES = ["停车难", "楼上半夜噪音", "路灯不亮", "小区电梯", "供暖"]


@require_GET
def search(request):
    """Results with highlights, facets and sorts; typical cases and bulletins as their own group."""
    query, truncated = clean_query(request.GET.get("q"))
    filtered = any(request.GET.get(name) for name in FACETS)
    context = {
        "query": query,
        "truncated": truncated,
        "examples": EXAMPLES,
        "sorts": sort_labels(),
        "facet_names": {name: facet.label for name, facet in FACETS.items()},
        "current_sort": request.GET.get("sort") or "relevance",
    }
    if not query and not filtered:
        return render(request, "search/search.html", context)
    number = request.GET.get("page")
    try:
        searcher = issue_search().search(query).apply_filters(request.GET)
        results = searcher.page(searcher.page_number(number))
        pages = page_search().results(query) if query else []
    except ENGINE_ERRORS as error:
        logger.warning("Search engine unavailable, using the database: %s", error)
        searcher = fallback_issue_search().search(query).apply_filters(request.GET)
        results = searcher.page(searcher.page_number(number))
        results.notice = _(
            "The search engine is not answering right now: these results come from a simpler "
            "database search."
        )
        pages = fallback_page_search().results(query) if query else []
    for name, values in results.facets.items():
        for value in values:
            value.url = _link(request, **{name: None if value.selected else value.value})
    context.update(
        {
            "results": results,
            "pages": pages,
            "current_sort": searcher.sort_key,
            "facets": [
                (name, facet.label, results.facets.get(name, [])) for name, facet in FACETS.items()
            ],
            "active_filters": searcher.filters,
        }
    )
    return render(request, "search/search.html", context)


def _link(request, **changes):
    """This page's query string with `changes` applied (None removes) and the page reset."""
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return "?" + params.urlencode()


def _json(request, param, method, key):
    value = (request.GET.get(param) or "").strip()[:200]
    try:
        items = getattr(issue_search(), method)(value)
    except ENGINE_ERRORS as error:
        logger.warning("Search engine unavailable for %s: %s", method, error)
        items = getattr(fallback_issue_search(), method)(value)
    return JsonResponse({key: items})


@require_GET
@cache_control(max_age=60, public=True)
def suggest(request):
    """Titles that complete what has been typed so far: ``{"suggestions": [{id,title,url,status}]}``."""
    return _json(request, "q", "suggest", "suggestions")


@require_GET
@cache_control(max_age=60, public=True)
def similar(request):
    """Existing threads like the title being typed: ``{"similar": [{id,title,url,status}]}``."""
    return _json(request, "title", "more_like_this", "similar")
