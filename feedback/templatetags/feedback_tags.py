from django import template
from django.utils.safestring import mark_safe

from ..text import render_plain_text

register = template.Library()


@register.filter
def plaintext(value):
    """Citizen or official text as escaped HTML with safe links and paragraphs."""
    return mark_safe(render_plain_text(value))  # noqa: S308 - render_plain_text escapes first


@register.inclusion_tag("feedback/includes/status_badge.html")
def status_badge(issue):
    return {"issue": issue}
