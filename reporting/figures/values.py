"""What a figure is: a rate with its sample, durations with their percentiles, a row of figures.
"Too few" is decided here (`min_sample`), once for every page and export."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.conf import setting
from feedback.models import Department

from ..periods import Period


def min_sample():
    return setting("MIN_SAMPLE")


TOO_FEW = _("too few")


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator; the denominator is the sample."""

    numerator: int
    denominator: int
    min_sample: int

    @property
    def sample(self):
        return self.denominator

    @property
    def too_few(self):
        return self.denominator < self.min_sample

    @property
    def value(self):
        """The share between 0 and 1, or None when nothing was measured."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self):
        return None if self.value is None else round(100 * self.value, 1)

    @property
    def misses(self):
        """The denominator's part outside the numerator (e.g. 不满意数: verdicts not satisfied)."""
        return self.denominator - self.numerator

    @property
    def rank_value(self):
        """What sorting and ranking use: None when the sample is too small."""
        return None if self.too_few else self.value

    def __str__(self):
        return str(TOO_FEW) if self.too_few else f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Durations:
    """Median and 90th percentile of a set of durations, and their sample size."""

    sample: int
    median: timedelta | None
    p90: timedelta | None
    min_sample: int

    @property
    def too_few(self):
        return self.sample < self.min_sample

    @property
    def median_hours(self):
        return _hours(self.median)

    @property
    def p90_hours(self):
        return _hours(self.p90)

    @property
    def median_display(self):
        return str(TOO_FEW) if self.too_few else format_duration(self.median)

    @property
    def p90_display(self):
        return str(TOO_FEW) if self.too_few else format_duration(self.p90)


def _hours(value):
    return None if value is None else round(value.total_seconds() / 3600, 1)


def format_duration(value):
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 48:
        return ngettext("%(n).1f hour", "%(n).1f hours", math.ceil(hours)) % {"n": hours}
    days = hours / 24
    return ngettext("%(n).1f day", "%(n).1f days", math.ceil(days)) % {"n": days}


@dataclass(frozen=True)
class Resolution:
    """How the assignments of a period ended up (the results bulletins' columns).

    按时办结 `resolved_on_time`: resolved by the due date (local dates); 超时办结 `resolved_late`:
    resolved after it; 未办结 `unresolved`: not resolved (yet); 超期未办结 `overdue_unresolved`:
    not resolved and past the due date at the cut-off. Every assignment gets a due date, so
    on time + late + unresolved = assignments.
    """

    assignments: int
    resolved: int
    with_due_date: int
    resolved_with_due_date: int
    resolved_on_time: int
    overdue_unresolved: int
    min_sample: int

    @property
    def resolved_late(self):
        return self.resolved_with_due_date - self.resolved_on_time

    @property
    def unresolved(self):
        return self.assignments - self.resolved

    @property
    def resolution_rate(self):
        """办结率: resolved ÷ assignments."""
        return Rate(self.resolved, self.assignments, self.min_sample)

    @property
    def on_time_resolution_rate(self):
        """按时办结率: resolved by the due date ÷ assignments with a due date."""
        return Rate(self.resolved_on_time, self.with_due_date, self.min_sample)


@dataclass
class Figures:
    """Every figure of one department (or of the whole city when `department` is None)."""

    period: Period
    department: Department | None
    received: int
    published: int | None  # issues published: the city only (departments get published issues)
    answered: int
    resolved: int
    reopened: int
    reply_rate: Rate
    on_time_rate: Rate
    reopen_rate: Rate  # 返工率, the re-do rate: assignments sent back ÷ assignments resolved
    first_reply_time: Durations
    resolution_time: Durations
    reporter_satisfaction: Rate
    public_satisfaction: Rate
    extra: dict = field(default_factory=dict)
    resolution: Resolution | None = None
    # 提级督办: assignments whose sending back escalated the issue (part of `reopened`).
    escalated: int = 0
    # 并单: the city only, reports received in the period and merged into an earlier thread
    # (counted in no other figure: their group counts once, through its main thread).
    merged: int | None = None

    @property
    def name(self):
        return self.department.name if self.department else str(_("Whole city"))

    @property
    def wall_url(self):
        url = reverse("wall:wall")
        return f"{url}?department={self.department.slug}" if self.department else url
