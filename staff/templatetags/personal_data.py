"""Masks of personal data named in the reader's language: what was masked, and in which text."""

from django import template
from django.utils.translation import gettext_lazy as _

from feedback.privacy import KIND_LABELS

register = template.Library()

# Where a mask was made (`Redaction.field`), as the issue desk names that text.
MASKED_TEXT_LABELS = {
    "title": _("Title"),
    "body": _("Description"),
    "location": _("Location"),
    "display_name": _("Public name"),
    "follow_up": _("Follow-up from the reporter"),
    "reply": _("Official reply"),
    "resolution_note": _("Resolution note"),
    "poll_comment": _("poll comment"),
}


@register.filter
def masked_text_label(field):
    """The text a mask was made in (the stored code when it is not one of the above)."""
    return MASKED_TEXT_LABELS.get(field, field)


@register.filter
def personal_data_label(kind):
    """What a mask hides (a mobile number, a personal name…)."""
    return KIND_LABELS.get(kind, kind)
