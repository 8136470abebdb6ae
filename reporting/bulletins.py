"""The results bulletin's figures (办理结果通报): frozen into JSON when a bulletin is drafted, thawed
to render it, so that a published bulletin never changes when the data does.

`freeze(period, thresholds)` computes, through the figures service (one definition of every
number), the city's totals, one row per unit (department) with an assignment in the period, the
hot topics with their change against the previous period, the 红黑榜 lists and the ids of the
resolved threads to cite. It keeps counts (numerators and denominators), never formatted rates,
so that `thaw()` rebuilds the same `Rate` / `Resolution` objects and live and frozen figures
read alike. The cut-off is the moment of freezing: outcomes count up to it.

What is frozen: every number, the units' names at the time, the thresholds and the minimum
sample. What stays live: citizens' text. `thread_ids` are ids only; the page shows those that
are public when it is read, so a later mask or hide reaches the bulletin.

红黑榜 (`RULES`): for each rule with a threshold, a unit whose sample is below the minimum is
listed as too few on that measure and never named or praised on it; a unit below the threshold
(strictly, as the percentage shown, to 0.1) is named (黑榜), worst first; a unit at the praise
level is praised (红榜): all of its sample when the level is 100%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from feedback.models import Issue

from .figures import city_figures, department_figures, min_sample
from .figures.topics import topic_counts, topics
from .figures.values import Durations, Rate, Resolution
from .periods import Period

VERSION = 1
KINDS = ("week", "month", "quarter")

# A 红黑榜 rule: the measure (a `Unit` attribute) and the threshold setting that names units.
RULES = (
    ("reply_rate", "reply_rate_min"),
    ("reporter_satisfaction", "satisfaction_min"),
    ("on_time_resolution_rate", "on_time_resolution_min"),
)
DEFAULT_THRESHOLDS = {
    "reply_rate_min": 92.0,
    "satisfaction_min": 85.0,
    "on_time_resolution_min": None,
    "praise_at": 100.0,
}
CITED_THREADS = 20


def _durations_record(durations):
    def seconds(value):
        return None if value is None else value.total_seconds()

    return {
        "n": durations.sample,
        "median_s": seconds(durations.median),
        "p90_s": seconds(durations.p90),
    }


def _record(figures):
    """The counts of one `Figures` (a department's or the city's), as JSON values."""
    resolution = figures.resolution
    return {
        "received": figures.received,
        "assignments": resolution.assignments,
        "answered": figures.answered,
        "resolved": figures.resolved,
        "reopened": figures.reopened,
        "escalated": figures.escalated,
        "with_due_date": resolution.with_due_date,
        "resolved_with_due_date": resolution.resolved_with_due_date,
        "resolved_on_time": resolution.resolved_on_time,
        "overdue_unresolved": resolution.overdue_unresolved,
        "replied_on_time": figures.on_time_rate.numerator,
        "reporter_votes": [
            figures.reporter_satisfaction.numerator,
            figures.reporter_satisfaction.denominator,
        ],
        "public_votes": [
            figures.public_satisfaction.numerator,
            figures.public_satisfaction.denominator,
        ],
        "first_reply": _durations_record(figures.first_reply_time),
        "resolution": _durations_record(figures.resolution_time),
    }


@dataclass(frozen=True)
class Unit:
    """One row of the bulletin's unit table (or the city's totals), thawed from its record."""

    id: int | None
    name: str
    sort_order: int
    received: int  # 交办总量 for a unit (its assignments); issues received for the city
    answered: int
    reopened: int
    escalated: int  # 提级督办: assignments whose sending back escalated the issue
    resolution: Resolution
    reply_rate: Rate
    on_time_rate: Rate
    reopen_rate: Rate
    reporter_satisfaction: Rate
    public_satisfaction: Rate
    first_reply_time: Durations
    resolution_time: Durations

    @property
    def resolution_rate(self):
        return self.resolution.resolution_rate

    @property
    def on_time_resolution_rate(self):
        return self.resolution.on_time_resolution_rate

    @property
    def dissatisfied(self):
        """不满意数: reporters' verdicts other than (basically) satisfied."""
        return self.reporter_satisfaction.misses


def _thaw_durations(record, min_n):
    def delta(seconds):
        return None if seconds is None else timedelta(seconds=seconds)

    return Durations(record["n"], delta(record["median_s"]), delta(record["p90_s"]), min_n)


def _thaw_unit(record, min_n, id=None, name="", sort_order=0):
    assignments = record["assignments"]
    return Unit(
        id=id,
        name=name,
        sort_order=sort_order,
        received=record["received"],
        answered=record["answered"],
        reopened=record["reopened"],
        # Bulletins frozen before escalation existed have no such count: none was escalated.
        escalated=record.get("escalated", 0),
        resolution=Resolution(
            assignments=assignments,
            resolved=record["resolved"],
            with_due_date=record["with_due_date"],
            resolved_with_due_date=record["resolved_with_due_date"],
            resolved_on_time=record["resolved_on_time"],
            overdue_unresolved=record["overdue_unresolved"],
            min_sample=min_n,
        ),
        reply_rate=Rate(record["answered"], assignments, min_n),
        on_time_rate=Rate(record["replied_on_time"], record["with_due_date"], min_n),
        reopen_rate=Rate(record["reopened"], record["resolved"], min_n),
        reporter_satisfaction=Rate(*record["reporter_votes"], min_n),
        public_satisfaction=Rate(*record["public_votes"], min_n),
        first_reply_time=_thaw_durations(record["first_reply"], min_n),
        resolution_time=_thaw_durations(record["resolution"], min_n),
    )


