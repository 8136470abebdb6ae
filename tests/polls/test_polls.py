"""Satisfaction polls: the reporter's verdict, public votes, captcha and rate limit, closing."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Assignment, Issue
from feedback.workflow import Status
from polls.models import Poll, PollComment, PollVote

CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}


@pytest.fixture(autouse=True)
def in_english(settings):
    """Interface text is asserted in English, as after the language switch, for every browser."""
    with translation.override("en", deactivate=True):
        settings.LANGUAGE_CODE = "en"
        yield


@pytest.fixture
def resolved(issue_in):
    return issue_in(Status.RESOLVED)


def vote_url(issue):
    return reverse("wall:poll_vote", args=[issue.pk])


def verdict_url(issue):
    return reverse("wall:poll_verdict", args=[issue.tracking_code])


def public_vote(issue, choice="satisfied", client=None, address="10.1.1.1", **extra):
    client = client or Client()
    return client.post(vote_url(issue), {"choice": choice, **extra}, REMOTE_ADDR=address)


def test_resolving_an_issue_opens_a_poll_for_the_configured_days(resolved, settings):
    poll = Poll.objects.get(issue=resolved)
    assert poll.round == 1
    assert poll.closes_at - poll.opened_at == timedelta(days=settings.ECHOWALL["POLL_OPEN_DAYS"])
    assert poll.is_open()


def test_poll_length_follows_the_setting(issue_in, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "POLL_OPEN_DAYS": 7}
    poll = Poll.objects.get(issue=issue_in(Status.RESOLVED))
    assert poll.closes_at - poll.opened_at == timedelta(days=7)


def test_issues_not_yet_resolved_have_no_poll(issue_in, client):
    issue = issue_in(Status.ANSWERED)
    assert not Poll.objects.filter(issue=issue).exists()
    assert public_vote(issue).status_code == 302
    assert not PollVote.objects.exists()


# --- the reporter's verdict ---------------------------------------------------------------


def test_the_reporter_has_one_verdict_per_issue_and_may_change_it(resolved, client):
    client.post(verdict_url(resolved), {"choice": "basically_satisfied"})
    client.post(verdict_url(resolved), {"choice": "satisfied", "comment": "修得很快，谢谢。"})

    verdicts = PollVote.objects.reporter().filter(poll__issue=resolved)
    assert verdicts.count() == 1
    assert verdicts.get().choice == "satisfied"
    page = client.get(reverse("wall:track", args=[resolved.tracking_code]))
    assert "Change my verdict" in page.content.decode()


def test_a_second_reporter_verdict_cannot_be_stored_even_bypassing_the_form(resolved):
    poll = Poll.objects.get(issue=resolved)
    poll.record_reporter_verdict("satisfied")
    poll.record_reporter_verdict("dissatisfied", problem_persists=False)
    assert PollVote.objects.reporter().filter(poll=poll).count() == 1


def test_a_dissatisfied_reporter_whose_problem_is_still_there_reopens_the_issue(resolved, client):
    response = client.post(
        verdict_url(resolved),
        {"choice": "dissatisfied", "problem_persists": "yes", "comment": "路灯还是不亮。"},
    )
    assert response.status_code == 302

    issue = Issue.objects.get(pk=resolved.pk)
    assert issue.reopen_count == 1
    assert issue.status == Status.ASSIGNED  # sent back to the same department
    first_round, second_round = Assignment.objects.filter(issue=issue).order_by("round")
    assert first_round.reopened is True  # counted against the department
    assert second_round.round == 2 and second_round.is_active
    assert first_round.department_id == second_round.department_id
    poll = Poll.objects.get(issue=issue)
    assert not poll.is_open()  # the round is frozen with the reporter's verdict in it
    assert poll.votes.get().problem_persists is True
    assert issue.events.filter(action="reopened", data__by_reporter=True).exists()


def test_a_dissatisfied_reporter_whose_problem_is_gone_does_not_reopen(resolved, client):
    client.post(verdict_url(resolved), {"choice": "dissatisfied", "problem_persists": "no"})
    issue = Issue.objects.get(pk=resolved.pk)
    assert issue.status == Status.RESOLVED
    assert PollVote.objects.reporter().get().choice == "dissatisfied"


def test_a_dissatisfied_reporter_must_say_whether_the_problem_is_still_there(resolved, client):
    response = client.post(verdict_url(resolved), {"choice": "dissatisfied"})
    assert response.status_code == 200
    assert "Tell us whether the problem is still there." in response.content.decode()
    assert not PollVote.objects.exists()


# --- public votes -------------------------------------------------------------------------


def test_a_browser_votes_once_per_poll(resolved):
    browser = Client()
    public_vote(resolved, "satisfied", client=browser)
    response = public_vote(resolved, "dissatisfied", client=browser, **CAPTCHA)
    assert response.status_code == 302
    votes = PollVote.objects.public().filter(poll__issue=resolved)
    assert [vote.choice for vote in votes] == ["satisfied"]
    page = browser.get(resolved.get_absolute_url()).content.decode()
    assert "this browser has voted in this poll" in page


def test_public_votes_keep_only_keyed_hashes(resolved):
    public_vote(resolved, client=Client(), address="203.0.113.7")
    vote = PollVote.objects.public().get()
    assert "203.0.113.7" not in vote.address_key
    assert len(vote.address_key) == 64 and len(vote.browser_key) == 64


def test_the_second_vote_from_an_address_within_an_hour_needs_the_captcha(resolved, issue_in):
    other = issue_in(Status.RESOLVED)
    assert public_vote(resolved, client=Client(), address="10.9.9.9").status_code == 302

    refused = public_vote(other, client=Client(), address="10.9.9.9")
    assert refused.status_code == 200 and "captcha" in refused.context["vote_form"].errors
    assert PollVote.objects.count() == 1

    accepted = public_vote(other, client=Client(), address="10.9.9.9", **CAPTCHA)
    assert accepted.status_code == 302
    assert PollVote.objects.count() == 2
    # Another network still votes without a captcha.
    assert public_vote(other, client=Client(), address="10.8.8.8").status_code == 302


def test_the_captcha_is_not_asked_again_after_an_hour(resolved, issue_in):
    other = issue_in(Status.RESOLVED)
    public_vote(resolved, client=Client(), address="10.9.9.9")
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert public_vote(other, client=Client(), address="10.9.9.9").status_code == 302
    assert PollVote.objects.count() == 2


def test_votes_beyond_the_hourly_limit_are_refused(resolved, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "POLL_PUBLIC_VOTES_PER_HOUR": 3}
    for _ in range(3):
        assert (
            public_vote(resolved, client=Client(), address="10.7.7.7", **CAPTCHA).status_code == 302
        )
    refused = public_vote(resolved, client=Client(), address="10.7.7.7", **CAPTCHA)
    assert refused.status_code == 429
    assert PollVote.objects.count() == 3
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert (
            public_vote(resolved, client=Client(), address="10.7.7.7", **CAPTCHA).status_code == 302
        )
    assert PollVote.objects.count() == 4


def test_thread_page_shows_the_reporter_and_the_public_separately(resolved, client):
    Poll.objects.get(issue=resolved).record_reporter_verdict("dissatisfied")
    public_vote(resolved, "satisfied", client=Client(), address="10.0.0.1")
    public_vote(resolved, "satisfied", client=Client(), address="10.0.0.2")
    public_vote(resolved, "basically_satisfied", client=Client(), address="10.0.0.3")
    public_vote(resolved, "dissatisfied", client=Client(), address="10.0.0.4")

    page = client.get(resolved.get_absolute_url()).content.decode()
    assert "The reporter's verdict:" in page
    assert "verdict-dissatisfied" in page
    assert "4 public votes" in page
    # The bar is drawn in vote counts: 2 satisfied, 1 basically, 1 dissatisfied out of 4.
    assert 'viewBox="0 0 4 1"' in page
    assert '<rect class="satisfied" x="0" width="2"' in page
    assert '<rect class="dissatisfied" x="3" width="1"' in page


# --- comments -----------------------------------------------------------------------------


def test_a_comment_is_public_only_once_a_moderator_approves_it(resolved, moderator, client):
    public_vote(
        resolved, "basically_satisfied", client=Client(), comment="处理及时，电话13812345678"
    )
    comment = PollComment.objects.awaiting_moderation().get()
    assert "13812345678" not in client.get(resolved.get_absolute_url()).content.decode()

    comment.approve(moderator, "处理及时，电话138****5678")
    page = client.get(resolved.get_absolute_url()).content.decode()
    assert "处理及时，电话138****5678" in page and "13812345678" not in page
    assert not PollComment.objects.awaiting_moderation().exists()


def test_a_rejected_comment_never_appears(resolved, moderator, client):
    public_vote(resolved, comment="广告：低价装修", client=Client())
    PollComment.objects.awaiting_moderation().get().reject(moderator)
    assert "低价装修" not in client.get(resolved.get_absolute_url()).content.decode()


def test_only_moderators_approve_comments(resolved, staff_a):
    public_vote(resolved, comment="很好", client=Client())
    with pytest.raises(PermissionDenied):
        PollComment.objects.get().approve(staff_a, "很好")


# --- closing ------------------------------------------------------------------------------


def test_a_poll_past_its_time_refuses_votes_before_the_command_runs(resolved, client):
    poll = Poll.objects.get(issue=resolved)
    with time_machine.travel(poll.closes_at + timedelta(seconds=1)):
        public_vote(resolved, client=Client())
        client.post(verdict_url(resolved), {"choice": "satisfied"})
    assert not PollVote.objects.exists()


def test_closing_due_polls_freezes_them_and_closes_the_issue(resolved, issue_in):
    still_open = issue_in(Status.RESOLVED)
    poll = Poll.objects.get(issue=resolved)
    public_vote(resolved, "satisfied", client=Client())
    Poll.objects.filter(issue=still_open).update(closes_at=poll.closes_at + timedelta(days=2))

    with time_machine.travel(poll.closes_at + timedelta(hours=3)):
        output = io.StringIO()
        call_command("close_due_polls", stdout=output)
        assert output.getvalue().strip() == "Closed 1 poll(s)."
        assert not Poll.objects.get(issue=still_open).closed_at

    poll.refresh_from_db()
    assert poll.closed_at == poll.closes_at
    assert Issue.objects.get(pk=resolved.pk).status == Status.CLOSED
    assert Issue.objects.get(pk=still_open.pk).status == Status.RESOLVED
    assert Poll.objects.with_results().get(pk=poll.pk).public_total == 1


def test_reopening_and_resolving_again_opens_a_new_round_and_keeps_the_old_one(
    resolved, moderator, staff_a, department_a, client
):
    public_vote(resolved, "dissatisfied", client=Client(), address="10.0.0.1")
    resolved.reopen(moderator, "仍未修好")
    resolved.refresh_from_db()
    resolved.post_reply(staff_a, department_a, "已再次维修。")
    resolved.resolve(staff_a, department_a, "已修复。")
    public_vote(resolved, "satisfied", client=Client(), address="10.0.0.2")

    first, second = Poll.objects.filter(issue=resolved).order_by("round")
    assert (first.round, second.round) == (1, 2)
    assert not first.is_open() and second.is_open()
    assert first.votes.get().choice == "dissatisfied"
    assert second.votes.get().choice == "satisfied"
    page = client.get(resolved.get_absolute_url()).content.decode()
    assert "Round 1" in page and "Round 2" in page


def test_the_wall_shows_a_satisfaction_badge_on_resolved_threads(resolved, issue_in, client):
    issue_in(Status.ANSWERED, title="另一条没有解决的")
    public_vote(resolved, "satisfied", client=Client(), address="10.0.0.1")
    page = client.get(reverse("wall:wall")).content.decode()
    assert page.count("poll-badge") == 1
    assert "100% satisfied (1 vote)" in page


def test_the_thread_page_runs_a_constant_number_of_queries_whatever_the_votes(
    resolved, moderator, client
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(resolved.get_absolute_url()).status_code == 200
        return len(captured)

    public_vote(resolved, client=Client(), address="10.0.0.1", comment="好")
    few = queries()
    for n in range(2, 12):
        public_vote(resolved, client=Client(), address=f"10.0.0.{n}", comment=f"评论{n}")
    for comment in PollComment.objects.awaiting_moderation():
        comment.approve(moderator, comment.submitted_body)
    assert queries() == few
