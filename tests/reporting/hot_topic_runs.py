"""Stored hot-topic runs for the tests of the pages that read them (the staff page, the public
block, the browser test): rows made directly, as `reporting.hotspots` would store them."""

from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status
from reporting.models import HotTopic, HotTopicMember, HotTopicRun


def public_threads(category, district, titles, **fields):
    """Published threads (created as a moderator's publication leaves them), one per title."""
    now = timezone.now()
    return [
        Issue.objects.create(
            title=title,
            body=f"{title}，希望尽快处理。",
            category=category,
            district=district,
            status=Status.PUBLISHED,
            published_at=now,
            **fields,
        )
        for title in titles
    ]


def store_run(period, topics, computed_at=None):
    """A run of `period` with `topics`: dicts of HotTopic fields plus `issues` (the members,
    the first one the medoid)."""
    run = HotTopicRun.objects.create(
        kind=period.kind,
        start=period.start,
        end=period.end,
        params={},
        params_key="test",
        threads=sum(len(topic["issues"]) for topic in topics),
        computed_at=computed_at or timezone.now(),
    )
    for rank, spec in enumerate(topics, 1):
        spec = dict(spec)
        issues = spec.pop("issues")
        fields = {
            "label": issues[0].title,
            "size": len(issues),
            "trend": [0, 1, 0, 2, 1, 3, 2, len(issues)],
            **spec,
        }
        topic = HotTopic.objects.create(run=run, rank=rank, medoid=issues[0], **fields)
        HotTopicMember.objects.bulk_create(
            HotTopicMember(topic=topic, issue=issue, similarity=1 - n / 100)
            for n, issue in enumerate(issues)
        )
    return run
