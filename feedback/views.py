"""Public pages of the wall. Thin: the rules live in models, services and forms."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from core import limits
from core.browser import browser_id, keyed_hash, remember_browser
from core.conf import setting
from core.throttled import too_many_requests, typed
from feedback import permissions
from polls.models import poll_prefetch

from .filters import WallFilter
from .forms import FollowUpForm, IssueSubmitForm, TrackLookupForm
from .models import Issue, Photo, SupportVote
from .poll_views import address_key, poll_context
from .services import add_follow_up, build_timeline, submit_issue, thread_prefetches
from .tracking import REFERRER_POLICY, find_reporter_issue, private_page
from .workflow import Status

SESSION_NEW_ISSUE = "echowall_new_issue_code"
LOOKUP_RATE_GROUP = "feedback.track_lookup"


def wall(request):
    """Published threads, filterable and sortable, newest first."""
    data = request.GET.copy()
    data.setdefault("sort", "newest")
    wall_filter = WallFilter(data, queryset=Issue.objects.public().for_list().prefetch_related(poll_prefetch()))
    paginator = Paginator(wall_filter.qs, setting("WALL_PAGE_SIZE"))
    page = paginator.get_page(request.GET.get("page"))
    query_without_page = data.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "feedback/wall.html",
        {"filter": wall_filter, "page": page, "query_without_page": query_without_page.urlencode()},
    )


def _issue_with_thread(queryset, include_private=False, **lookup):
    return get_object_or_404(
        queryset.for_list().prefetch_related(poll_prefetch(), *thread_prefetches(include_private)), **lookup
    )


def _thread_context(request, pk):
    issue = _issue_with_thread(Issue.objects.public(), pk=pk)
    identifier, _new = browser_id(request)
    already_supported = SupportVote.objects.filter(
        issue=issue, browser_key=keyed_hash(identifier, "support")
    ).exists()
    context = {
        "issue": issue, "timeline": build_timeline(issue), "already_supported": already_supported,
    }
    context.update(poll_context(issue, request))
    return context


def issue_detail(request, pk):
    """A public thread: the post, its timeline, the departments and the due date."""
    return render(request, "feedback/issue_detail.html", _thread_context(request, pk))


@require_POST
def support(request, pk):
    """ "Me too": one per browser, no account, and a few per client network and issue a day."""
    issue = get_object_or_404(Issue.objects.public(), pk=pk)
    identifier, is_new = browser_id(request)
    wait = limits.support(request, issue)
    if wait is not None:
        return too_many_requests(
            request, "feedback/issue_detail.html", _thread_context(request, pk), wait,
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


def submit(request):
    """The submit form; errors keep everything typed (except files, which browsers never resend)."""
    if request.method == "POST":
        wait = limits.new_post(request)
        if wait is not None:
            return too_many_requests(
                request, "feedback/submit.html", {"form": IssueSubmitForm(initial=typed(request))},
                wait, _("Many posts came from your network in a short time."),
            )
        form = IssueSubmitForm(request.POST, request.FILES)
        if form.is_valid():
            issue = submit_issue(form.cleaned_data)
            request.session[SESSION_NEW_ISSUE] = issue.tracking_code
            return redirect("feedback:thanks")
        if request.FILES:
            flash.warning(request, _("For your safety, browsers do not keep chosen photos: please choose them again."))
    else:
        form = IssueSubmitForm()
    return render(request, "feedback/submit.html", {"form": form})


def thanks(request):
    code = request.session.get(SESSION_NEW_ISSUE)
    if not code:
        return redirect("feedback:submit")
    issue = get_object_or_404(Issue, tracking_code=code)
    tracking_url = request.build_absolute_uri(issue.get_tracking_url())
    return render(request, "feedback/thanks.html", {"issue": issue, "tracking_url": tracking_url})


@private_page
def track(request, code):
    """The reporter's private view of their thread in every state, with a follow-up form."""
    issue = _issue_with_thread(Issue.objects.all(), include_private=True, tracking_code=code)
    form = FollowUpForm()
    can_follow_up = issue.status != Status.REJECTED
    wait = None
    if request.method == "POST" and can_follow_up:
        wait = limits.follow_up(request, issue)
        if wait is not None:
            form = FollowUpForm(initial=typed(request))
        else:
            form = FollowUpForm(request.POST, request.FILES)
            if form.is_valid():
                add_follow_up(issue, form.cleaned_data)
                flash.success(request, _("Your follow-up was received; it appears in public once a moderator has checked it."))
                return redirect("feedback:track", code=code)
    context = {"issue": issue, "timeline": build_timeline(issue), "form": form,
               "can_follow_up": can_follow_up}
    context.update(poll_context(issue, request, reporter=True))
    context["tracking_url"] = request.build_absolute_uri(issue.get_tracking_url())
    if wait is not None:
        return too_many_requests(
            request, "feedback/track.html", context, wait,
            _("Many follow-ups were sent in a short time."),
        )
    return render(request, "feedback/track.html", context)


def _too_many_lookups(request, count_this_failure=False):
    """An address gets ECHOWALL["TRACKING_LOOKUP_FAILURES_PER_HOUR"] wrong pairs answered an
    hour; the next wrong pair and every attempt after it wait. Right pairs never count, so that
    the reporters behind one shared address are not locked out by one person's typos."""
    return is_ratelimited(
        request, group=LOOKUP_RATE_GROUP, key=lambda _group, request: address_key(request),
        rate=f"{setting('TRACKING_LOOKUP_FAILURES_PER_HOUR')}/h",
        increment=count_this_failure,
    )


@private_page
def track_lookup(request):
    """A reporter who lost the link: case number plus phone or e-mail opens the tracking page."""
    form = TrackLookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _too_many_lookups(request):
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            issue = find_reporter_issue(data["case_number"], data["contact"])
            if issue is not None:
                return redirect(issue.get_tracking_url())
            if _too_many_lookups(request, count_this_failure=True):
                status = 429
            else:
                form.add_error(None, _(
                    "No issue matches this case number together with this phone number or "
                    "e-mail. Check both and try again."
                ))
    return render(
        request, "feedback/track_lookup.html", {"form": form, "rate_limited": status == 429},
        status=status,
    )


def photo(request, issue_pk, photo_pk):
    """A photo of a public thread (or for staff who may see the thread)."""
    photo = get_object_or_404(
        Photo.objects.select_related("issue"), pk=photo_pk, issue_id=issue_pk, removed_at__isnull=True
    )
    if not (photo.issue.is_public or permissions.can_view_contact(request.user, photo.issue)):
        raise Http404
    return _photo_response(photo)


def tracked_photo(request, code, photo_pk):
    photo = get_object_or_404(
        Photo, pk=photo_pk, issue__tracking_code=code, removed_at__isnull=True
    )
    response = _photo_response(photo)
    response["Referrer-Policy"] = REFERRER_POLICY
    return response


def _photo_response(photo):
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
