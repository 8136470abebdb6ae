"""The TV desk on a hand-built week with known answers: 2026-W47 (Monday 16 to Sunday 22
November 2026), about thirty public threads with dated "me too" votes in and out of the week,
resolutions with their satisfaction rounds, overdue assignments (one moved away after the week),
reopenings, a merge group and the week's stored hot topics. Every rule's picks, their order and
tie-breaks, the `DESK_PER_RULE` cut, the run sheet and the departments to question are exact.

The rows are written directly with their dates (the workflow stamps "now"), as the rules read
them: issues, `SupportVote`, `IssueEvent`, `Assignment`, `Poll`/`PollVote`, `HotTopicRun`.
"""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Assignment, Department, Issue, IssueEvent, SupportVote
from feedback.workflow import Status
from polls.choices import Choice
from polls.models import Poll, PollVote
from reporting.desk import build_week, compute_week, decide, parse_week
from reporting.desk_access import MEDIA_STAFF_GROUP
from reporting.desk_rules import RULES
from reporting.models import DeskDecision, HotTopic, HotTopicMember, HotTopicRun

WEEK = "2026-W47"
SAT, BASIC, DIS = Choice.SATISFIED, Choice.BASICALLY_SATISFIED, Choice.DISSATISFIED


def at(day, hour=12, month=11):
    return timezone.make_aware(datetime(2026, month, day, hour))


def nov(day):
    return date(2026, 11, day)


class Week:
    """Builds the rows; `self.t[name]` is the thread called `name`."""

    def __init__(self, category, district, departments):
        self.category, self.district = category, district
        self.a, self.b, self.c = departments
        self.t = {}

    def thread(self, name, status=Status.PUBLISHED, **fields):
        issue = Issue.objects.create(
            title=f"诉求{name}",
            body=f"{name}的情况说明。",
            category=self.category,
            district=self.district,
            status=status,
            created_at=at(2),
            published_at=at(2),
            **fields,
        )
        self.t[name] = issue
        return issue

    def votes(self, name, when, *keys):
        for key in keys:
            SupportVote.objects.create(issue=self.t[name], browser_key=key, created_at=when)

    def event(self, name, action, when, to_status=""):
        IssueEvent.objects.create(
            issue=self.t[name], action=action, to_status=to_status, is_public=True, created_at=when
        )

    def resolved(self, name, when, public=(), verdict=None, round=1):
        """Resolved at `when` (its event and the round it opens); `public`: (choice, when)s;
        `verdict`: (choice, when) of the reporter."""
        self.event(name, IssueEvent.Action.RESOLVED, when, to_status=Status.RESOLVED)
        poll = Poll.objects.create(
            issue=self.t[name], round=round, opened_at=when, closes_at=when + timedelta(days=30)
        )
        for n, (choice, cast) in enumerate(public):
            PollVote.objects.create(
                poll=poll,
                source=PollVote.Source.PUBLIC,
                choice=choice,
                browser_key=f"{name}-{n}",
                created_at=cast,
            )
        if verdict:
            PollVote.objects.create(
                poll=poll, source=PollVote.Source.REPORTER, choice=verdict[0], created_at=verdict[1]
            )
        return poll

    def assigned(self, name, department, due, replied=None, transferred=None, when=None):
        return Assignment.objects.create(
            issue=self.t[name],
            department=department,
            assigned_at=when or at(1),
            due_date=due,
            first_reply_at=replied,
            transferred_at=transferred,
            is_active=transferred is None,
        )


