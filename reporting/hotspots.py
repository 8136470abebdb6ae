"""热点, hot topics: a period's public threads grouped by what they are about (and where), ranked.

    update_term_frequencies("2026-W48")            # the week's idf contribution (weekly job)
    compute_hot_topics(start, end, kind)           # -> HotTopicRun, replacing the stored one
    compute_week_hot_topics("2026-W48")            # both, for one ISO week

Method (see the README): each thread is a TF-IDF vector of character bigrams (title twice, body
once, places taken out, idf from the 52 weeks before the period: `hotspot_text`); threads are
grouped by average linkage above a similarity threshold with a bonus for the same district, on a
candidate graph from an inverted index (`hotspot_grouping`); groups of HOT_TOPIC_MIN_SIZE threads
or more are topics. Their lineage in the previous period, growth, trend and marks come from
`hotspot_history`.

A topic's rank follows its score, documented here as the one definition:

    score = size + 0.1 × support ("me too") + 0.5 × max(growth, 0) + 0.5 × overdue

A thread weighs one, ten "me too" weigh one more thread, and a topic that grew or that holds
threads past their due date goes up by half a thread per thread of growth or overdue thread.
Ties: the larger topic, then the one whose medoid thread was received first.
"""

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.conf import setting
from feedback.models import Issue

from .hotspot_grouping import Settings, Thread, group_threads
from .hotspot_history import TREND_WEEKS, add_trends, link_lineage
from .hotspot_text import fold, heaviest, keywords, unit, vector
from .hotspot_threads import (
    background_idf,
    departments_of,
    district_labels,
    district_names,
    thread_rows,
    update_term_frequencies,
    week_period,
    weeks_ending_with,
)
from .models import HotTopic, HotTopicMember, HotTopicRun

__all__ = ["compute_hot_topics", "compute_week_hot_topics", "update_term_frequencies"]

GROUPING = Settings()
VECTOR_TERMS = 60  # the heaviest terms kept of each thread (memory stays bounded over a year)
CENTROID_TERMS = 30
KEYWORDS = 6
# The previous periods a run reaches back to: 2 for "grew in each of the last 2 periods"; a
# missing previous run is computed (and stored) on the way.
HISTORY = 2
PARAMS_VERSION = 1


@dataclass
class Draft:
    """A topic before it is stored."""

    members: list  # thread pks, in the order received
    total: dict  # the sum of the members' vectors
    centroid: dict  # unit, the CENTROID_TERMS heaviest terms
    medoid: int
    similarities: dict  # pk -> cosine with the centroid
    size: int = 0
    support: int = 0
    overdue: int = 0
    departments: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    label: str = ""
    # set by hotspot_history
    lineage: object = None
    previous_size: int = 0
    growth: int = 0
    growing: bool = False
    trend: list = field(default_factory=list)
    recurring: bool = False

    @property
    def score(self):
        return self.size + 0.1 * self.support + 0.5 * max(self.growth, 0) + 0.5 * self.overdue


def params():
    return {
        "version": PARAMS_VERSION,
        "threshold": GROUPING.threshold,
        "district_bonus": GROUPING.district_bonus,
        "min_size": setting("HOT_TOPIC_MIN_SIZE"),
        "background_weeks": 52,
    }


def params_key(values):
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def compute_week_hot_topics(week, *, now=None):
    """The weekly job for one ISO week: its term frequencies, then its run."""
    period = week_period(week)
    update_term_frequencies(period)
    return compute_hot_topics(period.start, period.end, HotTopicRun.Kind.WEEK, now=now)


def compute_hot_topics(start, end, kind=HotTopicRun.Kind.CUSTOM, *, now=None):
    """Group the public threads received in [start, end) and store the run, replacing the one
    of the same period and parameters (in one transaction: readers see the old or the new)."""
    return _compute(start, end, kind, now or timezone.now(), HISTORY)


def previous_run(start, end, kind, key, now, history):
    """The stored run of the period of the same length just before; computed when missing and
    `history` allows."""
    before = start - (end - start)
    run = (
        HotTopicRun.objects.filter(kind=kind, start=before, end=start, params_key=key)
        .order_by("-computed_at", "-pk")
        .first()
    )
    if run is None and history > 0:
        run = _compute(before, start, kind, now, history - 1)
    return run


