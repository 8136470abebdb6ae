"""行风视线: a consenting reporter's contact, for media staff, for a featured thread only.

`reveal_contact(user, issue, week, address_key)` is the one way to the contact: the user must be
media staff (moderators and department staff are not), the reporter must have consented (as the
issue stands now: a withdrawal counts at once), and the thread must be in `week`'s selection
(pinned or picked by a rule, `reporting.desk.build_week`). The `ContactView` row is written, in
the same transaction, before the contact is returned; a refusal writes nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from feedback.models import Issue

from .desk import build_week, parse_week
from .desk_access import is_media_staff, require_media_staff
from .models import ContactView

CONTACT_FIELDS = ("tv_contact_consent", "submitted_display_name", "contact_phone", "contact_email")


@dataclass(frozen=True)
class ReporterContact:
    """The contact as the reporter gave it (unmasked): never stored elsewhere, never exported."""

    case_number: str
    name: str
    phone: str
    email: str


def is_featured(issue_id, week):
    """Whether the thread is in `week`'s selection (a `Week`)."""
    return issue_id in build_week(week, with_follow_up=False).thread_ids()


def consenting_ids(issue_ids):
    """The ids, among `issue_ids`, whose reporter consents now (one query, for a desk page)."""
    return set(
        Issue.objects.filter(pk__in=list(issue_ids), tv_contact_consent=True).values_list(
            "pk", flat=True
        )
    )


def may_ask_for_contact(user, consent):
    """Whether the desk shows `user` the button that reveals a contact (the server checks again)."""
    return bool(consent) and is_media_staff(user)


def reveal_contact(user, issue, week, address_key=""):
    """The `ReporterContact` of `issue` (an Issue or its id) for `week` (a `Week` or "2026-W48"),
    logged first; PermissionDenied with the reason otherwise, ValueError for a malformed week."""
    require_media_staff(user)
    if isinstance(week, str):
        week = parse_week(week)
    issue_id = getattr(issue, "pk", issue)
    if not is_featured(issue_id, week):
        raise PermissionDenied(
            _("This thread is not featured in %(week)s: its reporter's contact is not shown.")
            % {"week": week.key}
        )
    with transaction.atomic():
        # Locked: a withdrawal sent at this moment either comes first (and refuses) or waits.
        current = (
            Issue.objects.select_for_update().only("case_number", *CONTACT_FIELDS).get(pk=issue_id)
        )
        if not current.tv_contact_consent:
            raise PermissionDenied(
                _("The reporter has not agreed to be contacted by the programme.")
            )
        ContactView.objects.create(
            issue=current, user=user, week=week.key, address_key=address_key or ""
        )
    return ReporterContact(
        case_number=current.case_number,
        name=current.submitted_display_name,
        phone=current.contact_phone,
        email=current.contact_email,
    )


def contact_log():
    """Every look at a contact, newest first, with who, which thread and week (for the log screen:
    paginate it; two joined tables, no per-row query)."""
    return ContactView.objects.select_related("user", "issue").only(
        "at",
        "week",
        "address_key",
        "user__username",
        "user__first_name",
        "user__last_name",
        "issue__case_number",
        "issue__title",
    )