def build(w):
    """The week (the order of creation fixes the ids, hence the last tie-breaks)."""
    V = IssueEvent.Action
    # 附议 (most_support): distinct browsers per merge group, cast in the week.
    w.thread("S1")
    w.votes("S1", at(16, 8), *(f"s1-{n}" for n in range(6)))  # 6 in the week
    w.thread("S2")
    w.votes("S2", at(10), "b0")  # before the week: only in the group's total
    w.votes("S2", at(17), "b1", "b2")
    w.thread("M1", status=Status.MERGED, merged_into=w.t["S2"], merged_at=at(14))
    w.votes("M1", at(18), "b2", "b3", "b4", "b5")  # b2 again: the group counts it once
    w.votes("M1", at(23), "b9")  # after the week's end
    w.thread("S4")  # before S3: the smaller id, so only the total can put S3 first
    w.votes("S4", at(19), "s4-1", "s4-2", "s4-3")
    w.thread("S3")
    w.votes("S3", at(12), "s3-old1", "s3-old2")
    w.votes("S3", at(20), "s3-1", "s3-2", "s3-3")
    w.thread("H", hidden_at=at(20, 18))  # hidden: not public, whatever its votes
    w.votes("H", at(18), *(f"h{n}" for n in range(7)))
    w.thread("LATE")
    w.votes("LATE", at(15, 23), "late-0")  # Sunday before the week
    w.votes("LATE", at(23, 1), *(f"late-{n}" for n in range(1, 11)))  # Monday after it

    # 新办结且满意 (resolved_satisfied) and 满意度最低 (lowest_satisfaction).
    in_week = [at(d) for d in (17, 18, 19, 20, 21)]
    w.thread("R3", status=Status.RESOLVED)
    w.resolved("R3", at(17, 10), public=[(SAT, t) for t in in_week])  # 100% of 5
    w.thread("R2", status=Status.RESOLVED)
    w.resolved("R2", at(19, 9), public=[(SAT, at(19, 15))] * 2, verdict=(SAT, at(20)))
    w.thread("R1", status=Status.RESOLVED)
    w.resolved(
        "R1", at(18, 9), public=[(SAT, at(19))] * 4 + [(BASIC, at(20)), (DIS, at(21))]
    )  # 5 of 6: 83%
    w.thread("R4", status=Status.CLOSED)
    w.resolved("R4", at(20, 9), verdict=(BASIC, at(21)))  # the reporter only: counts as 0%
    w.thread("R_BEFORE", status=Status.RESOLVED)  # resolved the week before
    w.resolved("R_BEFORE", at(10), public=[(SAT, at(16, 9))] * 3 + [(SAT, at(17, 9))] * 3)
    w.thread("R_LATE_VERDICT", status=Status.RESOLVED)
    w.resolved("R_LATE_VERDICT", at(21, 9), verdict=(SAT, at(23)))  # verdict after the end
    w.thread("R_SENT_BACK", status=Status.ASSIGNED, reopen_count=1)
    w.resolved("R_SENT_BACK", at(17, 9), public=[(SAT, at(17, 15))] * 5, verdict=(DIS, at(19, 9)))
    w.event("R_SENT_BACK", V.REOPENED, at(19, 9) + timedelta(minutes=1), Status.REOPENED)
    w.thread("R6", status=Status.RESOLVED)
    w.resolved("R6", at(16, 9), public=[(SAT, at(17))] * 7 + [(DIS, at(18))] * 3)  # 70%
    w.thread("L1", status=Status.RESOLVED)
    w.resolved(
        "L1",
        at(1),
        public=[(SAT, at(3))] * 2 + [(DIS, at(4))] * 6 + [(DIS, at(18))] * 2,
    )  # 2 of 10: 20%
    w.thread("L2", status=Status.RESOLVED)
    w.resolved("L2", at(12), public=[(SAT, at(13)), *[(DIS, at(14))] * 3, (DIS, at(18))])
    w.thread("L3", status=Status.RESOLVED)  # 0%, but no vote in the week
    w.resolved("L3", at(1), public=[(DIS, at(d)) for d in (5, 6, 7, 8, 9, 10)])
    w.thread("L4", status=Status.RESOLVED)  # 0%, but 4 votes: below MIN_SAMPLE
    w.resolved("L4", at(12), public=[(DIS, at(18))] * 4)
    w.votes("L4", at(10), "l4-1", "l4-2")

    # 超期 (longest_overdue; departments to question).
    a, b, c = w.a, w.b, w.c
    w.thread("O2", status=Status.ASSIGNED, due_date=nov(12))
    w.assigned("O2", a, nov(12))
    w.assigned("O2", b, nov(5))  # the earliest due date counts: 17 days at Sunday 22nd
    w.thread("O8", status=Status.ASSIGNED, due_date=nov(6))
    w.assigned("O8", a, nov(6), transferred=at(24))  # moved away after the end: 16 days
    w.assigned("O8", b, date(2026, 12, 1), when=at(24))
    w.thread("O1", status=Status.ASSIGNED, due_date=nov(8))
    w.assigned("O1", c, nov(8))  # 14 days
    w.thread("O3", status=Status.ANSWERED, due_date=nov(15))
    w.assigned("O3", a, nov(15), replied=at(23))  # answered after the end: 7 days
    w.thread("O5", status=Status.ASSIGNED, due_date=nov(21))
    w.assigned("O5", b, nov(21))  # 1 day
    w.votes("O5", at(14), "o5-1")
    w.thread("O_DUE_SUNDAY", status=Status.ASSIGNED, due_date=nov(22))
    w.assigned("O_DUE_SUNDAY", a, nov(22))  # due on the last day: not overdue yet
    w.thread("O4", status=Status.ANSWERED, due_date=nov(10))
    w.assigned("O4", b, nov(10), replied=at(20))  # answered in time for the rule, not resolved
    w.thread("O6", status=Status.ASSIGNED, due_date=nov(30))
    w.assigned("O6", c, nov(3), transferred=at(10))  # moved away before the end
    w.assigned("O6", a, nov(30), when=at(10))
    w.thread("O_HIDDEN", status=Status.ASSIGNED, due_date=nov(2), hidden_at=at(21))
    w.assigned("O_HIDDEN", c, nov(2))

    # 退回重办 (reopened) and 提级督办 (escalated).
    w.thread("RE2", status=Status.ASSIGNED, reopen_count=2, escalated_at=at(18, 15))
    w.event("RE2", V.REOPENED, at(10), Status.REOPENED)
    w.event("RE2", V.REOPENED, at(18, 14), Status.REOPENED)
    w.thread("RE3", status=Status.REOPENED, reopen_count=1)
    w.event("RE3", V.REOPENED, at(23, 8), Status.REOPENED)  # after the end
    w.thread("RE4", status=Status.ASSIGNED, reopen_count=2)
    w.event("RE4", V.REOPENED, at(21), Status.REOPENED)
    w.event("RE4", V.REOPENED, at(24), Status.REOPENED)  # after the end: 1 reopen then
    Issue.objects.filter(pk=w.t["S1"].pk).update(escalated_at=at(22, 23))
    w.thread("ESC_LATE", escalated_at=at(23, 0))

    # 热点 (hot_topic): the week's stored run, four topics.
    week = parse_week(WEEK)
    run = HotTopicRun.objects.create(
        kind=HotTopicRun.Kind.WEEK, start=week.start, end=week.end, params_key="known", threads=30
    )
    for rank, label, members in (
        (1, "小区路灯", ["S3", "S2"]),  # S2's group: 6 browsers before the end; S3 5
        (2, "公交站台", ["H", "O1", "O5"]),  # H hidden; O5 1 vote, O1 none
        (3, "夜间噪音", ["LATE", "L4"]),  # LATE 1 before the end (10 after); L4 2
        (4, "绿化养护", ["RE3"]),  # only the top 3 topics count
    ):
        topic = HotTopic.objects.create(
            run=run, rank=rank, label=label, size=len(members), medoid=w.t[members[0]]
        )
        for name in members:
            HotTopicMember.objects.create(topic=topic, issue=w.t[name])
    return week


