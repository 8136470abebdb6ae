"""Hot topics: accepted issues by category or district, their share and the change against the
previous period (环比), in one query for both periods.

Accepted (受理) issues are those received in the period (`Issue.created_at`) and published by
now: neither rejected (spam, duplicates) nor still waiting for moderation, nor merged into an
earlier thread (并单: the group counts once), the same definition as
`city_figures(...).extra["accepted"]`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q

from feedback.models import Issue

# The dimensions issues are grouped by: name → (group id field, group name field, order field).
DIMENSIONS = {
    "category": ("category_id", "category__name", "category__sort_order"),
    "district": ("district_id", "district__name", "district__sort_order"),
}


@dataclass(frozen=True)
class Topic:
    """One category (or district): its accepted issues now and in the previous period."""

    id: int | None
    name: str
    count: int
    previous: int
    total: int  # accepted issues of every group in the period (the share's denominator)

    @property
    def share(self):
        """The percentage of the period's accepted issues, to 0.1; None without any."""
        return round(100 * self.count / self.total, 1) if self.total else None

    @property
    def change(self):
        """环比: the change against the previous period in percent, to 0.1; None when the
        previous period had none (no ratio to state)."""
        if not self.previous:
            return None
        return round(100 * (self.count - self.previous) / self.previous, 1)


def topic_counts(period, dimension="category"):
    """[{"id", "name", "count", "previous"}] for every group with accepted issues in the period
    or the previous one, most issues first (then in the groups' usual order). Plain values, so
    a bulletin can freeze them; `topics()` turns them into `Topic`s."""
    group, name, order = DIMENSIONS[dimension]
    previous = period.previous()
    rows = (
        Issue.objects.counted()
        .filter(
            created_at__gte=previous.start,
            created_at__lt=period.end,
            published_at__isnull=False,
        )
        .values(group_id=F(group), name=F(name), order=F(order))
        .annotate(
            count=Count("pk", filter=Q(created_at__gte=period.start)),
            previous=Count("pk", filter=Q(created_at__lt=period.start)),
        )
        .order_by("-count", "order", "name")
    )
    return [
        {
            "id": row["group_id"],
            "name": row["name"],
            "count": row["count"],
            "previous": row["previous"],
        }
        for row in rows
    ]


def topics(counts):
    """`Topic`s from `topic_counts()` rows (live or frozen)."""
    total = sum(row["count"] for row in counts)
    return [Topic(total=total, **row) for row in counts]
