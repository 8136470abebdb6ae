"""Who may act: checked on the server in the model methods, whatever view calls them.

A leaf: it imports nothing of the project. "Assigned now" is `Issue.is_assigned_now` (one
definition with the querysets, see `feedback.queries`).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

MODERATOR_GROUP = "Moderators"
DEPARTMENT_STAFF_GROUP = "Department staff"
# 督办: officials who follow escalated issues (提级督办) across departments; made by the migration
# `0013_supervisors_group` with access to the Wagtail admin.
SUPERVISOR_GROUP = "Supervisors"


def in_group(user, group_name):
    """Whether an active, logged-in `user` belongs to `group_name` (asked once per request:
    the answer is kept on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    known = getattr(user, "_echowall_groups", None)
    if known is None:
        known = user._echowall_groups = {}
    if group_name not in known:
        known[group_name] = user.groups.filter(name=group_name).exists()
    return known[group_name]


def _active_superuser(user):
    return user is not None and user.is_active and user.is_superuser


def is_moderator(user):
    return _active_superuser(user) or in_group(user, MODERATOR_GROUP)


def is_supervisor(user):
    """A member of "Supervisors" (or a superuser): sees the escalated issues of every department."""
    return _active_superuser(user) or in_group(user, SUPERVISOR_GROUP)


def can_see_escalations(user):
    """The supervisors' list of escalated issues: supervisors and moderators."""
    return is_supervisor(user) or is_moderator(user)


def require_escalation_viewer(user):
    if not can_see_escalations(user):
        raise PermissionDenied(_("Only supervisors and moderators can see escalated issues."))


def department_of(user):
    """The department this account acts for, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    staff = getattr(user, "department_staff", None)
    return staff.department if staff else None


def require_moderator(user):
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def require_moderator_or_system(user):
    """Closing also happens from the scheduler (user None) when a poll ends."""
    if user is not None:
        require_moderator(user)


def require_department_staff(user, department, issue):
    if department_of(user) != department:
        raise PermissionDenied(_("You can act only for your own department."))
    if not issue.is_assigned_now(department):
        raise PermissionDenied(_("This issue is not assigned to your department."))


def can_view_contact(user, issue):
    """Contact details and photos of a private thread: moderators and the departments the
    issue is assigned to now. A department whose assignment was withdrawn loses access."""
    if is_moderator(user):
        return True
    department = department_of(user)
    return department is not None and issue.is_assigned_now(department)


def can_view_submitted_text(user):
    """What the citizen typed before masking (it may hold ID numbers): moderators only."""
    return is_moderator(user)
