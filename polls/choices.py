"""The answers of a satisfaction poll (a leaf: it imports nothing of the project)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Choice(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


# Choices that count as satisfied in every satisfaction rate: (满意 + 基本满意) ÷ votes.
SATISFIED_CHOICES = (Choice.SATISFIED, Choice.BASICALLY_SATISFIED)
