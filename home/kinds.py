"""The kinds of typical case: praised (表扬) or exposed (曝光)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    PRAISE = "praise", _("Praise")
    EXPOSURE = "exposure", _("Exposure")
