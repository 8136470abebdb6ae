"""The editors' decisions on a week's desk (pin, exclude, mark a department to be questioned):
`DeskDecision` rows, the current state being the latest unrevoked row per (week, kind, target);
the table itself is the history (who, when, revoked by whom, when).

Pinning a thread lifts its exclusion and excluding lifts its pin (one thread, one editorial
state). `reporting.desk.decide` / `revoke` wrap these and re-freeze a frozen week (the new
selection is stored, the old one kept in `DeskWeek.history` with who and when).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Issue

from .desk_access import require_desk_user
from .models import DeskDecision

Kind = DeskDecision.Kind
OPPOSITE = {Kind.PIN: Kind.EXCLUDE, Kind.EXCLUDE: Kind.PIN}


@dataclass
class Decisions:
    pinned: list = field(default_factory=list)  # issue ids, in the order they were pinned
    excluded: set = field(default_factory=set)  # issue ids
    marked: set = field(default_factory=set)  # department ids
    rows: list = field(default_factory=list)  # the current DeskDecision rows


def current_decisions(week_key):
    rows = list(
        DeskDecision.objects.filter(week=week_key, revoked_at__isnull=True)
        .select_related("by", "issue", "department")
        .order_by("at", "pk")
    )
    decisions = Decisions(rows=rows)
    for row in rows:
        if row.kind == Kind.PIN and row.issue_id not in decisions.pinned:
            decisions.pinned.append(row.issue_id)
        elif row.kind == Kind.EXCLUDE:
            decisions.excluded.add(row.issue_id)
        elif row.kind == Kind.QUESTION:
            decisions.marked.add(row.department_id)
    return decisions


def _current(week, kind, issue=None, department=None):
    return DeskDecision.objects.filter(
        week=week.key, kind=kind, issue=issue, department=department, revoked_at__isnull=True
    )


def decide(week, kind, by, issue=None, department=None, note=""):
    """Record a pin or exclusion of `issue`, or a mark of `department`, on `week` (a `Week`);
    the same decision twice is one (the first stays)."""
    require_desk_user(by)
    if kind in OPPOSITE and (issue is None or department is not None):
        raise ValidationError(_("Pin or exclude a thread."))
    if kind == Kind.QUESTION and (department is None or issue is not None):
        raise ValidationError(_("Mark a department."))
    if issue is not None and not Issue.objects.public().filter(pk=issue.pk).exists():
        raise ValidationError(_("Only a public thread can be pinned or excluded."))
    now = timezone.now()
    with transaction.atomic():
        existing = _current(week, kind, issue, department).first()
        if existing is not None:
            return existing
        if kind in OPPOSITE:
            _current(week, OPPOSITE[kind], issue).update(revoked_by=by, revoked_at=now)
        decision = DeskDecision.objects.create(
            week=week.key, kind=kind, issue=issue, department=department, note=note, by=by, at=now
        )
    return decision


def revoke(week, decision_id, by):
    """Revoke a current decision of `week` (who and when are kept on the row)."""
    require_desk_user(by)
    now = timezone.now()
    with transaction.atomic():
        changed = DeskDecision.objects.filter(
            pk=decision_id, week=week.key, revoked_at__isnull=True
        ).update(revoked_by=by, revoked_at=now)
        if not changed:
            raise ValidationError(_("This decision is no longer in force."))
    return now
