"""The demo's hot spots (热点): once the year's threads exist, the weekly runs of every complete
week since the first thread (oldest first, so that each week compares with the one before and
its topics continue the earlier ones), as the weekly `manage.py compute_hot_topics` would have
stored them; then the runs of the periods whose pages carry a hot-spots block of their own
period (the latest bulletins, the analysis's quarter).
"""

from django.utils import timezone

from feedback.models import Issue
from home.hot_spots import PAGE_PERIOD
from home.models import AnalysisPage
from reporting.hotspots import compute_hot_topics, update_term_frequencies
from reporting.models import HotTopicRun, TermFrequencies
from reporting.periods import periods_back_to


def hot_spots_block(period=PAGE_PERIOD, topics=5, heading=""):
    """A hot-spots block's value, as an editor would set it."""
    return ("hot_spots", {"topics": topics, "period": period, "heading": heading})


def complete_weeks(now):
    """Every week from the first thread's to the last one that has ended, oldest first."""
    first = Issue.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first is None:
        return []
    weeks = periods_back_to("week", timezone.localdate(first), timezone.localdate(now), limit=60)
    return [week for week in reversed(weeks) if week.end <= now]


def build_hot_topics(now, bulletin_periods):
    """The weekly runs, then the runs of the analyses' periods and of `bulletin_periods` (the
    bulletins given a block of their own period). Returns the number of weekly runs."""
    weeks = complete_weeks(now)
    # Every week's term frequencies first: a week's grouping weighs words against the weeks
    # before it (the idf background).
    for week in weeks:
        update_term_frequencies(week)
    for week in weeks:
        compute_hot_topics(week.start, week.end, HotTopicRun.Kind.WEEK)
    periods = {*bulletin_periods, *(page.period for page in AnalysisPage.objects.all())}
    for period in sorted(periods, key=lambda period: (period.start, period.kind)):
        compute_hot_topics(period.start, period.end, period.kind)
    return len(weeks)


def reset_hot_topics():
    """What `load_initial_data --reset` removes with the threads: the stored runs and the term
    frequencies they were computed from."""
    HotTopicRun.objects.all().delete()
    TermFrequencies.objects.all().delete()