@pytest.fixture
def known(db, category, district, department_a, department_b):
    department_c = Department.objects.create(name="市城管局", short_name="城管局", slug="chengguan")
    w = Week(category, district, (department_a, department_b, department_c))
    w.week = build(w)
    return w


def names(w, ids):
    by_pk = {issue.pk: name for name, issue in w.t.items()}
    return [by_pk[pk] for pk in ids]


def picks(w, code, per_rule=3, skip=()):
    return names(w, RULES[code](w.week, {w.t[n].pk for n in skip}, per_rule))


EXPECTED = {  # every rule's candidates in order, beyond the default limit of 3
    "most_support": ["S1", "S2", "S3", "S4"],
    "resolved_satisfied": ["R3", "R2", "R1", "R4"],
    "lowest_satisfaction": ["L1", "L2", "R6", "R1", "R_BEFORE", "R3", "R_SENT_BACK"],
    "longest_overdue": ["O2", "O8", "O1", "O3", "O5"],
    "reopened": ["RE2", "R_SENT_BACK", "RE4"],
    "hot_topic": ["S2", "O5", "L4"],
    "escalated": ["RE2", "S1"],
}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_rule_ranks_its_candidates_with_the_documented_tie_breaks(known, code):
    assert picks(known, code, per_rule=20) == EXPECTED[code]


