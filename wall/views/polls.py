"""The satisfaction poll on the thread page (public votes) and on the tracking page (verdict).

`poll_context(issue, request, reporter=...)` gives the templates everything they show, in a
constant number of queries: the rounds with their counts come with `polls.models.poll_prefetch()`.
"""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

# client_address and address_key live in core.browser; other faces import them from here too.
from core.browser import address_key, browser_id, client_address, keyed_hash, remember_browser  # noqa: F401
from core.conf import setting
from core.throttled import too_many_requests, typed
from feedback.models import Issue
from polls.models import PollComment, PollVote

from ..poll_forms import PublicVoteForm, ReporterVerdictForm
from ..private import private_page


def browser_key(identifier):
    return keyed_hash(identifier, "poll-vote")


def captcha_required(request, now=None):
    """The captcha is asked once the address has voted in the last hour."""
    return PollVote.recent_from_address(address_key(request), now) >= 1


def _rounds(issue):
    rounds = getattr(issue, "poll_rounds", None)
    if rounds is None:
        rounds = list(issue.polls.with_results().order_by("-round"))
    return rounds


def poll_context(issue, request, reporter=False):
    """Context for `wall/polls/thread_block.html` and `wall/polls/reporter_block.html`."""
    rounds = _rounds(issue)
    now = timezone.now()
    current = rounds[0] if rounds and rounds[0].is_open(now) else None
    comments = {}
    for comment in (
        PollComment.objects.public().filter(vote__poll__issue=issue).select_related("vote")
    ):
        comments.setdefault(comment.vote.poll_id, []).append(comment)
    for poll in rounds:
        poll.public_comments = comments.get(poll.pk, [])
    context = {"poll_rounds": rounds, "current_poll": current}
    if current is None:
        return context
    if reporter:
        verdict = current.votes.reporter().select_related("comment").first()
        initial = {}
        if verdict:
            comment = getattr(verdict, "comment", None)
            initial = {
                "choice": verdict.choice,
                "comment": comment.submitted_body if comment else "",
            }
        context.update(reporter_verdict=verdict, verdict_form=ReporterVerdictForm(initial=initial))
    else:
        identifier, _new = browser_id(request)
        already = current.votes.public().filter(browser_key=browser_key(identifier)).exists()
        context.update(
            already_voted=already,
            vote_form=None
            if already
            else PublicVoteForm(captcha_required=captcha_required(request, now)),
        )
    return context


def public_vote(request, pk):
    """A reader's vote on the open round: one per browser, captcha after the first from an
    address within the hour, at most ECHOWALL["POLL_PUBLIC_VOTES_PER_HOUR"] an hour."""
    issue = get_object_or_404(Issue.objects.public(), pk=pk)
    poll = issue.polls.order_by("-round").first()
    if poll is None or not poll.is_open():
        flash.info(request, _("This satisfaction poll is closed."))
        return redirect(issue)
    identifier, is_new = browser_id(request)
    key = browser_key(identifier)
    if poll.votes.public().filter(browser_key=key).exists():
        flash.info(request, _("This browser has already voted in this poll."))
        return redirect(issue)
    needs_captcha = captcha_required(request)
    wait = PollVote.wait_for_address(address_key(request), setting("POLL_PUBLIC_VOTES_PER_HOUR"))
    if wait is not None:
        form = PublicVoteForm(
            initial=typed(request) if request.method == "POST" else None,
            captcha_required=needs_captcha,
        )
        response = too_many_requests(
            request,
            "wall/polls/vote_page.html",
            {"issue": issue, "poll": poll, "vote_form": form},
            wait,
            _("Many votes came from your network in the last hour."),
        )
        if is_new:
            remember_browser(response, identifier)
        return response
    if request.method == "POST":
        form = PublicVoteForm(request.POST, captcha_required=needs_captcha)
        if form.is_valid():
            try:
                poll.record_public_vote(
                    form.cleaned_data["choice"],
                    browser_key=key,
                    address_key=address_key(request),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                flash.error(request, " ".join(error.messages))
            else:
                flash.success(request, _("Thank you: your vote was counted."))
            response = redirect(issue)
            if is_new:
                remember_browser(response, identifier)
            return response
    else:
        form = PublicVoteForm(captcha_required=needs_captcha)
    response = render(
        request, "wall/polls/vote_page.html", {"issue": issue, "poll": poll, "vote_form": form}
    )
    if is_new:
        remember_browser(response, identifier)
    return response


@private_page
def reporter_verdict(request, code):
    """The reporter's verdict through the tracking link; "dissatisfied, still there" reopens."""
    issue = get_object_or_404(Issue, tracking_code=code)
    poll = issue.polls.order_by("-round").first()
    if poll is None or not poll.is_open():
        flash.info(request, _("This satisfaction poll is closed."))
        return redirect("wall:track", code=code)
    if request.method == "POST":
        form = ReporterVerdictForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                vote = poll.record_reporter_verdict(
                    data["choice"],
                    comment=data["comment"],
                    problem_persists=data["problem_persists"],
                )
            except ValidationError as error:
                flash.error(request, " ".join(error.messages))
            else:
                if vote.problem_persists:
                    flash.success(
                        request,
                        _("Your issue was sent back to the department. We will let you know."),
                    )
                else:
                    flash.success(request, _("Thank you: your verdict was recorded."))
            return redirect("wall:track", code=code)
    else:
        form = ReporterVerdictForm()
    return render(
        request,
        "wall/polls/verdict_page.html",
        {"issue": issue, "poll": poll, "verdict_form": form},
    )
