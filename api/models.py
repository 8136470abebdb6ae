"""Posts received through Open311, with the token the client polls until publication."""

import secrets

from django.db import models
from django.utils import timezone


def new_submission_token():
    return secrets.token_urlsafe(24)


class Open311Submission(models.Model):
    """A `POST requests` answered with `token` (service type "batch"): the client learns the
    `service_request_id` once a moderator publishes the post."""

    token = models.CharField(max_length=64, unique=True, default=new_submission_token)
    issue = models.OneToOneField(
        "feedback.Issue", on_delete=models.CASCADE, related_name="open311_submission"
    )
    api_token = models.ForeignKey(
        "wagtailcore.APIToken", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.token
