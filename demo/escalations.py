"""提级督办 in the demo: a few issues sent back often enough to be escalated, through the real
workflow (each reopen by the reporter or a moderator, `Issue.reopen` stamps the escalation), and a
supervisor's account to read the list of escalated issues (/admin/escalations/)."""

from core.conf import setting
from demo.accounts import build_group_account
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
    """The supervisor (督办) account."""
    return build_group_account(
        SUPERVISOR_USERNAME, SUPERVISOR_GROUP, "督办室", password, logins, login_class
    )
