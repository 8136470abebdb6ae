"""The editors' decisions on a week's desk (pin, exclude, mark a department to be questioned):
`DeskDecision` rows, the current state being the latest unrevoked row per (week, kind, target)."""

from dataclasses import dataclass, field

from .models import DeskDecision


@dataclass
class Decisions:
    pinned: list = field(default_factory=list)  # issue ids, in the order they were pinned
    excluded: set = field(default_factory=set)  # issue ids
    marked: set = field(default_factory=set)  # department ids
    rows: list = field(default_factory=list)  # the current DeskDecision rows


def current_decisions(week_key):
    rows = list(
        DeskDecision.objects.filter(week=week_key, revoked_at__isnull=True).order_by("at", "pk")
    )
    decisions = Decisions(rows=rows)
    for row in rows:
        if row.kind == DeskDecision.Kind.PIN and row.issue_id not in decisions.pinned:
            decisions.pinned.append(row.issue_id)
        elif row.kind == DeskDecision.Kind.EXCLUDE:
            decisions.excluded.add(row.issue_id)
        elif row.kind == DeskDecision.Kind.QUESTION:
            decisions.marked.add(row.department_id)
    return decisions
