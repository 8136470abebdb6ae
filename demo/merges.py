"""并单 in the demo: a few groups over the year, each an earlier thread on the wall and one to
three later reports of the same problem (the same topic and case, at the same place, so in the
same district), merged into it by the demo moderator through `Issue.merge_into`, so that the
events, the audit rows and the "N reports merged" are what real use produces.

Planned once every other plan is dated: a few closed plans (the bulk of the year's history) are
planned again as those later reports. Each is received while its thread is public and not yet
resolved, then merged from the moderation queue, or published first and merged once the
duplicate was noticed. The number of issues stays the one asked for.
"""

from datetime import timedelta

from django.utils import timezone

from demo import text
from feedback.workflow import Status

# Plans whose thread may receive merged reports: public, being handled or finished.
MAIN_TARGETS = {Status.ASSIGNED, "overdue", Status.ANSWERED, Status.RESOLVED, Status.CLOSED}
MOST_GROUPS = 10
# Closed plans left as they are, at least (`builder.quotas` asks for five).
CLOSED_KEPT = 5
# The later reports arrive this long after the thread is published, and are merged this long
# before it is resolved (or before now).
AFTER_PUBLISHED = timedelta(hours=3)
BEFORE_END = timedelta(days=1)
ATTEMPTS = 20

MERGE_NOTES = (
    "与第{number}号帖反映的是同一问题、同一地点，并入办理。",
    "同一小区同一问题，已有帖子在办，合并后统一答复。",
    "重复反映，并入第{number}号帖，附议合并计算。",
)


def group_count(total):
    """About one group per 32 issues, from 2 to MOST_GROUPS (10 in the default demo)."""
    return max(2, min(MOST_GROUPS, round(total / 32)))


def plan_merges(planner, plans):
    """Turn a few closed plans into later reports merged into earlier threads (in place)."""
    rng = planner.rng
    chosen = _spread(_candidate_mains(planner, plans), group_count(len(plans)))
    taken = {id(plan) for plan in chosen}
    donors = [
        plan
        for plan in plans
        if plan.target == Status.CLOSED
        and not plan.hidden
        and not plan.reopen
        and id(plan) not in taken
    ]
    rng.shuffle(donors)
    spare = sum(plan.target == Status.CLOSED for plan in plans) - CLOSED_KEPT
    for main in chosen:
        for _report in range(rng.choice((1, 1, 2, 2, 3))):
            if spare <= 0 or not donors:
                return
            if _plan_later_report(planner, donors[-1], main):
                donors.pop()
                spare -= 1


def _window(planner, plan):
    """When a later report of `plan`'s problem may arrive and be merged: (start, end) or None."""
    published = next((step.at for step in plan.steps if step.kind == "publish"), None)
    if published is None or any(step.kind == "hide" for step in plan.steps):
        return None
    resolved = next((step.at for step in plan.steps if step.kind == "resolve"), planner.now)
    start, end = published + AFTER_PUBLISHED, min(resolved, planner.now) - BEFORE_END
    return (start, end) if end - start > timedelta(days=1) else None


def _candidate_mains(planner, plans):
    """Threads that may receive merged reports, in the order they were published."""
    usable = [
        plan
        for plan in plans
        if plan.target in MAIN_TARGETS and not plan.hidden and _window(planner, plan)
    ]
    return sorted(usable, key=lambda plan: _window(planner, plan)[0])


def _spread(mains, count):
    """`count` threads spread over the year: evenly spaced in publication order."""
    if len(mains) <= count:
        return list(mains)
    return [mains[int((index + 0.5) * len(mains) / count)] for index in range(count)]


def _plan_later_report(planner, plan, main):
    """Plan `plan` again as a later report of `main`'s problem, merged into it; False when no
    dates fit (the plan is then left as it was)."""
    rng = planner.rng
    start, end = _window(planner, main)
    for _attempt in range(ATTEMPTS):
        day = timezone.localdate(start + (end - start) * rng.random())
        received = planner.citizen_time(day)
        if received <= start:
            continue
        moment = received
        published_first = rng.random() < 0.4
        if published_first:
            moment = planner.moderator_hours(moment + timedelta(hours=rng.uniform(1, 30)))
        merged_at = planner.moderator_hours(moment + timedelta(hours=rng.uniform(0.5, 40)))
        if merged_at < end:
            break
    else:
        return False
    plan.target, plan.topic, plan.variant, plan.place = (
        Status.MERGED,
        main.topic,
        main.variant,
        main.place,
    )
    plan.departments, plan.reason, plan.hidden, plan.reopen = (
        list(main.departments),
        "",
        False,
        False,
    )
    plan.follow_ups, plan.due_date, plan.merge_into = {}, None, main
    plan.steps = []
    planner.add_step(plan, received, "submit")
    if published_first:
        planner.add_step(plan, moment, "publish")
    planner.add_step(plan, merged_at, "merge", note=rng.choice(MERGE_NOTES))
    # Written on the day it is received, like every demo post.
    plan.post = text.issue_post(
        rng, main.topic, main.variant, main.place, timezone.localtime(received)
    )
    return True


def merge(builder, plan, note):
    """The demo moderator merges the report into its thread (the step `merge`)."""
    main = plan.merge_into.issue
    plan.issue.merge_into(builder.moderator, main, note.format(number=main.pk))