def _units(snapshot):
    min_n = snapshot["min_sample"]
    return [
        _thaw_unit(row, min_n, row["department"], row["name"], row["sort_order"])
        for row in snapshot["units"]
    ]


def ranking_lists(units, thresholds):
    """{"named"|"praised"|"too_few": {measure: [unit ids]}} by the rules with a threshold."""
    praise_at = thresholds.get("praise_at")
    lists = {"named": {}, "praised": {}, "too_few": {}}
    for measure, setting in RULES:
        threshold = thresholds.get(setting)
        if threshold is None:
            continue
        named, praised, too_few = [], [], []
        for unit in units:
            rate = getattr(unit, measure)
            if rate.too_few:
                too_few.append(unit)
            elif rate.percent < threshold:
                named.append(unit)
            elif praise_at is not None and (
                rate.numerator == rate.denominator
                if praise_at >= 100
                else rate.percent >= praise_at
            ):
                praised.append(unit)
        named.sort(key=lambda unit: (getattr(unit, measure).value, unit.sort_order, unit.name))
        lists["named"][measure] = [unit.id for unit in named]
        lists["praised"][measure] = [unit.id for unit in praised]
        lists["too_few"][measure] = [unit.id for unit in too_few]
    return lists


def cited_thread_ids(period, limit=CITED_THREADS):
    """The most-supported public threads resolved in the period (ids only: see the docstring)."""
    resolved = Issue.objects.public().filter(
        resolved_at__gte=period.start, resolved_at__lt=period.end
    )
    return list(
        resolved.order_by("-support_count", "-resolved_at").values_list("pk", flat=True)[:limit]
    )


def freeze(period, thresholds=None, cited=CITED_THREADS):
    """The snapshot of the period's figures now (the cut-off), as JSON-serialisable data."""
    thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    cutoff = timezone.localtime()
    min_n = min_sample()
    units = [
        {
            "department": figures.department.pk,
            "name": figures.department.name,
            "sort_order": figures.department.sort_order,
            **_record(figures),
        }
        for figures in department_figures(period)
        if figures.resolution.assignments
    ]
    city = city_figures(period)
    snapshot = {
        "version": VERSION,
        "period": {
            "kind": period.kind,
            "key": period.key,
            "first_day": period.first_day.isoformat(),
            "last_day": period.last_day.isoformat(),
        },
        "cutoff": cutoff.isoformat(),
        "min_sample": min_n,
        "thresholds": thresholds,
        "city": {
            **_record(city),
            "accepted": city.extra["accepted"],
            "published": city.published,
            "merged": city.merged,
        },
        "units": units,
        "categories": topic_counts(period, "category"),
        "districts": topic_counts(period, "district"),
        "threads": cited_thread_ids(period, cited),
    }
    snapshot["lists"] = ranking_lists(_units(snapshot), thresholds)
    return snapshot


@dataclass
class BulletinFigures:
    """A thawed snapshot: what the bulletin's templates read."""

    period: Period
    cutoff: datetime
    min_sample: int
    thresholds: dict
    city: Unit
    accepted: int
    merged: int  # 并单: reports received in the period and merged (counted within their thread)
    units: list
    categories: list
    districts: list
    lists: dict  # {"named"|"praised"|"too_few": {measure: [Unit]}}
    thread_ids: list

    @property
    def overdue_units(self):
        """Units with assignments past their due date and not resolved, most first."""
        overdue = [unit for unit in self.units if unit.resolution.overdue_unresolved]
        return sorted(
            overdue, key=lambda unit: (-unit.resolution.overdue_unresolved, unit.sort_order)
        )

    @property
    def rules(self):
        """The rules in force, with their frozen thresholds: [(measure, threshold)]."""
        return [
            (measure, self.thresholds[setting])
            for measure, setting in RULES
            if self.thresholds.get(setting) is not None
        ]


def period_of(snapshot):
    info = snapshot["period"]
    return Period.current(info["kind"], date.fromisoformat(info["first_day"]))


def thaw(snapshot):
    min_n = snapshot["min_sample"]
    units = _units(snapshot)
    by_id = {unit.id: unit for unit in units}
    return BulletinFigures(
        period=period_of(snapshot),
        cutoff=datetime.fromisoformat(snapshot["cutoff"]),
        min_sample=min_n,
        thresholds=snapshot["thresholds"],
        city=_thaw_unit(snapshot["city"], min_n),
        accepted=snapshot["city"]["accepted"],
        merged=snapshot["city"].get("merged", 0),
        units=units,
        categories=topics(snapshot["categories"]),
        districts=topics(snapshot["districts"]),
        lists={
            kind: {measure: [by_id[pk] for pk in ids] for measure, ids in measures.items()}
            for kind, measures in snapshot["lists"].items()
        },
        thread_ids=snapshot["threads"],
    )
