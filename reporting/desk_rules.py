"""The selection rules of the TV desk (design §5.2): each gives, from rows stamped before the
week's end, the ids of at most `DESK_PER_RULE` public threads in its order, with fixed tie-breaks
ending on the id; `compute` joins them (a thread once, with every reason it met, placed by its
best rule), skips exclusions (the next one moves up) and adds the pins.

Merge groups (并单) count once: a vote on a merged report counts for the thread it was merged
into, and merged reports are never candidates themselves (they are not public).
"""

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce

from core.conf import setting
from feedback.models import Assignment, Issue, IssueEvent, SupportVote
from polls.choices import SATISFIED_CHOICES
from polls.models import Poll, PollVote

from .desk_cards import thread_cards
from .desk_decisions import current_decisions
from .desk_departments import departments_to_question
from .desk_topics import TOPICS_FOR_RULE, week_hot_topics, week_run
from .desk_week import REASONS, WeekSelection
from .models import HotTopicMember


def _public_ids(ids):
    return set(Issue.objects.public().filter(pk__in=ids).values_list("pk", flat=True))


def _first(ranked, skip, per_rule):
    """The first `per_rule` ids of `ranked` (sorted already) that are public and not skipped."""
    public = _public_ids(ranked)
    return [pk for pk in ranked if pk in public and pk not in skip][:per_rule]


def _thread():
    """The thread a "me too" counts for: the one its report was merged into, else its own."""
    return Coalesce(F("issue__merged_into_id"), F("issue_id"))


def _supporters(votes):
    """{thread id: distinct browsers} of `votes`."""
    rows = (
        votes.annotate(thread=_thread())
        .values("thread")
        .annotate(n=Count("browser_key", distinct=True))
    )
    return {row["thread"]: row["n"] for row in rows}


def _group_support(threads, end):
    """{thread id: distinct browsers before `end` over its merge group}, for a few threads."""
    members = Issue.objects.filter(Q(pk__in=threads) | Q(merged_into_id__in=threads))
    return _supporters(
        SupportVote.objects.filter(
            issue_id__in=list(members.values_list("pk", flat=True)), created_at__lt=end
        )
    )


def most_support(week, skip, per_rule):
    """The "me too" cast in the week (distinct browsers per merge group), desc; then the group's
    support as of the end, desc; then id. The totals are read only for the threads that can
    make the cut (as many in the week as the last one in), so a busy week stays quick."""
    in_week = _supporters(
        SupportVote.objects.filter(created_at__gte=week.start, created_at__lt=week.end)
    )
    public = _public_ids(in_week)
    candidates = sorted(
        (pk for pk in in_week if pk in public and pk not in skip), key=lambda pk: -in_week[pk]
    )
    if len(candidates) > per_rule > 0:
        cut = in_week[candidates[per_rule - 1]]
        candidates = [pk for pk in candidates if in_week[pk] >= cut]
    total = _group_support(candidates, week.end)
    ranked = sorted(candidates, key=lambda pk: (-in_week[pk], -total.get(pk, 0), pk))
    return ranked[:per_rule]


def _events_in_week(week, action):
    return IssueEvent.objects.filter(
        action=action, created_at__gte=week.start, created_at__lt=week.end
    )


def reopened(week, skip, per_rule):
    """A REOPENED event in the week; reopens up to the end, desc; then id."""
    ids = set(_events_in_week(week, IssueEvent.Action.REOPENED).values_list("issue_id", flat=True))
    reopens = dict(
        IssueEvent.objects.filter(
            issue_id__in=ids, action=IssueEvent.Action.REOPENED, created_at__lt=week.end
        )
        .values("issue_id")
        .annotate(n=Count("pk"))
        .values_list("issue_id", "n")
    )
    ranked = sorted(ids, key=lambda pk: (-reopens.get(pk, 0), pk))
    return _first(ranked, skip, per_rule)


def escalated(week, skip, per_rule):
    """Escalated (提级督办) in the week; earliest first, then id."""
    rows = Issue.objects.filter(escalated_at__gte=week.start, escalated_at__lt=week.end)
    ranked = [
        pk for pk, _at in sorted(rows.values_list("pk", "escalated_at"), key=lambda r: (r[1], r[0]))
    ]
    return _first(ranked, skip, per_rule)


def longest_overdue(week, skip, per_rule):
    """Assigned before the end, due before the week's last day, not answered (first reply) by the
    end, the assignment still standing then: days overdue at the last day, desc; then id."""
    rows = (
        Assignment.objects.filter(
            assigned_at__lt=week.end,
            due_date__lt=week.last_day,
            issue__in=Issue.objects.public(),
        )
        # Moved away after the end: still the department's then (as `desk_departments` counts).
        .filter(Q(transferred_at__isnull=True) | Q(transferred_at__gte=week.end))
        .filter(Q(first_reply_at__isnull=True) | Q(first_reply_at__gte=week.end))
        .exclude(issue_id__in=skip)
        .values("issue_id")
        .annotate(due=Min("due_date"))
        .order_by("due", "issue_id")
    )
    return [row["issue_id"] for row in rows[:per_rule]] if per_rule > 0 else []


def _polls_as_of(end, polls):
    """The rounds `polls` with their public votes cast before `end` (all, and satisfied)."""
    public = Q(votes__source=PollVote.Source.PUBLIC, votes__created_at__lt=end)
    return polls.annotate(
        votes_before=Count("votes", filter=public),
        satisfied_before=Count("votes", filter=public & Q(votes__choice__in=SATISFIED_CHOICES)),
    )


