"""提级督办 in the demo: a few issues sent back often enough to be escalated, through the real
workflow (each reopen by the reporter or a moderator, `Issue.reopen` stamps the escalation), and a
supervisor's account to read the list of escalated issues (/admin/escalations/)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from core.conf import setting
from feedback.permissions import SUPERVISOR_GROUP
from feedback.workflow import Status

SUPERVISOR_USERNAME = "supervisor"
# The second issue planned in each of these states is escalated: one still with its department,
# one answered, one closed (an escalation that is over), so the list shows both kinds.
ESCALATED_TARGETS = (Status.ASSIGNED, Status.ANSWERED, Status.CLOSED)


def escalates(target, index):
    """Whether the `index`-th plan ending in `target` is sent back until it is escalated."""
    return target in ESCALATED_TARGETS and index == 1


def rounds_of(plan):
    """Rounds of handling in a plan: one, two when it is reopened once, and one more than
    ``ESCALATE_AFTER_REOPENS`` when it is escalated (unless escalation is turned off)."""
    limit = setting("ESCALATE_AFTER_REOPENS")
    if getattr(plan, "escalate", False) and limit:
        return limit + 1
    return 2 if plan.reopen else 1


def build_supervisor(password, logins, login_class):
    """The supervisor (督办) account, listed with the demo logins; an existing one keeps its
    password."""
    user, created = get_user_model().objects.get_or_create(
        username=SUPERVISOR_USERNAME,
        defaults={
            "email": f"{SUPERVISOR_USERNAME}@example.org",
            "password": make_password(password),
            "first_name": "督办室",
        },
    )
    # Made by the migration; made again here should it have been deleted since.
    group, _created = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    logins.append(login_class(SUPERVISOR_USERNAME, SUPERVISOR_GROUP, password if created else ""))
    return user
