"""The demo's last complete ISO week as the TV desk (行风视线) sees it: a resolution of that week
its reporter and readers are satisfied with, one the readers rate poorly, a thread sent back for
redoing in it, threads overdue at its end and dated "me too" votes.

The planner's walks land anywhere in the year; `DeskWeek.steer` moves a fitting walk by whole
weeks (weekday and hour stay, as `Planner.plan` does) so that its resolution falls in the week,
before the post is written. The votes are dated actions run in the builder's timeline through
the real poll methods; the "me too" rows (`support_votes`) are dated between a thread's
publication and now, a few of them in the week.
"""

from datetime import timedelta

from django.utils import timezone

from feedback.models import SupportVote
from feedback.workflow import Status
from reporting.desk_week import week_of

# A resolution needs time in the week for its votes.
MARGIN = timedelta(hours=12)
SATISFIED_VOTES = ("satisfied", "satisfied", "basically_satisfied", "satisfied")
POOR_VOTES = ("dissatisfied",) * 5 + ("basically_satisfied",)
WEEK_SUPPORTERS = (9, 6, 4)  # extra "me too" in the week for three threads


def last_complete_week(now):
    return week_of(timezone.localdate(now)).previous()


def _resolved_at(plan):
    """The last resolution of the walk: the round whose poll stays open."""
    return [step.at for step in plan.steps if step.kind == "resolve"][-1]


class DeskWeek:
    def __init__(self, planner):
        self.planner = planner
        self.week = last_complete_week(planner.now)
        self.satisfied = self.poor = None
        self.reopened = False
        self.free_seen = 0

    def steer(self, plan):
        """Give `plan` a role in the week when it can take one (a walk ending resolved): the
        satisfied resolution in the week, then the poorly rated one. The first walk resolved
        once is left alone: there is always one to be reopened for a moderator."""
        if plan.target != Status.RESOLVED:
            return
        if not plan.reopen:
            self.free_seen += 1
            if self.free_seen == 1:
                return
        week = self.week
        if self.satisfied is None and self._move_into(plan, week.start, week.end - MARGIN):
            self.satisfied = plan
            plan.desk_role = "satisfied"
            # Its last round's votes are the week's own (below), not the walk's random ones.
            last = _resolved_at(plan)
            plan.steps = [s for s in plan.steps if s.kind != "votes" or s.at < last]
        elif self.poor is None and self._move_into(
            plan, week.start - timedelta(days=14), week.end - MARGIN
        ):
            self.poor = plan
            plan.desk_role = "poor"

    def _move_into(self, plan, low, high):
        """Shift `plan` by whole weeks (nearest first) so that its resolution is in [low, high)
        and the walk still fits its state; False, unchanged, when no shift does."""
        planner, resolved = self.planner, _resolved_at(plan)
        oldest = planner.now - timedelta(days=364)
        for weeks in sorted(range(-8, 9), key=abs):
            delta = timedelta(weeks=weeks)
            if not low <= resolved + delta < high:
                continue
            planner._shift(plan, delta)
            if plan.steps[0].at >= oldest and planner._fits(plan):
                return True
            planner._shift(plan, -delta)
        return False

    def reopen_moment(self, plan):
        """For the first walk that ends before the week: a moment in it for its reopening
        (waiting for a moderator); None otherwise."""
        start = max(self.week.start, plan.last + timedelta(hours=1))
        end = self.week.end - timedelta(hours=1)
        if self.reopened or start >= end:
            return None
        self.reopened = True
        return start + (end - start) * self.planner.rng.uniform(0.2, 0.8)

    def actions(self):
        """[(moment, callable)]: the votes of the two resolutions, cast in the week."""
        actions = []
        for plan, public, verdict in (
            (self.satisfied, SATISFIED_VOTES, "satisfied"),
            (self.poor, POOR_VOTES, None),
        ):
            if plan is None:
                continue
            first = max(self.week.start, _resolved_at(plan)) + timedelta(hours=1)
            step = (self.week.end - timedelta(hours=1) - first) / (len(public) + 1)
            for number, choice in enumerate(public):
                actions.append((first + step * number, _public_vote(plan, choice, number)))
            if verdict:
                actions.append((first + step * len(public), _verdict(plan, verdict)))
        return actions


def _open_poll(plan):
    poll = plan.issue.polls.filter(closed_at__isnull=True).order_by("-round").first()
    return poll if poll is not None and poll.is_open() else None


def _public_vote(plan, choice, number):
    def vote():
        poll = _open_poll(plan)
        if poll is not None:
            poll.record_public_vote(
                choice,
                browser_key=f"demo-desk-{plan.issue.pk}-{number}",
                address_key=f"demo-desk-address-{plan.issue.pk}-{number}",
            )

    return vote


def _verdict(plan, choice):
    def verdict():
        poll = _open_poll(plan)
        if poll is not None:
            poll.record_reporter_verdict(choice)

    return verdict


def support_votes(rng, plans, now):
    """One dated "me too" row per vote of each public thread's count (most soon after it was
    published), plus `WEEK_SUPPORTERS` in the last complete week for threads published before
    it; the counts are the rows, as `Issue.add_support` keeps them."""
    week = last_complete_week(now)
    rows = []
    public = [plan for plan in plans if plan.issue.is_public]
    for plan in public:
        issue = plan.issue
        span = now - issue.published_at
        for number in range(issue.support_count):
            at = issue.published_at + span * rng.random() ** 2
            rows.append(SupportVote(issue=issue, browser_key=f"demo-{number}", created_at=at))
    before_week = [plan for plan in public if plan.issue.published_at < week.start]
    for plan, extra in zip(
        rng.sample(before_week, len(WEEK_SUPPORTERS)), WEEK_SUPPORTERS, strict=True
    ):
        issue = plan.issue
        for number in range(extra):
            at = week.start + (week.end - week.start) * rng.random()
            rows.append(SupportVote(issue=issue, browser_key=f"demo-week-{number}", created_at=at))
        issue.support_count += extra
    SupportVote.objects.bulk_create(rows, batch_size=1000)