def test_most_support_counts_the_merge_group_once_and_only_the_weeks_votes(known):
    # S1 6; S2 + M1: b1 b2 b3 b4 b5 (b2 twice, b0 before, b9 after) = 5; S3 and S4 3 each in the
    # week, S3 first on its total (5 against 3) although S4 has the smaller id; H is hidden,
    # LATE's votes fall just outside the week, the merged report M1 is never a candidate.
    assert picks(known, "most_support") == ["S1", "S2", "S3"]


def test_resolved_satisfied_only_counts_resolutions_of_the_week_still_standing_at_its_end(known):
    # R3 100% of 5, R2 100% of 2 with a satisfied reporter, R1 83% of 6, R4 the reporter only
    # (basically satisfied: 0% public). Not R_BEFORE (resolved the week before, though its votes
    # fall in this one), R_LATE_VERDICT (the verdict came after the end), R_SENT_BACK (100% of
    # the public, but its reporter sent it back in the week), R6 (70%), L4 (4 votes).
    assert picks(known, "resolved_satisfied", per_rule=20) == ["R3", "R2", "R1", "R4"]
    assert picks(known, "resolved_satisfied") == ["R3", "R2", "R1"]


def test_lowest_satisfaction_needs_the_sample_before_the_end_and_a_vote_in_the_week(known):
    # L1 20% of 10 before L2 20% of 5 (more votes first), then R6 70%; not L3 (no vote in the
    # week), not L4 (4 votes), not R2 (2 public votes).
    assert picks(known, "lowest_satisfaction") == ["L1", "L2", "R6"]


def test_longest_overdue_counts_days_at_the_last_day_and_the_assignment_standing_then(known):
    # O2 17 days (its earliest due date), O8 16 (moved away only after the end), O1 14, then O3
    # 7 (answered after the end) and O5 1. Not O_DUE_SUNDAY (due on the last day), O4 (answered
    # in the week), O6 (moved away before the end), O_HIDDEN.
    assert picks(known, "longest_overdue") == ["O2", "O8", "O1"]


def test_hot_topic_takes_each_top_topics_most_supported_public_member(known):
    # Topic 1: S2 by its merge group (6 browsers before the end; its own 3 would lose to S3's 5);
    # topic 2: H is hidden, O5 (1 vote) before O1; topic 3: L4 (2) before LATE (1 before the end,
    # 10 after); topic 4 is not among the top 3.
    assert picks(known, "hot_topic") == ["S2", "O5", "L4"]
    assert picks(known, "hot_topic", skip=["S2", "O5"]) == ["S3", "O1", "L4"]
    assert picks(known, "hot_topic", per_rule=2) == ["S2", "O5"]


def test_the_run_sheet_places_each_thread_once_by_its_best_reason(known):
    selection = compute_week(known.week)
    sheet = [
        (name, t.reason_codes)
        for name, t in zip(names(known, selection.thread_ids()), selection.threads, strict=True)
    ]
    assert sheet == [
        ("S1", ["most_support", "escalated"]),
        ("S2", ["most_support", "hot_topic"]),
        ("S3", ["most_support"]),
        ("R3", ["resolved_satisfied"]),
        ("R2", ["resolved_satisfied"]),
        ("R1", ["resolved_satisfied"]),
        ("L1", ["lowest_satisfaction"]),
        ("L2", ["lowest_satisfaction"]),
        ("R6", ["lowest_satisfaction"]),
        ("O2", ["longest_overdue"]),
        ("O8", ["longest_overdue"]),
        ("O1", ["longest_overdue"]),
        ("RE2", ["reopened", "escalated"]),
        ("R_SENT_BACK", ["reopened"]),
        ("RE4", ["reopened"]),
        ("O5", ["hot_topic"]),
        ("L4", ["hot_topic"]),
    ]
    assert [t.rank for t in selection.threads] == list(range(1, 18))


