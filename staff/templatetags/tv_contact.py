"""The TV desk's contact line (`staff/tv_desk/includes/contact.html`): whether to offer the button
that reveals a consenting reporter's contact. Only a display decision: the view and
`reporting.desk_contact.reveal_contact` check everything again on the server."""

from django import template
from django.urls import reverse

from reporting.desk import build_week
from reporting.desk_contact import consenting_ids, may_ask_for_contact

register = template.Library()


def _consent(context, issue, week):
    """The reporter's consent, in a constant number of queries for a whole desk page.

    `issue` is an Issue (its own field) or a desk thread (`DeskThread`, no consent field): then
    the page's `consenting_ids` (`reporting.desk_contact.consenting_ids`) when it gives them, else
    the consenting threads of the week's selection, looked up once per request.
    """
    if hasattr(issue, "tv_contact_consent"):
        return issue.tv_contact_consent
    issue_id = issue.id
    if context.get("consenting_ids") is not None:
        return issue_id in context["consenting_ids"]
    request = context.get("request")
    memo = getattr(request, "_echowall_tv_consenting", None)
    if memo is None:
        memo = {}
        if request is not None:
            request._echowall_tv_consenting = memo
    key = str(week)
    if key not in memo:
        memo[key] = consenting_ids(build_week(key, with_follow_up=False).thread_ids())
    return issue_id in memo[key]


@register.simple_tag(takes_context=True)
def tv_contact_state(context, issue, week):
    """{consent, may_ask, url} for one thread card of `week` (a `Week` or "2026-W48")."""
    request = context.get("request")
    user = getattr(request, "user", None)
    consent = _consent(context, issue, week)
    issue_id = getattr(issue, "pk", None) or issue.id
    return {
        "consent": consent,
        "may_ask": may_ask_for_contact(user, consent),
        "url": reverse("tv_contact:reveal", args=[str(week), issue_id]),
    }
