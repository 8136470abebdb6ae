"""热点: the threads a grouping reads, and the idf background (`reporting.hotspots`).

Only public threads count (`Issue.objects.public()`: moderated, not hidden) and a merged report
never does (its group is its main thread, counted once). A thread belongs to the period in which
it was received (`created_at`). Rows are streamed (`.iterator()`) so that a year of threads
never sits in memory as model instances.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from feedback.models import Assignment, District, Issue
from feedback.workflow import is_overdue

from .hotspot_text import Idf, fold, place_names, term_counts
from .models import TermFrequencies
from .periods import Period

BACKGROUND_WEEKS = 52
CHUNK = 2000
PK_SLICE = 500


@dataclass(frozen=True)
class ThreadRow:
    pk: int
    created_at: object
    title: str
    district: int | None
    support: int
    overdue: bool
    counts: Counter  # term counts (`hotspot_text.term_counts`)


def week_period(week):
    """The ISO week named by "2026-W48", or a `Period`/desk `Week` with such a `.key`."""
    key = week if isinstance(week, str) else getattr(week, "key", None)
    period = Period.from_key(key) if isinstance(key, str) else None
    if period is None or period.kind != "week":
        raise ValueError(f"not an ISO week such as 2026-W48: {week!r}")
    return period


def district_names():
    """The districts' names and their short forms (城东街道 → 城东), folded, for taking places
    out."""
    names = []
    for name in District.objects.order_by("pk").values_list("name", flat=True):
        names.append(name)
        for suffix in ("街道", "镇", "乡", "区", "县"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                names.append(name[: -len(suffix)])
    return [fold(name) for name in names]


def public_threads(start, end):
    return Issue.objects.public().filter(
        merged_into__isnull=True, created_at__gte=start, created_at__lt=end
    )


def thread_rows(start, end, districts, now=None):
    """`ThreadRow`s of the public threads received in [start, end), in primary-key order."""
    today = timezone.localdate(now)
    rows = (
        public_threads(start, end)
        .order_by("pk")
        .values_list(
            "pk",
            "created_at",
            "title",
            "body",
            "location",
            "district_id",
            "support_count",
            "status",
            "due_date",
        )
    )
    for pk, created, title, body, location, district, support, status, due in rows.iterator(
        chunk_size=CHUNK
    ):
        yield ThreadRow(
            pk=pk,
            created_at=created,
            title=title,
            district=district,
            support=support,
            overdue=is_overdue(status, due, today),
            counts=term_counts(title, body, place_names(location, districts)),
        )


def update_term_frequencies(week):
    """Count, for each term, the public threads of `week` that contain it; store (replace) the
    week's `TermFrequencies` and return it."""
    period = week_period(week)
    districts = district_names()
    df, threads = Counter(), 0
    for row in thread_rows(period.start, period.end, districts):
        df.update(row.counts.keys())
        threads += 1
    stored, _created = TermFrequencies.objects.update_or_create(
        week=period.key,
        defaults={
            "threads": threads,
            "df": dict(sorted(df.items())),
            "computed_at": timezone.now(),
        },
    )
    return stored


def weeks_between(start, end):
    """The ISO weeks that overlap [start, end), oldest first."""
    week = Period.week(timezone.localtime(start).date())
    weeks = []
    while week.start < end:
        weeks.append(week)
        week = week.next()
    return weeks


def background_weeks(start):
    """The 52 ISO weeks before the one containing `start`, oldest first."""
    week = Period.week(timezone.localtime(start).date())
    weeks = []
    for _n in range(BACKGROUND_WEEKS):
        week = week.previous()
        weeks.append(week)
    return weeks[::-1]


def term_frequencies(weeks):
    """The stored `TermFrequencies` of `weeks`; a week that has ended and is not counted yet is
    counted first (the weekly job normally has), so an on-demand run needs nothing done before
    it. A week still in progress is not stored half-counted."""
    keys = [week.key for week in weeks]
    present = set(TermFrequencies.objects.filter(week__in=keys).values_list("week", flat=True))
    now = timezone.now()
    for week in weeks:
        if week.key not in present and week.end <= now:
            update_term_frequencies(week)
    return TermFrequencies.objects.filter(week__in=keys).order_by("week")


def summed(rows):
    df, threads = Counter(), 0
    for week_threads, week_df in rows.values_list("threads", "df").iterator(chunk_size=8):
        threads += week_threads
        df.update(week_df)
    return df, threads


def background_idf(start, end):
    """The `Idf` of a period: the document frequencies of the 52 weeks before it and of the
    weeks it overlaps; the latter alone are its own (`period_df`)."""
    background, background_threads = summed(term_frequencies(background_weeks(start)))
    own, own_threads = summed(term_frequencies(weeks_between(start, end)))
    background.update(own)
    return Idf(background, background_threads + own_threads, own)


def departments_of(pks):
    """{issue pk: [(slug, name)]}: the departments given each thread (transfers were wrong
    assignments and do not count), each once; read in slices of primary keys (a year's threads
    would pass the databases' limit on query parameters)."""
    found = {}
    pks = sorted(pks)
    for offset in range(0, len(pks), PK_SLICE):
        rows = (
            Assignment.objects.filter(
                issue__in=pks[offset : offset + PK_SLICE], transferred_at__isnull=True
            )
            .order_by("issue", "department__sort_order", "department__name")
            .values_list("issue", "department__slug", "department__name")
        )
        for issue, slug, name in rows:
            departments = found.setdefault(issue, [])
            if (slug, name) not in departments:
                departments.append((slug, name))
    return found


def district_labels():
    return {
        pk: (slug, name) for pk, slug, name in District.objects.values_list("pk", "slug", "name")
    }


def weeks_ending_with(end, count):
    """The `count` ISO weeks up to the one holding the instant before `end`, oldest first."""
    week = Period.week(timezone.localtime(end - timedelta(microseconds=1)).date())
    weeks = [week]
    for _n in range(count - 1):
        weeks.append(weeks[-1].previous())
    return weeks[::-1]
