"""The reporter's private tracking page (follow-ups, the TV programme's consent) and the look-up
that gives a lost link back."""

from django.contrib import messages as flash
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from core import limits
from core.browser import address_key
from core.conf import setting
from core.throttled import too_many_requests, typed
from feedback.models import Issue
from feedback.services import (
    add_follow_up,
    build_timeline,
    set_tv_contact_consent,
    thread_prefetches,
)
from feedback.tracking import find_reporter_issue
from feedback.workflow import Status

from ..forms import FollowUpForm, TrackLookupForm
from ..private import private_page
from .polls import poll_context
from .threads import _issue_with_thread

LOOKUP_RATE_GROUP = "feedback.track_lookup"


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
                flash.success(
                    request,
                    _(
                        "Your follow-up was received; it appears in public once a moderator has checked it."
                    ),
                )
                return redirect("wall:track", code=code)
    context = {
        "issue": issue,
        "timeline": build_timeline(issue),
        "form": form,
        "can_follow_up": can_follow_up,
    }
    context.update(poll_context(issue, request, reporter=True))
    context.update(_main_thread_context(issue))
    context["tracking_url"] = request.build_absolute_uri(issue.get_tracking_url())
    if wait is not None:
        return too_many_requests(
            request,
            "wall/track.html",
            context,
            wait,
            _("Many follow-ups were sent in a short time."),
        )
    return render(request, "wall/track.html", context)


@private_page
def tv_consent(request, code):
    """POST `consent=yes|no`: the reporter gives or withdraws the TV programme's consent (CSRF
    checked by the middleware); anything else goes back to the tracking page."""
    issue = get_object_or_404(Issue, tracking_code=code)
    if request.method == "POST" and request.POST.get("consent") in ("yes", "no"):
        consent = request.POST["consent"] == "yes"
        set_tv_contact_consent(issue, consent)
        flash.success(
            request,
            _("The TV programme may contact you if your issue is featured.")
            if consent
            else _("Consent withdrawn: the TV programme's staff can no longer see your contact."),
        )
    return redirect("wall:track", code=code)


def _main_thread_context(issue):
    """并单: a merged report's reporter follows the main thread from their own link: its public
    page, status, departments, due date and timeline, as the public see them now. `main` is None
    while that thread is not public (hidden by a moderator); nothing when the report is not
    merged (an unmerged report is back to its own status)."""
    if issue.status != Status.MERGED or issue.merged_into_id is None:
        return {}
    main = (
        Issue.objects.public()
        .for_list()
        .prefetch_related(*thread_prefetches())
        .filter(pk=issue.merged_into_id)
        .first()
    )
    return {
        "merged_into_number": issue.merged_into_id,
        "main": main,
        "main_timeline": build_timeline(main) if main else [],
    }


def _too_many_lookups(request, count_this_failure=False):
    """An address gets ECHOWALL["TRACKING_LOOKUP_FAILURES_PER_HOUR"] wrong pairs answered an
    hour; the next wrong pair and every attempt after it wait. Right pairs never count, so that
    the reporters behind one shared address are not locked out by one person's typos."""
    return is_ratelimited(
        request,
        group=LOOKUP_RATE_GROUP,
        key=lambda _group, request: address_key(request),
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
                form.add_error(
                    None,
                    _(
                        "No issue matches this case number together with this phone number or "
                        "e-mail. Check both and try again."
                    ),
                )
    return render(
        request,
        "wall/track_lookup.html",
        {"form": form, "rate_limited": status == 429},
        status=status,
    )
