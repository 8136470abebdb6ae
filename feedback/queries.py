"""The named queries every face uses (wall, staff screens, search, exports): one definition each.

- a department's issues: `assigned_now(department)` (its current assignment: what its staff
  may see and act on) and `assigned_in_any_round(department)` (ever assigned, in any round: what
  the wall lists under the department);
- `open_for_department(department)`: assigned now and still owing an answer or a resolution;
- `overdue(issues)`: past the due date while the departments owe a first answer; the
  per-issue test is `Issue.is_overdue()`, both from `workflow.OVERDUE_STATUSES`;
- `staff_issues(user)`: the issues an account may see in the admin (moderators: all);
- who may see contact data: `can_view_contact(user, issue)` (moderators and the departments
  assigned now; a department whose assignment was withdrawn loses access).

"Assigned now" itself is `Assignment.objects.current()`, which the querysets and
`Issue.is_assigned_now` build on.
"""

from django.core.exceptions import PermissionDenied

from . import permissions
from .models import Issue
from .permissions import can_view_contact
from .workflow import OPEN_FOR_DEPARTMENT

__all__ = [
    "assigned_in_any_round",
    "assigned_now",
    "can_view_contact",
    "open_for_department",
    "overdue",
    "staff_issues",
]


def assigned_now(department, issues=None):
    return (Issue.objects.all() if issues is None else issues).assigned_now(department)


def assigned_in_any_round(department, issues=None):
    return (Issue.objects.all() if issues is None else issues).assigned_in_any_round(department)


def open_for_department(department):
    return assigned_now(department).filter(status__in=OPEN_FOR_DEPARTMENT)


def overdue(issues=None, now=None):
    return (Issue.objects.all() if issues is None else issues).overdue(now)


def staff_issues(user):
    """The issues this account may see in the admin, or PermissionDenied."""
    if permissions.is_moderator(user):
        return Issue.objects.all()
    department = permissions.department_of(user)
    if department is None:
        raise PermissionDenied
    return assigned_now(department)
