"""The week's hot topics (热点) for the TV desk, read from the stored weekly `HotTopicRun`
(`reporting.hotspots` computes it); a week without a run has none."""

from .models import HotTopic, HotTopicRun

TOPICS_FOR_RULE = 3


def week_run(week):
    return (
        HotTopicRun.objects.filter(kind=HotTopicRun.Kind.WEEK, start=week.start, end=week.end)
        .order_by("-computed_at", "-pk")
        .first()
    )


def week_hot_topics(week, run=None):
    """[{"rank", "label", "size", "support", "growth", "departments", "districts"}]."""
    run = run or week_run(week)
    if run is None:
        return []
    return [
        {
            "rank": topic.rank,
            "label": topic.label,
            "size": topic.size,
            "support": topic.support,
            "growth": topic.growth,
            "departments": topic.departments,
            "districts": topic.districts,
        }
        for topic in HotTopic.objects.filter(run=run).order_by("rank")
    ]
