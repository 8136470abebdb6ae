"""An issue's moves through the workflow and its moderation outside it, as a mixin of `Issue`.

Each move locks the row, checks the move (`workflow.can_move`), stamps the time, writes an
`IssueEvent` and a Wagtail log entry, and sends `issue_status_changed` (`_move`, the one gate).
Permissions are checked here, on the server, whatever view calls a move.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import setting

from .. import permissions
from ..privacy import mask_display_name, mask_text, vet_official_text
from ..signals import issue_public_content_changed, issue_status_changed
from ..workflow import (
    AWAITING_ASSIGNMENT,
    REASONS_NEEDING_EXPLANATION,
    IllegalTransition,
    RejectionReason,
    Status,
    can_move,
)
from .assignments import Assignment
from .history import IssueEvent, log_redactions
from .messages import Message
from .support import SupportVote


class IssueMoves:
    """The moves of `Issue` (mixed in with `transfers.IssueTransfers`)."""

    # --- workflow -------------------------------------------------------------------------

    def _move(self, target, by, note="", action=None, data=None, sources=None, **stamps):
        """The one place a status changes: lock, check, stamp, save, audit, signal.

        `sources` narrows the states this move starts from, within `TRANSITIONS` (publishing
        starts only from "submitted", though "published" is also where a handed-back issue goes).
        """
        with transaction.atomic():
            current = (
                type(self)
                .objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=self.pk)
            )
            if not can_move(current, target) or (sources is not None and current not in sources):
                raise IllegalTransition(current, target)
            if current == Status.MERGED and action != IssueEvent.Action.UNMERGED:
                # A merged report leaves "merged" only through `unmerge`.
                raise IllegalTransition(current, target)
            now = timezone.now()
            self.status = target
            for field, value in stamps.items():
                setattr(self, field, now if value is timezone.now else value)
            self.last_activity_at = now
            self.save(update_fields=["status", "last_activity_at", *stamps])
            event = IssueEvent.record(
                self,
                action or target,
                by,
                from_status=current,
                to_status=target,
                note=note,
                data=data,
            )
            issue_status_changed.send(
                sender=type(self), issue=self, from_status=current, to_status=target, by=by
            )
        return event

    def publish(self, by, title=None, body=None, location=None, display_name=None):
        """Moderator makes the post public, with the text and public name they approved.

        Without an approved text, every detected piece of personal data is masked: nothing the
        citizen typed reaches the public unvetted.
        """

        permissions.require_moderator(by)
        if display_name is None:
            display_name = mask_display_name(self.submitted_display_name)
        with transaction.atomic():
            self._set_public_text(
                by,
                title=mask_text(self.submitted_title) if title is None else title,
                body=mask_text(self.submitted_body) if body is None else body,
                location=mask_text(self.submitted_location) if location is None else location,
                display_name=display_name,
            )
            return self._move(
                Status.PUBLISHED, by, sources={Status.SUBMITTED}, published_at=timezone.now
            )

    def reject(self, by, reason, note=""):
        permissions.require_moderator(by)
        if reason not in RejectionReason.values:
            raise ValidationError(_("Choose a reason for the rejection."))
        if reason in REASONS_NEEDING_EXPLANATION and not note.strip():
            raise ValidationError(_("Explain to the reporter why: “Other” says nothing by itself."))
        self.rejection_reason, self.rejection_note = reason, note
        with transaction.atomic():
            self.save(update_fields=["rejection_reason", "rejection_note"])
            return self._move(
                Status.REJECTED, by, note=note, data={"reason": reason}, rejected_at=timezone.now
            )

    def assign(self, by, departments, due_date):
        """Send the issue to one or more departments with a due date."""
        permissions.require_moderator(by)
        departments = list(departments)
        if not departments:
            raise ValidationError(_("Choose at least one department."))
        if due_date is None or due_date < timezone.localdate():
            raise ValidationError(_("The due date must be today or later."))
        with transaction.atomic():
            event = self._move(
                Status.ASSIGNED,
                by,
                data={"departments": [d.name for d in departments], "due_date": str(due_date)},
                sources=AWAITING_ASSIGNMENT,
                due_date=due_date,
                first_assigned_at=self.first_assigned_at or timezone.now(),
            )
            self._open_assignments(by, departments, due_date)
        return event

    def _open_assignments(self, by, departments, due_date):
        now = timezone.now()
        self.assignments.current().update(is_active=False)
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

    def post_reply(self, by, department, body, keep=(), submitted=None):
        """An official reply, signed with the department's name; the first one answers the issue.

        Personal data in it is masked unless the clerk chose to keep it (`keep`: the texts of
        the findings), which is logged; the department's own service line is not masked.
        `submitted` is what the clerk first typed, when `body` is their reviewed version.
        """

        permissions.require_department_staff(by, department, issue=self)
        public_body, kept = vet_official_text(body, keep, service_numbers=[department.phone])
        typed = body if submitted is None else submitted
        with transaction.atomic():
            now = timezone.now()
            message = Message.objects.create(
                issue=self,
                kind=Message.Kind.REPLY,
                body=public_body,
                submitted_body=typed,
                department=department,
                author=by,
                moderation=Message.Moderation.PUBLISHED,
                published_at=now,
            )
            log_redactions(
                self,
                by,
                field="reply",
                original=f"{typed}\n{body}",
                public=public_body,
                message=message,
            )
            self._log_kept_personal_data(by, "reply", kept, department)
            self.assignments.current().filter(
                department=department, first_reply_at__isnull=True
            ).update(first_reply_at=now)
            self.last_answered_at = now
            self.last_activity_at = now
            self.save(update_fields=["last_answered_at", "last_activity_at"])
            if self.status == Status.ASSIGNED:
                self._move(
                    Status.ANSWERED,
                    by,
                    data={"department": department.name},
                    first_answered_at=self.first_answered_at or now,
                )
            else:
                issue_public_content_changed.send(sender=type(self), issue=self)
        return message

    def resolve(self, by, department, note="", keep=(), submitted=None):
        """The department says it is done; its note is public, vetted like a reply."""

        permissions.require_department_staff(by, department, issue=self)
        public_note, kept = vet_official_text(note, keep, service_numbers=[department.phone])
        typed = note if submitted is None else submitted
        with transaction.atomic():
            event = self._move(
                Status.RESOLVED,
                by,
                note=public_note,
                data={"department": department.name},
                resolved_at=timezone.now,
            )
            log_redactions(
                self, by, field="resolution_note", original=f"{typed}\n{note}", public=public_note
            )
            self._log_kept_personal_data(by, "resolution_note", kept, department)
            self.assignments.current().filter(resolved_at__isnull=True).update(
                resolved_at=self.resolved_at
            )
        return event

    def close(self, by, note=""):
        permissions.require_moderator_or_system(by)
        stamps = {"closed_at": timezone.now}
        if self.is_escalated:
            stamps["escalation_closed_at"] = timezone.now
        return self._move(Status.CLOSED, by, note=note, **stamps)

    def reopen(self, by, note="", by_reporter=False, reassign=True, due_date=None):
        """Reopen a resolved issue; the reopen counts against the departments that resolved it.

        By default it goes straight back to those departments with a new due date (`due_date`,
        default ``DEFAULT_DUE_DAYS`` from today; a reporter's "not fixed" always goes back); a
        moderator may instead leave it reopened, to assign it to other departments. A moderator
        gives the reason (`note`): the reporter and the public timeline show it.
        """
        if not by_reporter:
            permissions.require_moderator(by)
            if not note.strip():
                raise ValidationError(
                    _("Give the reason for reopening: the reporter and the public see it.")
                )
        if due_date is not None and due_date < timezone.localdate():
            raise ValidationError(_("The due date must be today or later."))
        with transaction.atomic():
            departments = [a.department for a in self.assignments.current()]
            self.assignments.current().update(reopened=True)
            self.reopen_count += 1
            self.save(update_fields=["reopen_count"])
            event = self._move(
                Status.REOPENED,
                by,
                note=note,
                data={"by_reporter": by_reporter},
                sources={Status.RESOLVED},
            )
            self._escalate_if_due(by, self.assignments.current())
            if departments and (reassign or by_reporter):
                due = due_date or (
                    timezone.localdate() + timedelta(days=setting("DEFAULT_DUE_DAYS"))
                )
                self._move(
                    Status.ASSIGNED,
                    by,
                    data={"departments": [d.name for d in departments], "due_date": str(due)},
                    due_date=due,
                )
                self._open_assignments(by if not by_reporter else None, departments, due)
            else:
                self.assignments.current().update(is_active=False)
        return event

    def add_note(self, by, body):
        """A private internal note, for moderators and the assigned departments only."""
        if not permissions.can_view_contact(by, self):
            raise PermissionDenied(_("Only moderators and the assigned departments can add notes."))
        return Message.objects.create(
            issue=self,
            kind=Message.Kind.NOTE,
            body=body,
            submitted_body=body,
            author=by,
            department=permissions.department_of(by),
            moderation=Message.Moderation.PUBLISHED,
            published_at=timezone.now(),
        )

    # --- moderation outside the status flow --------------------------------------------------

    def _set_public_text(self, by, title, body, location, display_name):

        log_redactions(self, by, field="title", original=self.submitted_title, public=title)
        log_redactions(self, by, field="body", original=self.submitted_body, public=body)
        log_redactions(
            self, by, field="location", original=self.submitted_location, public=location or ""
        )
        log_redactions(
            self,
            by,
            field="display_name",
            original=self.submitted_display_name,
            public=display_name or "",
            whole_field_is_name=True,
        )
        self.title, self.body, self.location = title, body, location or ""
        self.display_name = display_name or ""
        self.save(update_fields=["title", "body", "location", "display_name"])

    def _log_kept_personal_data(self, by, field, kept, department):
        """An official published personal data on purpose: say so in the private history."""
        if kept:
            IssueEvent.record(
                self,
                IssueEvent.Action.PERSONAL_DATA_KEPT,
                by,
                public=False,
                data={
                    "field": field,
                    "department": department.name,
                    "kept": [{"kind": f.kind, "text": f.text} for f in kept],
                },
            )

    def edit_public_text(self, by, title, body, location, display_name=None):
        """A moderator's later edit (e.g. a mask that was missed), logged and re-indexed."""
        permissions.require_moderator(by)
        if display_name is None:
            display_name = self.display_name
        with transaction.atomic():
            self._set_public_text(by, title, body, location, display_name)
            IssueEvent.record(self, IssueEvent.Action.EDITED, by, public=False)
            issue_public_content_changed.send(sender=type(self), issue=self)

    def hide(self, by, reason):
        """Take a published thread off every public surface."""
        permissions.require_moderator(by)
        with transaction.atomic():
            self.hidden_at, self.hidden_reason = timezone.now(), reason
            self.save(update_fields=["hidden_at", "hidden_reason"])
            IssueEvent.record(self, IssueEvent.Action.HIDDEN, by, note=reason, public=False)
            issue_public_content_changed.send(sender=type(self), issue=self)

    def unhide(self, by):
        permissions.require_moderator(by)
        with transaction.atomic():
            self.hidden_at, self.hidden_reason = None, ""
            self.save(update_fields=["hidden_at", "hidden_reason"])
            IssueEvent.record(self, IssueEvent.Action.UNHIDDEN, by, public=False)
            issue_public_content_changed.send(sender=type(self), issue=self)

    def add_support(self, browser_key):
        """Count one "me too" per browser; returns False when this browser already did.

        On a main thread (并单) a browser counts once over the whole group: the main row is
        locked so that concurrent votes of one group are serialised, then recounted."""
        with transaction.atomic():
            type(self).objects.select_for_update().filter(pk=self.pk).values_list("pk").get()
            group = [self.pk, *self.merged_reports.values_list("pk", flat=True)]
            if SupportVote.objects.filter(issue__in=group, browser_key=browser_key).exists():
                return False
            SupportVote.objects.create(issue=self, browser_key=browser_key)
            self.recount_support()
        return True
