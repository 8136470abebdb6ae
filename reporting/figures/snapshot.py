"""Figures for public pages, kept in the (shared) cache for a few minutes."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from core.conf import setting
from feedback.models import Issue

from ..periods import Period
from .aggregates import city_figures, department_figures
from .values import Figures


@dataclass
class Snapshot:
    """Department and city figures of one period, as computed at `computed_at`."""

    period: Period
    departments: list
    city: Figures
    computed_at: datetime


def cache_seconds():
    return setting("FIGURES_CACHE_SECONDS")


def first_day_with_data():
    """The local date of the first issue received (today without any), cached like `snapshot`:
    no figure of an earlier period can differ from zero, since assignments and votes follow an
    issue. Figures pages offer periods from there on."""
    seconds = cache_seconds()
    cached = cache.get(_FIRST_DAY_KEY) if seconds else None
    if cached is None:
        first = Issue.objects.aggregate(first=Min("created_at"))["first"]
        cached = timezone.localdate(first) if first else timezone.localdate()
        if seconds:
            cache.set(_FIRST_DAY_KEY, cached, seconds)
    return cached


_FIRST_DAY_KEY = "echowall:figures:first-day"


def snapshot(period):
    """`department_figures` and `city_figures` of the period, kept in the cache for
    ``ECHOWALL["FIGURES_CACHE_SECONDS"]`` (default 10 minutes; 0 turns the cache off).

    Public pages (the figures page, the home page, the screens) call this: on 100,000 issues a
    year's figures take seconds to compute, and they need not be fresher than a few minutes.
    """
    key = f"echowall:figures:{period.kind}:{period.start.isoformat()}:{period.end.isoformat()}"
    seconds = cache_seconds()
    cached = cache.get(key) if seconds else None
    if cached is None:
        cached = Snapshot(period, department_figures(period), city_figures(period), timezone.now())
        if seconds:
            cache.set(key, cached, seconds)
    return cached
