"""行风视线: the TV programme's weekly desk: which threads, departments and hot topics a week offers.

`parse_week("2026-W48")` names a week (ISO, [Monday 00:00, next Monday 00:00) in the site's time
zone); `build_week(week)` gives its `WeekSelection`. Every rule (`desk_rules`) reads only rows
stamped before the week's end, so rebuilding a past week gives the same answer; the first build
after the week ended is frozen in a `DeskWeek` row and served from there ever after, until an
editor's decision (`desk_decisions`) re-freezes it (the old selection goes to its history).

A selection is plain data: `WeekSelection.to_json()` is what is frozen, `from_json()` reads it
back; labels (reasons, statuses) are stored as codes and named in the active language when read.
"""

from django.db import transaction
from django.utils import timezone

from . import desk_decisions
from .desk_follow_up import follow_up
from .desk_rules import compute
from .desk_week import (  # noqa: F401 (the desk's interface, re-exported)
    BAD_WEEK,
    REASONS,
    DeskThread,
    Week,
    WeekSelection,
    _when,
    current_week,
    parse_week,
    reason_label,
    week_of,
)
from .models import DeskWeek


def compute_week(week):
    """The selection of `week` from the rows stamped before its end (never frozen, never stored)."""
    return compute(week)


def build_week(week, now=None, with_follow_up=True):
    """The desk of `week` (a `Week` or "2026-W48"): the frozen selection when there is one; else
    computed, and frozen now when the week has ended."""
    if isinstance(week, str):
        week = parse_week(week, now)
    now = now or timezone.now()
    stored = DeskWeek.objects.filter(week=week.key).first()
    if stored is not None and stored.frozen_at is not None:
        selection = WeekSelection.from_json(
            week, stored.selection, stored.frozen_at, stored.built_at
        )
    else:
        selection = compute_week(week)
        selection.built_at = now
        if week.has_ended(now):
            selection = freeze(week, selection, now)
    if with_follow_up:
        selection.follow_up = follow_up(week, now)
    return selection


def freeze(week, selection, now, by=None):
    """Store `selection` as the frozen desk of `week`; an earlier frozen one goes to history."""
    with transaction.atomic():
        stored, _created = DeskWeek.objects.select_for_update().get_or_create(week=week.key)
        if stored.frozen_at is not None:
            stored.history = [
                *stored.history,
                {
                    "at": _when(now),
                    "by": getattr(by, "pk", None),
                    "frozen_at": _when(stored.frozen_at),
                    "selection": stored.selection,
                },
            ]
        stored.selection = selection.to_json()
        stored.built_at = now
        stored.frozen_at = now
        stored.save()
    selection.frozen_at = now
    return selection


def refreeze(week, by, now=None):
    """Compute the frozen `week` again (after an editor's decision) and freeze the new selection;
    the old one goes to `DeskWeek.history` with who and when."""
    now = now or timezone.now()
    selection = compute_week(week)
    selection.built_at = now
    return freeze(week, selection, now, by=by)


def _refreeze_if_frozen(week, by, now):
    if DeskWeek.objects.filter(week=week.key, frozen_at__isnull=False).exists():
        refreeze(week, by, now)


def decide(week, kind, by, issue=None, department=None, note=""):
    """An editor's pin / exclusion / department mark (`desk_decisions.decide`); a frozen week is
    re-frozen with it."""
    with transaction.atomic():
        decision = desk_decisions.decide(week, kind, by, issue, department, note)
        _refreeze_if_frozen(week, by, decision.at)
    return decision


def revoke(week, decision_id, by):
    """Revoke a current decision (`desk_decisions.revoke`); a frozen week is re-frozen."""
    with transaction.atomic():
        now = desk_decisions.revoke(week, decision_id, by)
        _refreeze_if_frozen(week, by, now)
