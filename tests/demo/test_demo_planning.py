"""The demo can be loaded at any date and hour, and keeps its character wherever it lands.

`bin/dev` builds the demo "now", so the planner must date a believable year of history from any
moment: every state present, assigned issues still on time and overdue ones past their due date,
reopened issues (one of them assigned again), hidden ones and follow-ups awaiting moderation;
every step in the past and within the year, in order; and the last complete week has what the
TV desk picks from (a satisfied and a poorly rated resolution, a reopening, an overdue thread).
The same seed gives the same demo for the same moment. Planning needs no database; one real
`load_initial_data` at the moment that once failed (Wednesday 2 December, 08:00 in the city)
checks the result in the database.
"""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from demo.builder import Builder
from demo.desk_week import last_complete_week
from feedback.models import Issue
from feedback.workflow import Status

CITY = ZoneInfo("Asia/Shanghai")
ONCE_FAILED = datetime(2026, 12, 2, 8, 0, tzinfo=CITY)
SMALLEST_DEMO = 40  # every state's minimum share, the most demanding mix per issue
DEFAULT_SEED, DEFAULT_ISSUES = 2026, 320


def moments_of_a_year(year=2026):
    """Every day of `year`, at an hour that turns with the day: day d at hour 5d mod 24, so that
    each 168 days cover every pair of weekday and hour (7 and 24 are coprime, 5 is a unit)."""
    start = datetime(year, 1, 1, tzinfo=CITY)
    return [
        start + timedelta(days=day, hours=5 * day % 24, minutes=13 * day % 60) for day in range(365)
    ]


def plan_at(moment, count=SMALLEST_DEMO, seed=DEFAULT_SEED):
    # The builder reads the clock as `load_initial_data` does.
    with time_machine.travel(moment, tick=False):
        return Builder(count, seed, password="unused").make_plans()


def final_status(plan):
    return Status.ASSIGNED if plan.target == "overdue" else plan.target


def what_is_wrong(plans, now):
    """What a visitor of the demo loaded at `now` would find wrong, as short sentences."""
    wrong = []
    today = timezone.localdate(now)
    missing = set(Status.values) - {final_status(plan) for plan in plans}
    if missing:
        wrong.append(f"no issue in {sorted(missing)}")
    for plan in plans:
        moments = [step.at for step in plan.steps]
        if not now - timedelta(days=366) <= moments[0] or not moments[-1] < now:
            wrong.append(
                f"{plan.target} issue dated outside the past year: {moments[0]}…{moments[-1]}"
            )
        if moments != sorted(moments) or len(set(moments)) != len(moments):
            wrong.append(f"{plan.target} issue with steps out of order")
        if plan.target == Status.ASSIGNED and plan.due_date < today:
            wrong.append(f"assigned issue already overdue (due {plan.due_date})")
        if plan.target == "overdue" and plan.due_date >= today:
            wrong.append(f"overdue issue not yet due (due {plan.due_date})")
    if not any(plan.reopen and plan.target == Status.ASSIGNED for plan in plans):
        wrong.append("no reopened issue assigned again")
    if not any(plan.hidden for plan in plans):
        wrong.append("no hidden issue")
    wrong += _what_is_wrong_with_the_merges(plans)
    wrong += what_the_tv_desk_misses(plans, now)
    pending = [
        step
        for plan in plans
        for step in plan.steps
        if step.kind == "follow_up" and step.args["key"] not in _published_follow_ups(plan)
    ]
    if not pending:
        wrong.append("no follow-up awaiting moderation")
    return wrong


def _what_is_wrong_with_the_merges(plans):
    """并单 (demo/merges.py): at least two groups, each later report of the same problem at the
    same place as its thread, received once the thread was public and merged before it was
    resolved."""
    wrong = []
    merged = [plan for plan in plans if plan.target == Status.MERGED]
    if len({id(plan.merge_into) for plan in merged}) < 2:
        wrong.append("fewer than two merged groups")
    for plan in merged:
        main = plan.merge_into
        kinds = [step.kind for step in plan.steps]
        published = next(step.at for step in main.steps if step.kind == "publish")
        resolved = next((step.at for step in main.steps if step.kind == "resolve"), None)
        if kinds not in (["submit", "merge"], ["submit", "publish", "merge"]):
            wrong.append(f"merged report with steps {kinds}")
        if (plan.topic, plan.variant, plan.place) != (main.topic, main.variant, main.place):
            wrong.append("merged report about another problem or place than its thread")
        if not published < plan.steps[0].at or (resolved and plan.steps[-1].at >= resolved):
            wrong.append("merged report outside the time its thread was public and open")
        if main.hidden or main.target == Status.MERGED:
            wrong.append("merged into a hidden or merged thread")
    return wrong