def test_cards_show_the_week_as_of_its_end(known):
    cards = {names(known, [t.id])[0]: t for t in compute_week(known.week).threads}
    assert {name: cards[name].days_overdue for name in ("O2", "O8", "O1")} == {
        "O2": 17,
        "O8": 16,
        "O1": 14,
    }
    assert [d["slug"] for d in cards["O8"].departments] == ["zhujian"]  # not the later one
    assert cards["S2"].merged_reports == 1
    # The round the resolution opened, still open at the end, as the thread's page shows it.
    assert cards["R1"].satisfaction == {
        "public_pct": 83,
        "public_votes": 6,
        "reporter_verdict": None,
    }
    assert cards["R2"].satisfaction["reporter_verdict"] == SAT
    assert cards["L1"].satisfaction["public_pct"] == 20


def test_departments_to_question_count_threads_overdue_unresolved_at_the_end(known):
    # 住建局 (a): O2, O8 (moved away after the end), O3; 交通局 (b): O2, O5 and O4 (answered but
    # not resolved by the end); 城管局 (c): O1 (O6 moved away before, O_HIDDEN hidden). a and b
    # tie on 3: by name (交 before 住).
    departments = compute_week(known.week).departments
    assert [(d["slug"], d["overdue"], d["marked"]) for d in departments] == [
        ("jiaotong", 3, False),
        ("zhujian", 3, False),
        ("chengguan", 1, False),
    ]


def test_a_marked_department_comes_first_and_an_exclusion_lets_the_next_move_up(
    known, django_user_model
):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get_or_create(name=MEDIA_STAFF_GROUP)[0])
    decide(known.week, DeskDecision.Kind.QUESTION, editor, department=known.c)
    decide(known.week, DeskDecision.Kind.EXCLUDE, editor, issue=known.t["R3"])
    decide(known.week, DeskDecision.Kind.PIN, editor, issue=known.t["L3"])
    selection = build_week(WEEK)
    assert [d["slug"] for d in selection.departments] == ["chengguan", "jiaotong", "zhujian"]
    picked = names(known, selection.thread_ids())
    assert picked[3:6] == ["R2", "R1", "R4"]  # R3 excluded: R4 moves up
    assert "R3" not in picked and picked[-1] == "L3"
    assert selection.threads[-1].reason_codes == ["pinned"]


def test_the_per_rule_limit_cuts_every_rule(known, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "DESK_PER_RULE": 1}
    selection = compute_week(known.week)
    assert [
        (n, t.reason_codes)
        for n, t in zip(names(known, selection.thread_ids()), selection.threads, strict=True)
    ] == [
        ("S1", ["most_support"]),
        ("R3", ["resolved_satisfied"]),
        ("L1", ["lowest_satisfaction"]),
        ("O2", ["longest_overdue"]),
        ("RE2", ["reopened", "escalated"]),
        ("S2", ["hot_topic"]),
    ]


def test_the_selection_takes_the_same_number_of_queries_with_more_threads(known):
    def queries():
        with CaptureQueriesContext(connection) as context:
            compute_week(known.week)
        return len(context)

    before = queries()
    for n in range(12):
        name = f"MORE{n}"
        known.thread(name, status=Status.ASSIGNED, due_date=nov(1 + n))
        known.assigned(name, known.c, nov(1 + n))
        known.votes(name, at(19), *(f"{name}-{k}" for k in range(n + 1)))
        known.event(name, IssueEvent.Action.REOPENED, at(20), Status.REOPENED)
    assert queries() == before