def _pct(poll):
    return 100 * poll.satisfied_before / poll.votes_before if poll.votes_before else None


def _reopened_after(polls, end):
    """The ids of `polls` whose issue was reopened after the round opened and before `end`."""
    reopens = IssueEvent.objects.filter(
        issue_id__in={poll.issue_id for poll in polls},
        action=IssueEvent.Action.REOPENED,
        created_at__lt=end,
    ).values_list("issue_id", "created_at")
    latest = {}
    for issue_id, at in reopens:
        latest[issue_id] = max(at, latest.get(issue_id, at))
    return {poll.pk for poll in polls if latest.get(poll.issue_id, poll.opened_at) > poll.opened_at}


def resolved_satisfied(week, skip, per_rule):
    """Resolved in the week and still resolved at the end (not sent back since), and the round
    that resolution opened satisfied as of the end: the reporter's verdict satisfied or basically
    satisfied, or ≥ 80% of ≥ MIN_SAMPLE public votes. By public satisfaction desc (none counts as
    0), public votes desc, id."""
    ids = _events_in_week(week, IssueEvent.Action.RESOLVED).values("issue_id")
    polls = _polls_as_of(
        week.end,
        Poll.objects.filter(issue_id__in=ids, opened_at__gte=week.start, opened_at__lt=week.end),
    )
    polls = list(polls)
    sent_back = _reopened_after(polls, week.end)
    satisfied_verdicts = set(
        PollVote.objects.filter(
            poll__in=[poll.pk for poll in polls],
            source=PollVote.Source.REPORTER,
            created_at__lt=week.end,
            choice__in=SATISFIED_CHOICES,
        ).values_list("poll_id", flat=True)
    )
    best = {}
    for poll in polls:
        if poll.pk in sent_back:
            continue
        pct = _pct(poll)
        by_public = pct is not None and pct >= 80 and poll.votes_before >= setting("MIN_SAMPLE")
        if poll.pk in satisfied_verdicts or by_public:
            key = (-(pct or 0), -poll.votes_before, poll.issue_id)
            best[poll.issue_id] = min(key, best.get(poll.issue_id, key))
    ranked = sorted(best, key=best.get)
    return _first(ranked, skip, per_rule)


def lowest_satisfaction(week, skip, per_rule):
    """Rounds with ≥ MIN_SAMPLE public votes cast before the end and one cast in the week: the
    satisfied share, asc; then votes desc, id (an issue by its lowest such round)."""
    voted = PollVote.objects.filter(
        source=PollVote.Source.PUBLIC, created_at__gte=week.start, created_at__lt=week.end
    ).values("poll_id")
    polls = _polls_as_of(week.end, Poll.objects.filter(pk__in=voted))
    best = {}
    for poll in polls:
        if poll.votes_before >= setting("MIN_SAMPLE"):
            key = (_pct(poll), -poll.votes_before, poll.issue_id)
            best[poll.issue_id] = min(key, best.get(poll.issue_id, key))
    ranked = sorted(best, key=best.get)
    return _first(ranked, skip, per_rule)


def hot_topic(week, skip, per_rule):
    """The most-supported member (distinct browsers of its merge group before the end, then id)
    of each of the week's top 3 hot topics; a member skipped or no longer public gives way to
    the next."""
    run = week_run(week)
    if run is None:
        return []
    members = list(
        HotTopicMember.objects.filter(topic__run=run, topic__rank__lte=TOPICS_FOR_RULE)
        .values_list("topic__rank", "issue_id")
        .order_by("topic__rank")
    )
    ids = {issue_id for _rank, issue_id in members}
    support = _group_support(ids, week.end)
    public = _public_ids(ids)
    picked = []
    for rank in sorted({rank for rank, _id in members}):
        candidates = [i for r, i in members if r == rank and i in public and i not in skip]
        candidates = [i for i in candidates if i not in picked]
        if candidates:
            picked.append(min(candidates, key=lambda pk: (-support.get(pk, 0), pk)))
    return picked[:per_rule]


RULES = {
    "most_support": most_support,
    "resolved_satisfied": resolved_satisfied,
    "lowest_satisfaction": lowest_satisfaction,
    "longest_overdue": longest_overdue,
    "reopened": reopened,
    "hot_topic": hot_topic,
    "escalated": escalated,
}


def compute(week, decisions=None):
    """The selection of `week`, given the editors' current decisions (read when not given)."""
    decisions = decisions if decisions is not None else current_decisions(week.key)
    per_rule = setting("DESK_PER_RULE")
    reasons = {}
    public_pins = _public_ids(decisions.pinned)  # one query, however many pins
    for code in REASONS:
        if code == "pinned":
            picked = [pk for pk in decisions.pinned if pk in public_pins]
        else:
            picked = RULES[code](week, decisions.excluded, per_rule)
        for pk in picked:
            reasons.setdefault(pk, []).append(code)
    selection = WeekSelection(week=week.key, start=week.start, end=week.end, frozen_at=None)
    selection.threads = thread_cards(week, reasons, pinned=decisions.pinned)
    selection.departments = departments_to_question(week, marked=decisions.marked)
    selection.hot_topics = week_hot_topics(week)
    return selection