def what_the_tv_desk_misses(plans, now):
    """The last complete week needs, for its desk: a resolution in it (the reporter satisfied),
    one rated in it, a reopening in it and a thread overdue at its end."""
    week, wrong = last_complete_week(now), []
    roles = {plan.desk_role for plan in plans}
    if not {"satisfied", "poor"} <= roles:
        wrong.append(f"the last complete week's desk has only the resolutions {roles - {''}}")
    for plan in plans:
        resolved = [step.at for step in plan.steps if step.kind == "resolve"]
        if plan.desk_role == "satisfied" and not week.start <= resolved[-1] < week.end:
            wrong.append(f"the week's satisfied resolution is on {resolved[-1]}")
    if not any(
        step.kind == "reopen" and week.start <= step.at < week.end
        for plan in plans
        for step in plan.steps
    ):
        wrong.append("no reopening in the last complete week")
    if not any(plan.target == "overdue" and plan.due_date < week.last_day for plan in plans):
        wrong.append("no thread overdue at the end of the last complete week")
    return wrong


def _published_follow_ups(plan):
    return {step.args["key"] for step in plan.steps if step.kind == "publish_follow_up"}


def test_demo_plans_at_every_day_and_hour_of_a_year():
    failures = {}
    for moment in moments_of_a_year():
        try:
            wrong = what_is_wrong(plan_at(moment), moment)
        except RuntimeError as error:  # the planner gave up
            wrong = [str(error)]
        if wrong:
            failures[moment.isoformat()] = wrong
    assert failures == {}


def test_demo_plans_at_every_hour_of_the_day_that_once_failed_whatever_the_seed():
    failures = {}
    for hour in range(24):
        moment = ONCE_FAILED.replace(hour=hour, minute=7 * hour % 60)
        for seed in (DEFAULT_SEED, 1, 7, 42):
            try:
                wrong = what_is_wrong(plan_at(moment, seed=seed), moment)
            except RuntimeError as error:  # the planner gave up
                wrong = [str(error)]
            if wrong:
                failures[f"{moment.isoformat()} seed {seed}"] = wrong
    assert failures == {}


def test_default_demo_plans_at_the_moment_that_once_failed():
    assert what_is_wrong(plan_at(ONCE_FAILED, count=DEFAULT_ISSUES), ONCE_FAILED) == []


def _history(plans):
    return [
        (
            plan.target,
            plan.post,
            plan.departments,
            [(step.at, step.kind, step.args) for step in plan.steps],
        )
        for plan in plans
    ]


def test_same_seed_and_moment_give_the_same_demo():
    assert _history(plan_at(ONCE_FAILED)) == _history(plan_at(ONCE_FAILED))
    assert _history(plan_at(ONCE_FAILED)) != _history(plan_at(ONCE_FAILED, seed=7))


@pytest.mark.django_db
def test_demo_loads_at_the_moment_that_once_failed():
    served_at = override_settings(
        ELASTICSEARCH_URL="", WAGTAILADMIN_BASE_URL="http://127.0.0.1:8125"
    )
    with served_at, time_machine.travel(ONCE_FAILED, tick=False):
        out = StringIO()
        call_command("load_initial_data", issues=SMALLEST_DEMO, stdout=out)
        assert f"Loaded {SMALLEST_DEMO} issues" in out.getvalue()
        assert "Log in at http://127.0.0.1:8125/admin/" in out.getvalue()
        assert set(Issue.objects.values_list("status", flat=True)) == set(Status.values)
        assert Issue.objects.filter(reopen_count__gt=0, status=Status.ASSIGNED).exists()
        assert Issue.objects.filter(hidden_at__isnull=False).exists()
        assert Issue.objects.overdue().exists()
        on_time = Issue.objects.filter(status=Status.ASSIGNED, due_date__gte=ONCE_FAILED.date())
        assert on_time.exists()
        assert not Issue.objects.filter(created_at__gt=ONCE_FAILED).exists()
