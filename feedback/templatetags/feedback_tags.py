from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..privacy import KIND_LABELS
from ..text import render_plain_text

register = template.Library()

# Where a mask was made (`Redaction.field`), as the desk names that text.
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
def plaintext(value):
    """Citizen or official text as escaped HTML with safe links and paragraphs."""
    return mark_safe(render_plain_text(value))  # noqa: S308 - render_plain_text escapes first


@register.inclusion_tag("feedback/includes/status_badge.html")
def status_badge(issue):
    return {"issue": issue}


@register.filter
def masked_text_label(field):
    """The text a mask was made in, in the reader's language (the stored code otherwise)."""
    return MASKED_TEXT_LABELS.get(field, field)


@register.filter
def personal_data_label(kind):
    """What a mask hides (a mobile number, a personal name…), in the reader's language."""
    return KIND_LABELS.get(kind, kind)