def _compute(start, end, kind, now, history):
    started = time.perf_counter()
    values = params()
    key = params_key(values)
    previous = previous_run(start, end, kind, key, now, history)
    idf = background_idf(start, end)
    weeks = weeks_ending_with(end, TREND_WEEKS)
    window = min(start, weeks[0].start)
    threads, rows, weekly = [], {}, [[] for _week in weeks]
    for row in thread_rows(window, end, district_names(), now):
        weights = dict(heaviest(vector(row.counts, idf), VECTOR_TERMS))
        week = next((n for n, w in enumerate(weeks) if w.start <= row.created_at < w.end), None)
        if week is not None:
            weekly[week].append(weights)
        if row.created_at >= start:
            threads.append(Thread(row.pk, weights, row.district, (row.created_at, row.pk)))
            rows[row.pk] = row
    groups = group_threads(threads, GROUPING)
    vectors = {thread.pk: thread.vector for thread in threads}
    drafts = [
        draft(members, vectors, rows) for members in groups if len(members) >= values["min_size"]
    ]
    describe(drafts, rows)
    previous_topics = list(previous.topics.all()) if previous else []
    link_lineage(drafts, previous_topics)
    add_trends(drafts, weekly, values["min_size"])
    drafts.sort(key=lambda d: (-d.score, -d.size, rows[d.medoid].created_at, d.medoid))
    return store(kind, start, end, values, key, len(threads), drafts, started)


def draft(members, vectors, rows):
    total = Counter()
    for pk in members:
        total.update(vectors[pk])
    centroid = unit(dict(heaviest(total, CENTROID_TERMS)))
    full = unit(dict(total))
    similarities = {pk: sum(w * full.get(t, 0.0) for t, w in vectors[pk].items()) for pk in members}
    # `members` come in the order received: the earlier of two equally central threads wins
    medoid = min(range(len(members)), key=lambda n: (-similarities[members[n]], n))
    medoid = members[medoid]
    return Draft(
        members=members,
        total=total,
        centroid=centroid,
        medoid=medoid,
        similarities=similarities,
        size=len(members),
        support=sum(rows[pk].support for pk in members),
        overdue=sum(1 for pk in members if rows[pk].overdue),
        label=rows[medoid].title,
    )


def describe(drafts, rows):
    """Keywords, departments and districts of each draft (the latter most threads first:
    [{slug, name, count}])."""
    departments = departments_of([pk for d in drafts for pk in d.members])
    places = district_labels()
    texts = medoid_texts([item.medoid for item in drafts])
    for item in drafts:
        item.keywords = keywords(item.total, KEYWORDS, texts.get(item.medoid, ""))
        item.departments = counted(
            label for pk in item.members for label in departments.get(pk, ())
        )
        item.districts = counted(
            places[rows[pk].district] for pk in item.members if rows[pk].district in places
        )


def medoid_texts(pks):
    """{pk: folded title and body} of the medoids, for joining keywords into words."""
    texts = {}
    for offset in range(0, len(pks), 500):
        rows = Issue.objects.filter(pk__in=pks[offset : offset + 500])
        for pk, title, body in rows.values_list("pk", "title", "body"):
            texts[pk] = fold(f"{title} {body}")
    return texts


def counted(labels):
    counts = Counter(labels)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"slug": slug, "name": name, "count": n} for (slug, name), n in ordered]


@transaction.atomic
def store(kind, start, end, values, key, thread_count, drafts, started):
    HotTopicRun.objects.filter(kind=kind, start=start, end=end, params_key=key).delete()
    run = HotTopicRun.objects.create(
        kind=kind,
        start=start,
        end=end,
        params=values,
        params_key=key,
        threads=thread_count,
        computed_at=timezone.now(),
    )
    topics = HotTopic.objects.bulk_create(
        HotTopic(
            run=run,
            rank=rank,
            medoid_id=item.medoid,
            label=item.label[:200],
            keywords=item.keywords,
            size=item.size,
            support=item.support,
            previous_size=item.previous_size,
            growth=item.growth,
            overdue=item.overdue,
            departments=item.departments,
            districts=item.districts,
            trend=item.trend,
            lineage=item.lineage,
            growing=item.growing,
            recurring=item.recurring,
            centroid={term: round(weight, 6) for term, weight in item.centroid.items()},
        )
        for rank, item in enumerate(drafts, start=1)
    )
    HotTopicMember.objects.bulk_create(
        (
            HotTopicMember(topic=topic, issue_id=pk, similarity=round(item.similarities[pk], 6))
            for topic, item in zip(topics, drafts, strict=True)
            for pk in item.members
        ),
        batch_size=1000,
    )
    run.seconds = time.perf_counter() - started
    run.save(update_fields=["seconds"])
    return run
