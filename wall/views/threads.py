"""The wall and its threads: the list, a thread page, "me too"."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import limits
from core.browser import browser_id, keyed_hash, remember_browser
from core.conf import setting
from core.throttled import too_many_requests
from feedback.models import Issue, SupportVote
from feedback.services import build_timeline, thread_prefetches
from polls.models import poll_prefetch

from ..filters import WallFilter
from .polls import poll_context


def wall(request):
    """Published threads, filterable and sortable, newest first."""
    data = request.GET.copy()
    data.setdefault("sort", "newest")
    wall_filter = WallFilter(
        data, queryset=Issue.objects.public().for_list().prefetch_related(poll_prefetch())
    )
    paginator = Paginator(wall_filter.qs, setting("WALL_PAGE_SIZE"))
    page = paginator.get_page(request.GET.get("page"))
    query_without_page = data.copy()
    query_without_page.pop("page", None)
    # The feeds take the wall's filters (not its page or its sort).
    feed_query = request.GET.copy()
    for name in ("page", "sort"):
        feed_query.pop(name, None)
    context = {
        "filter": wall_filter,
        "page": page,
        "query_without_page": query_without_page.urlencode(),
        "feed_query": feed_query.urlencode(),
    }
    return render(request, "wall/wall.html", context)


def _issue_with_thread(queryset, include_private=False, **lookup):
    return get_object_or_404(
        queryset.for_list().prefetch_related(poll_prefetch(), *thread_prefetches(include_private)),
        **lookup,
    )


def _thread_context(request, pk):
    issue = _issue_with_thread(Issue.objects.public(), pk=pk)
    identifier, _new = browser_id(request)
    # 并单: a vote on any report of the group counts for the main thread.
    already_supported = (
        SupportVote.objects.filter(browser_key=keyed_hash(identifier, "support"))
        .filter(Q(issue=issue) | Q(issue__merged_into=issue))
        .exists()
    )
    context = {
        "issue": issue,
        "timeline": build_timeline(issue),
        "already_supported": already_supported,
    }
    context.update(poll_context(issue, request))
    return context


def issue_detail(request, pk):
    """A public thread: the post, its timeline, the departments and the due date."""
    return render(request, "wall/issue_detail.html", _thread_context(request, pk))


@require_POST
def support(request, pk):
    """ "Me too": one per browser, no account, and a few per client network and issue a day."""
    issue = get_object_or_404(Issue.objects.public(), pk=pk)
    identifier, is_new = browser_id(request)
    wait = limits.support(request, issue)
    if wait is not None:
        return too_many_requests(
            request,
            "wall/issue_detail.html",
            _thread_context(request, pk),
            wait,
            _("Many “me too” came from your network for this issue already."),
        )
    if issue.add_support(keyed_hash(identifier, "support")):
        limits.count_support(request, issue)
        flash.success(request, _("Thank you: your “me too” was counted."))
    else:
        flash.info(request, _("You already said “me too” on this issue."))
    response = redirect(issue)
    if is_new:
        remember_browser(response, identifier)
    return response
