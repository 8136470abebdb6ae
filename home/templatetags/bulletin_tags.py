"""How a bulletin's table cells show a rate: the percentage, or «—*» under the minimum sample
(the footnote explains the star), so that narrow table cells never wrap a sentence."""

from django import template

register = template.Library()


@register.filter
def rate_cell(rate):
    return "—*" if rate.too_few else f"{rate.percent:.1f}%"


@register.filter
def signed_percent(value):
    """环比 as «+12.5%» / «−3.0%», «—» without a previous count."""
    if value is None:
        return "—"
    return f"+{value:.1f}%" if value > 0 else f"{value:.1f}%".replace("-", "−")
