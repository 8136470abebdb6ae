"""Moving an issue between departments while they handle it, as a mixin of `Issue`: a
moderator's reassignment (other departments, a new due date) or added department, and a
department's "not ours" (handing the issue back to the moderators with a reason).

Each goes through `IssueMoves._move`, the one gate (`workflow.TRANSITIONS`), or, when the state
does not change, locks the row and writes the same audit; permissions are checked here.
A department moved away from an issue keeps its assignment row, ended and marked
`transferred_at`: figures do not count it against that department.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..signals import issue_public_content_changed
from ..workflow import OPEN_FOR_DEPARTMENT, IllegalTransition, Status, return_status
from .assignments import Assignment
from .history import IssueEvent


def _checked(departments, due_date):
    departments = list(departments)
    if not departments:
        raise ValidationError(_("Choose at least one department."))
    if due_date is None or due_date < timezone.localdate():
        raise ValidationError(_("The due date must be today or later."))
    return departments


class IssueTransfers:
    """The transfers of `Issue` (mixed in beside `IssueMoves`)."""

    def reassign(self, by, departments, due_date):
        """A moderator replaces the departments of an issue being handled (assigned or
        answered): the issue is assigned to them with a new due date; a department kept keeps
        its assignment, the others are moved away."""
        permissions.require_moderator(by)
        departments = _checked(departments, due_date)
        with transaction.atomic():
            current = list(self.assignments.current().select_related("department"))
            event = self._move(
                Status.ASSIGNED,
                by,
                action=IssueEvent.Action.REASSIGNED,
                data={
                    "departments": [d.name for d in departments],
                    "previous": [a.department.name for a in current],
                    "due_date": str(due_date),
                },
                sources=OPEN_FOR_DEPARTMENT,
                due_date=due_date,
            )
            kept = {d.pk for d in departments}
            now = timezone.now()
            self.assignments.current().exclude(department__in=kept).update(
                is_active=False, transferred_at=now
            )
            self.assignments.current().update(due_date=due_date)
            staying = {a.department_id for a in current} & kept
            self._add_assignments(by, [d for d in departments if d.pk not in staying], due_date)
        return event

    def add_departments(self, by, departments, due_date=None):
        """A moderator adds departments to an issue being handled; its state stays."""
        permissions.require_moderator(by)
        departments = _checked(departments, due_date or self.due_date)
        with transaction.atomic():
            status = (type(self).objects.select_for_update().values_list("status", flat=True)).get(
                pk=self.pk
            )
            if status not in OPEN_FOR_DEPARTMENT:
                raise IllegalTransition(status, status)
            taken = set(self.assignments.current().values_list("department_id", flat=True))
            new = [d for d in departments if d.pk not in taken]
            if not new:
                raise ValidationError(_("These departments already handle the issue."))
            due = due_date or self.due_date
            self._add_assignments(by, new, due)
            event = IssueEvent.record(
                self,
                IssueEvent.Action.DEPARTMENT_ADDED,
                by,
                data={"departments": [d.name for d in new], "due_date": str(due)},
            )
            issue_public_content_changed.send(sender=type(self), issue=self)
        return event

    def hand_back(self, by, department, reason):
        """A department says the issue is not theirs ("not ours"): its assignment ends, the
        reason goes to the moderators (the issue's history, the desk; never public). When no
        department is left, the issue waits for the moderators to assign it again
        (`workflow.return_status`): "published", or "reopened" after a reopening."""
        permissions.require_department_staff(by, department, issue=self)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Say why it is not your department's: the moderators read it."))
        with transaction.atomic():
            status = (type(self).objects.select_for_update().values_list("status", flat=True)).get(
                pk=self.pk
            )
            target = return_status(self.reopen_count)
            if status not in OPEN_FOR_DEPARTMENT:
                raise IllegalTransition(status, target)
            self.assignments.current().filter(department=department).update(
                is_active=False, transferred_at=timezone.now(), transfer_reason=reason
            )
            data = {"department": department.name}
            action = IssueEvent.Action.HANDED_BACK
            if self.assignments.current().exists():
                event = IssueEvent.record(self, action, by, note=reason, data=data)
                issue_public_content_changed.send(sender=type(self), issue=self)
            else:
                event = self._move(
                    target, by, note=reason, action=action, data=data, sources=OPEN_FOR_DEPARTMENT
                )
        return event

    def _add_assignments(self, by, departments, due_date):
        now = timezone.now()
        Assignment.objects.bulk_create(
            Assignment(
                issue=self,
                department=department,
                assigned_at=now,
                due_date=due_date,
                assigned_by=by,
                round=self.reopen_count + 1,
            )
            for department in departments
        )
