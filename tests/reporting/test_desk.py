"""The TV desk (行风视线): a week's selection follows its rules on rows stamped before the week's
end, each thread once with all its reasons, exclusions skipped, pins added; a past week is frozen
the first time it is built and later data never changes it; editors' decisions re-freeze it with
history; the follow-up shows then → now; malformed and future weeks are refused."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from feedback.models import Issue, IssueEvent, SupportVote
from feedback.workflow import Status
from reporting.desk import BAD_WEEK, build_week, decide, parse_week, revoke
from reporting.desk_access import MEDIA_STAFF_GROUP
from reporting.models import DeskDecision, DeskWeek

WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026


def at(day, hour=12):
    return timezone.make_aware(datetime(2026, 11, day, hour))


def vote(issue, key, when):
    SupportVote.objects.create(issue=issue, browser_key=key, created_at=when)


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get_or_create(name=MEDIA_STAFF_GROUP)[0])
    return user


@pytest.fixture
def public(issue_in):
    def make(title):
        issue = issue_in(Status.PUBLISHED, title=title)
        Issue.objects.filter(pk=issue.pk).update(published_at=at(10))
        return Issue.objects.get(pk=issue.pk)

    return make


@pytest.mark.parametrize("text", ["2026-48", "2026-W00", "2025-W53", "W48", "", "2026-W99"])
def test_malformed_or_nonexistent_week_is_refused_with_a_clear_message(text):
    with pytest.raises(ValueError, match="Week must look like 2026-W48"):
        parse_week(text)


def test_future_week_is_refused_and_the_current_one_is_in_progress(db):
    today = timezone.localdate()
    year, week, _ = (today + timedelta(days=7)).isocalendar()
    with pytest.raises(ValueError) as refused:
        parse_week(f"{year}-W{week:02d}")
    assert str(refused.value) == BAD_WEEK
    year, week, _ = today.isocalendar()
    current = build_week(f"{year}-W{week:02d}")
    assert current.in_progress and not DeskWeek.objects.filter(frozen_at__isnull=False).exists()


def test_most_support_counts_votes_cast_in_the_week_and_merge_groups_once(public):
    a, b, c, d = (public(f"问题{n}") for n in "ABCD")
    for n in range(3):
        vote(a, f"a{n}", at(17))
    for n in range(5):
        vote(b, f"b{n}", at(12))  # before the week: not counted in it
    vote(b, "b-in", at(18))
    vote(c, "c1", at(18))
    vote(c, "c2", at(19))
    vote(d, "late", at(24))  # after the week's end
    report = public("重复的问题C")
    Issue.objects.filter(pk=report.pk).update(merged_into=c, status=Status.MERGED, merged_at=at(15))
    vote(report, "c1", at(20))  # the same browser on the merged report: counted once
    vote(report, "c3", at(20))
    threads = build_week(WEEK).threads
    most = [t.id for t in threads if "most_support" in t.reason_codes]
    assert most == [a.pk, c.pk, b.pk]  # a 3, c 3 (c1 once), b 1; a–c tie on total too: id
    assert d.pk not in [t.id for t in threads]


def test_a_thread_is_listed_once_with_every_reason_and_exclusions_let_the_next_move_up(
    public, editor, moderator
):
    a, b, c, d = (public(f"问题{n}") for n in "ABCD")
    for issue, votes in ((a, 4), (b, 3), (c, 2), (d, 1)):
        for n in range(votes):
            vote(issue, f"{issue.pk}-{n}", at(18))
    Issue.objects.filter(pk=a.pk).update(escalated_at=at(19))
    week = parse_week(WEEK)
    decide(week, DeskDecision.Kind.EXCLUDE, editor, issue=b)
    selection = build_week(WEEK)
    ids = [t.id for t in selection.threads]
    assert ids == [a.pk, c.pk, d.pk]
    assert selection.threads[0].reason_codes == ["most_support", "escalated"]
    assert [r["code"] for r in selection.threads[0].reasons] == ["most_support", "escalated"]


def test_a_pin_adds_the_thread_and_a_revoked_pin_removes_it(public, editor):
    quiet = public("没人附议的问题")
    week = parse_week(WEEK)
    pin = decide(week, DeskDecision.Kind.PIN, editor, issue=quiet, note="节目组回访")
    first = build_week(WEEK)
    assert [(t.id, t.reason_codes, t.pinned) for t in first.threads] == [
        (quiet.pk, ["pinned"], True)
    ]
    revoke(week, pin.pk, editor)
    again = build_week(WEEK)
    assert again.threads == []
    stored = DeskWeek.objects.get(week=WEEK)
    assert stored.history[-1]["by"] == editor.pk
    assert [t["id"] for t in stored.history[-1]["selection"]["threads"]] == [quiet.pk]
    row = DeskDecision.objects.get(pk=pin.pk)
    assert row.revoked_by == editor and row.revoked_at is not None


def test_a_past_week_is_frozen_and_later_data_does_not_change_it(public):
    a, b = public("问题A"), public("问题B")
    vote(a, "a1", at(18))
    first = build_week(WEEK)
    assert first.frozen_at is not None and [t.id for t in first.threads] == [a.pk]
    for n in range(5):  # votes back-dated into the week after it was frozen
        vote(b, f"b{n}", at(19))
    second = build_week(WEEK)
    assert [t.to_json() for t in second.threads] == [t.to_json() for t in first.threads]
    assert second.frozen_at == first.frozen_at


def test_the_same_week_computed_twice_gives_the_same_selection(public):
    from reporting.desk import compute_week  # noqa: PLC0415 (the unfrozen computation, on purpose)

    a, b = public("问题A"), public("问题B")
    vote(a, "x", at(18))
    vote(b, "y", at(18))
    week = parse_week(WEEK)
    assert compute_week(week).to_json() == compute_week(week).to_json()


def test_reopened_in_the_week_ranks_by_reopens(public):
    a, b = public("问题A"), public("问题B")
    for issue, times in ((a, 1), (b, 2)):
        for n in range(times):
            IssueEvent.objects.create(
                issue=issue, action=IssueEvent.Action.REOPENED, created_at=at(17 + n)
            )
    ids = [t.id for t in build_week(WEEK).threads if "reopened" in t.reason_codes]
    assert ids == [b.pk, a.pk]


def test_per_rule_limit(public, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "DESK_PER_RULE": 2}
    issues = [public(f"问题{n}") for n in range(4)]
    for issue in issues:
        vote(issue, "k", at(18))
    assert len(build_week(WEEK).threads) == 2


def test_follow_up_shows_a_thread_featured_earlier_with_then_and_now(public, editor):
    issue = public("上周播出的问题")
    pinned_week = parse_week("2026-W45")
    decide(pinned_week, DeskDecision.Kind.PIN, editor, issue=issue)
    build_week("2026-W45")  # frozen with the pin
    follow = build_week(WEEK).follow_up
    assert follow["weeks"] == ["2026-W45"]
    [thread] = follow["threads"]
    assert thread["id"] == issue.pk and thread["reasons"] == ["pinned"]
    assert thread["now"]["status"] == Status.PUBLISHED


def test_a_decision_needs_media_staff_or_a_moderator(public, plain_user):
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415 (this test only)

    with pytest.raises(PermissionDenied):
        decide(parse_week(WEEK), DeskDecision.Kind.PIN, plain_user, issue=public("问题"))


def test_media_staff_group_reaches_the_admin_and_manages_its_api_tokens(db):
    group = Group.objects.get(name=MEDIA_STAFF_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_apitoken", "view_apitoken", "delete_apitoken"} <= codenames
