"""Reading the stored hot topics (热点, `reporting.models.hotspots`) for both faces: the staff
page (`staff.views.hot_topics`) and the block editors place on an analysis or a bulletin
(`home.hot_spots`). The computation lives in `reporting.hotspots`; nothing here groups threads.

A topic's threads are read live and only public ones come back: a thread hidden, merged or
rejected since the run drops out of every list, and a topic left with no public thread drops
out of the public block. Every function runs a constant number of queries, whatever the number
of runs, topics or threads.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Issue

from .models import HotTopic, HotTopicMember, HotTopicRun
from .periods import Period

LONGEST_ON_DEMAND_PERIOD = timedelta(days=366)
SPARKLINE_WIDTH, SPARKLINE_HEIGHT, SPARKLINE_GAP = 64, 18, 2


def period_of(first_day, last_day):
    """The period from `first_day` to `last_day` (both included): a week, month, quarter or
    year when the days are exactly one, so that its run is the one their pages look up; else a
    custom period."""
    for kind in Period.ALL_KINDS:
        period = Period.current(kind, first_day)
        if period.first_day == first_day and period.last_day == last_day:
            return period
    return Period.between(first_day, last_day + timedelta(days=1))


def check_on_demand_period(first_day, last_day, today=None):
    """The error message for a period that cannot be computed on demand, or None."""
    today = today or timezone.localdate()
    if last_day < first_day:
        return _("The last day comes before the first day.")
    if first_day > today:
        return _("The period has not started yet.")
    if (last_day - first_day) >= LONGEST_ON_DEMAND_PERIOD:
        return _("Choose a period of at most a year.")
    return None


def _with_period(run):
    """The run with `period`, its `Period` (key, label and title for people)."""
    if run is not None:
        run.period = Period(run.kind, run.start, run.end)
    return run


def runs(limit=200):
    """The stored runs, newest period first; of a period computed twice, the newer run first."""
    return [
        _with_period(run)
        for run in HotTopicRun.objects.order_by("-start", "kind", "-computed_at")[:limit]
    ]


def latest_weekly_run(now=None):
    """The run of the latest week that has ended (its newest computation), or None."""
    return _with_period(
        HotTopicRun.objects.filter(kind=HotTopicRun.Kind.WEEK, end__lte=now or timezone.now())
        .order_by("-start", "-computed_at")
        .first()
    )


def run_for_period(period):
    """The newest run of exactly `period` (same kind, start and end), or None."""
    return _with_period(
        HotTopicRun.objects.filter(kind=period.kind, start=period.start, end=period.end)
        .order_by("-computed_at")
        .first()
    )


def _public_members():
    """The topic's members whose thread is public now, most similar first (`public_members`)."""
    members = (
        HotTopicMember.objects.filter(issue__in=Issue.objects.public())
        .select_related("issue__category", "issue__district")
        .order_by("-similarity", "issue_id")
    )
    return Prefetch("members", queryset=members, to_attr="public_members")


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    count: int


def sparkline(trend):
    """Bars of the weekly counts (oldest first) for a small SVG: heights scaled to the highest
    week; a week with threads keeps at least one pixel."""
    counts = [max(int(n or 0), 0) for n in trend]
    if not counts:
        return []
    highest = max(counts) or 1
    width = max((SPARKLINE_WIDTH - SPARKLINE_GAP * (len(counts) - 1)) // len(counts), 1)
    bars = []
    for index, count in enumerate(counts):
        height = round(SPARKLINE_HEIGHT * count / highest)
        height = max(height, 1) if count else 0
        x = index * (width + SPARKLINE_GAP)
        bars.append(Bar(x, SPARKLINE_HEIGHT - height, width, height, count))
    return bars


def _dress(topic):
    """What both faces show besides the model's fields: the public threads and the trend bars."""
    topic.threads = [member.issue for member in topic.public_members]
    topic.bars = sparkline(topic.trend)
    topic.trend_text = " ".join(str(n) for n in topic.trend)
    # A public label is a public thread's title as it reads now (masked, perhaps edited since
    # the run): the medoid's when it is still public, else the most similar public thread's.
    medoid = next((issue for issue in topic.threads if issue.pk == topic.medoid_id), None)
    lead = medoid or (topic.threads[0] if topic.threads else None)
    topic.public_label = lead.title if lead else ""
    return topic


def ranked_topics(run, limit=None):
    """The run's topics by rank, each with `threads` (public only), `bars`, `public_label`."""
    if run is None:
        return []
    topics = HotTopic.objects.filter(run=run).order_by("rank").prefetch_related(_public_members())
    if limit:
        topics = topics[:limit]
    return [_dress(topic) for topic in topics]


def public_topics(run, limit):
    """The first `limit` topics of the run that still have a public thread (the public block)."""
    shown = [topic for topic in ranked_topics(run) if topic.threads]
    return shown[:limit]


def topic_detail(pk):
    """One topic with its run, public threads and the topic it continues (lineage), or None."""
    topic = (
        HotTopic.objects.filter(pk=pk)
        .select_related("run", "lineage__run")
        .prefetch_related(_public_members())
        .first()
    )
    if topic is None:
        return None
    _with_period(topic.run)
    if topic.lineage is not None:
        _with_period(topic.lineage.run)
    return _dress(topic)
