"""热点: hot topics computed for a period from the public threads (`reporting.hotspots`)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TermFrequencies(models.Model):
    """Document frequencies of the character bigrams of one ISO week's public threads: summed
    over the 52 weeks before a period, they are the idf background of its grouping."""

    week = models.CharField(max_length=8, unique=True)  # "2026-W48"
    threads = models.PositiveIntegerField(default=0)
    df = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["week"]

    def __str__(self):
        return self.week


class HotTopicRun(models.Model):
    """One grouping of a period's threads; re-running the period replaces it."""

    class Kind(models.TextChoices):
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")
        CUSTOM = "custom", _("Custom period")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.DateTimeField()
    end = models.DateTimeField()
    params = models.JSONField(default=dict)
    params_key = models.CharField(max_length=64)  # a hash of `params`, for the unique constraint
    threads = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "start", "end", "params_key"], name="one_run_per_period"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.start:%Y-%m-%d}"


class HotTopic(models.Model):
    run = models.ForeignKey(HotTopicRun, on_delete=models.CASCADE, related_name="topics")
    rank = models.PositiveIntegerField()
    medoid = models.ForeignKey(
        "feedback.Issue", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    support = models.PositiveIntegerField(default=0)
    previous_size = models.PositiveIntegerField(default=0)
    growth = models.IntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    departments = models.JSONField(default=list)  # [{"slug", "name", "count"}]
    districts = models.JSONField(default=list)  # [{"slug", "name", "count"}]
    trend = models.JSONField(default=list)  # threads per week, the last 8 weeks
    lineage = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="descendants"
    )
    growing = models.BooleanField(default=False)
    recurring = models.BooleanField(default=False)
    centroid = models.JSONField(default=dict)  # the 30 heaviest terms

    class Meta:
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "rank"], name="one_topic_per_rank")]

    def __str__(self):
        return self.label


class HotTopicMember(models.Model):
    topic = models.ForeignKey(HotTopic, on_delete=models.CASCADE, related_name="members")
    issue = models.ForeignKey("feedback.Issue", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(default=0)

    class Meta:
        ordering = ["topic", "-similarity", "issue"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "issue"], name="one_membership_per_topic")
        ]
