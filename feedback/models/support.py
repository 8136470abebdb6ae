"""“Me too”: one per browser and issue."""

from django.db import models
from django.utils import timezone


class SupportVote(models.Model):
    """One "me too" per browser: the key is a hash of a signed random browser id, never an address."""

    issue = models.ForeignKey(
        "feedback.Issue", on_delete=models.CASCADE, related_name="support_votes"
    )
    browser_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "browser_key"], name="one_support_per_browser")
        ]
