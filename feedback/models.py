"""The feedback wall's domain: departments, issues (public threads), their messages and history.

An issue moves through the workflow in `workflow.py` only through the methods on `Issue`; each
move locks the row, checks the move, stamps the time, writes an `IssueEvent` and a Wagtail log
entry, and sends `issue_status_changed`.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.storage import private_storage

from . import permissions
from .case_numbers import day_prefix, format_case_number, sequence_of
from .moderated import WithdrawableText
from .signals import issue_public_content_changed, issue_status_changed
from .workflow import (
    PUBLIC_STATUSES,
    IllegalTransition,
    RejectionReason,
    Status,
    can_move,
)
from .workflow import shown_status as status_shown_for


def new_tracking_code():
    # 24 random bytes: 192 bits, URL-safe, for the reporter's private link.
    return secrets.token_urlsafe(24)


# Two submissions in the same instant may pick the same case number; the later one retries.
CASE_NUMBER_ATTEMPTS = 10


class Department(models.Model):
    """A responsible unit (责任单位) that answers issues in public."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("public service phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("wall:wall") + f"?department={self.slug}"


class Category(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    default_department = models.ForeignKey(
        Department, verbose_name=_("usual department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class District(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class DepartmentStaff(models.Model):
    """Links a staff account to the one department it may act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="department_staff",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="staff"
    )

    class Meta:
        verbose_name = _("department staff member")
        verbose_name_plural = _("department staff")

    def __str__(self):
        return f"{self.user} @ {self.department}"


class IssueQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published, not hidden by a moderator."""
        return self.filter(status__in=PUBLIC_STATUSES, hidden_at__isnull=True)

    def awaiting_moderation(self):
        return self.filter(status=Status.SUBMITTED).order_by("created_at")

    def for_department(self, department):
        return self.filter(assignments__department=department).distinct()

    def assigned_to(self, department):
        """Issues the department is responsible for now (a withdrawn assignment gives no access)."""
        return self.filter(
            pk__in=Assignment.objects.filter(department=department, is_active=True).values("issue_id")
        )

    def shown_as(self, status):
        """Issues whose badge says `status` (see `workflow.shown_status`), for status filters."""
        handled_again = models.Q(status=Status.ASSIGNED, reopen_count__gt=0)
        if status == Status.REOPENED:
            return self.filter(models.Q(status=Status.REOPENED) | handled_again)
        if status == Status.ASSIGNED:
            return self.filter(status=Status.ASSIGNED).exclude(handled_again)
        return self.filter(status=status)

    def overdue(self, now=None):
        today = timezone.localdate(now)
        return self.filter(
            status__in=[Status.ASSIGNED, Status.REOPENED], due_date__lt=today
        )

    def next_case_number(self, moment):
        """The case number the next issue received at `moment` gets (see `case_numbers`)."""
        prefix = day_prefix(moment)
        # A range rather than startswith, so that both databases use the unique index:
        # "." is the character after "-".
        last = (
            self.filter(case_number__gt=prefix, case_number__lt=prefix[:-1] + ".")
            .order_by(Length("case_number").desc(), "-case_number")
            .values_list("case_number", flat=True)
            .first()
        )
        return format_case_number(moment, sequence_of(last) + 1 if last else 1)

    def for_list(self):
        """Everything a list row shows of the issue, in a constant number of queries (faces that show
        the satisfaction badge add `polls.models.poll_prefetch()`)."""
        return self.select_related("category", "district").prefetch_related(
            models.Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(is_active=True).select_related("department"),
                to_attr="active_assignments",
            ),
        )


class Issue(models.Model):
    """A citizen's post and its public thread."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    # What the citizen typed, before moderation and masking: never public, never indexed.
    submitted_title = models.CharField(max_length=200, editable=False)
    submitted_body = models.TextField(editable=False)
    submitted_location = models.CharField(max_length=200, blank=True, editable=False)

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="issues"
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="issues"
    )
    display_name = models.CharField(_("public name"), max_length=60, blank=True)
    # The public name as typed: masked and approved by the moderator like the text (private).
    submitted_display_name = models.CharField(max_length=60, blank=True, editable=False)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    tracking_code = models.CharField(
        max_length=64, unique=True, default=new_tracking_code, editable=False
    )
    # 受理编号, given on the first save (`save`); null only for rows made with bulk_create.
    case_number = models.CharField(
        _("case number"), max_length=20, unique=True, null=True, editable=False
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.TextField(_("rejection note"), blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.TextField(blank=True, editable=False)

    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    support_count = models.PositiveIntegerField(_("me too"), default=0, db_index=True)

    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    first_assigned_at = models.DateTimeField(null=True, blank=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    last_answered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="issue_status_published"),
            models.Index(fields=["status", "-support_count"], name="issue_status_support"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wall:issue", args=[self.pk])

    def save(self, *args, **kwargs):
        if self._state.adding and not self.case_number:
            return self._save_with_new_case_number(*args, **kwargs)
        return super().save(*args, **kwargs)

    def _save_with_new_case_number(self, *args, **kwargs):
        """Insert with the day's next case number; the unique index settles a race."""
        for _attempt in range(CASE_NUMBER_ATTEMPTS):
            self.case_number = Issue.objects.next_case_number(self.created_at)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Issue.objects.filter(case_number=self.case_number).exists():
                    raise
        raise IntegrityError(f"no free case number after {CASE_NUMBER_ATTEMPTS} attempts")

    def get_tracking_url(self):
        return reverse("wall:track", args=[self.tracking_code])

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES and self.hidden_at is None

    @property
    def shown_status(self):
        """What the badge says: "reopened" while a reopened issue is being handled again."""
        return status_shown_for(self.status, self.reopen_count)

    @property
    def public_name(self):
        return self.display_name or _("Anonymous")

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            self.due_date is not None
            and self.status in (Status.ASSIGNED, Status.REOPENED)
            and self.due_date < today
        )

    # --- workflow -------------------------------------------------------------------------

    def _move(self, target, by, note="", action=None, data=None, **stamps):
        """The one place a status changes: lock, check, stamp, save, audit, signal."""
        with transaction.atomic():
            current = (
                Issue.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
            )
            if not can_move(current, target):
                raise IllegalTransition(current, target)
            now = timezone.now()
            self.status = target
            for field, value in stamps.items():
                setattr(self, field, now if value is timezone.now else value)
            self.last_activity_at = now
            self.save(update_fields=["status", "last_activity_at", *stamps])
            event = IssueEvent.record(
                self, action or target, by, from_status=current, to_status=target,
                note=note, data=data,
            )
            issue_status_changed.send(
                sender=Issue, issue=self, from_status=current, to_status=target, by=by
            )
        return event

    def publish(self, by, title=None, body=None, location=None, display_name=None):
        """Moderator makes the post public, with the text and public name they approved.

        Without an approved text, every detected piece of personal data is masked: nothing the
        citizen typed reaches the public unvetted.
        """
        from .privacy import mask_display_name, mask_text  # privacy imports models (log)

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
            return self._move(Status.PUBLISHED, by, published_at=timezone.now)

    def reject(self, by, reason, note=""):
        permissions.require_moderator(by)
        if reason not in RejectionReason.values:
            raise ValidationError(_("Choose a reason for the rejection."))
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
                Status.ASSIGNED, by,
                data={"departments": [d.name for d in departments], "due_date": str(due_date)},
                due_date=due_date,
                first_assigned_at=self.first_assigned_at or timezone.now(),
            )
            self._open_assignments(by, departments, due_date)
        return event

    def _open_assignments(self, by, departments, due_date):
        now = timezone.now()
        self.assignments.filter(is_active=True).update(is_active=False)
        Assignment.objects.bulk_create(
            Assignment(
                issue=self, department=department, assigned_at=now, due_date=due_date,
                assigned_by=by, round=self.reopen_count + 1,
            )
            for department in departments
        )

    def post_reply(self, by, department, body, keep=(), submitted=None):
        """An official reply, signed with the department's name; the first one answers the issue.

        Personal data in it is masked unless the clerk chose to keep it (`keep`: the texts of
        the findings), which is logged; the department's own service line is not masked.
        `submitted` is what the clerk first typed, when `body` is their reviewed version.
        """
        from .privacy import log_redactions, vet_official_text  # privacy imports models (log)

        permissions.require_department_staff(by, department, issue=self)
        public_body, kept = vet_official_text(body, keep, service_numbers=[department.phone])
        typed = body if submitted is None else submitted
        with transaction.atomic():
            now = timezone.now()
            message = Message.objects.create(
                issue=self, kind=Message.Kind.REPLY, body=public_body, submitted_body=typed,
                department=department, author=by, moderation=Message.Moderation.PUBLISHED,
                published_at=now,
            )
            log_redactions(self, by, field="reply", original=f"{typed}\n{body}",
                           public=public_body, message=message)
            self._log_kept_personal_data(by, "reply", kept, department)
            self.assignments.filter(
                department=department, is_active=True, first_reply_at__isnull=True
            ).update(first_reply_at=now)
            self.last_answered_at = now
            self.last_activity_at = now
            self.save(update_fields=["last_answered_at", "last_activity_at"])
            if self.status == Status.ASSIGNED:
                self._move(
                    Status.ANSWERED, by, data={"department": department.name},
                    first_answered_at=self.first_answered_at or now,
                )
            else:
                issue_public_content_changed.send(sender=Issue, issue=self)
        return message

    def resolve(self, by, department, note="", keep=(), submitted=None):
        """The department says it is done; its note is public, vetted like a reply."""
        from .privacy import log_redactions, vet_official_text  # privacy imports models (log)

        permissions.require_department_staff(by, department, issue=self)
        public_note, kept = vet_official_text(note, keep, service_numbers=[department.phone])
        typed = note if submitted is None else submitted
        with transaction.atomic():
            event = self._move(
                Status.RESOLVED, by, note=public_note, data={"department": department.name},
                resolved_at=timezone.now,
            )
            log_redactions(self, by, field="resolution_note", original=f"{typed}\n{note}",
                           public=public_note)
            self._log_kept_personal_data(by, "resolution_note", kept, department)
            self.assignments.filter(is_active=True, resolved_at__isnull=True).update(
                resolved_at=self.resolved_at
            )
        return event

    def close(self, by, note=""):
        permissions.require_moderator_or_system(by)
        return self._move(Status.CLOSED, by, note=note, closed_at=timezone.now)

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
                raise ValidationError(_("Give the reason for reopening: the reporter and the public see it."))
        if due_date is not None and due_date < timezone.localdate():
            raise ValidationError(_("The due date must be today or later."))
        with transaction.atomic():
            departments = [a.department for a in self.assignments.filter(is_active=True)]
            self.assignments.filter(is_active=True).update(reopened=True)
            self.reopen_count += 1
            self.save(update_fields=["reopen_count"])
            event = self._move(
                Status.REOPENED, by, note=note, data={"by_reporter": by_reporter}
            )
            if departments and (reassign or by_reporter):
                due = due_date or (
                    timezone.localdate() + timedelta(days=setting("DEFAULT_DUE_DAYS"))
                )
                self._move(
                    Status.ASSIGNED, by,
                    data={"departments": [d.name for d in departments], "due_date": str(due)},
                    due_date=due,
                )
                self._open_assignments(by if not by_reporter else None, departments, due)
            else:
                self.assignments.filter(is_active=True).update(is_active=False)
        return event

    def add_note(self, by, body):
        """A private internal note, for moderators and the assigned departments only."""
        if not permissions.can_view_contact(by, self):
            raise PermissionDenied(_("Only moderators and the assigned departments can add notes."))
        return Message.objects.create(
            issue=self, kind=Message.Kind.NOTE, body=body, submitted_body=body, author=by,
            department=permissions.department_of(by), moderation=Message.Moderation.PUBLISHED,
            published_at=timezone.now(),
        )

    # --- moderation outside the status flow --------------------------------------------------

    def _set_public_text(self, by, title, body, location, display_name):
        from .privacy import log_redactions  # privacy imports models (log)

        log_redactions(self, by, field="title", original=self.submitted_title, public=title)
        log_redactions(self, by, field="body", original=self.submitted_body, public=body)
        log_redactions(
            self, by, field="location", original=self.submitted_location, public=location or ""
        )
        log_redactions(
            self, by, field="display_name", original=self.submitted_display_name,
            public=display_name or "", whole_field_is_name=True,
        )
        self.title, self.body, self.location = title, body, location or ""
        self.display_name = display_name or ""
        self.save(update_fields=["title", "body", "location", "display_name"])

    def _log_kept_personal_data(self, by, field, kept, department):
        """An official published personal data on purpose: say so in the private history."""
        if kept:
            IssueEvent.record(
                self, IssueEvent.Action.PERSONAL_DATA_KEPT, by, public=False,
                data={"field": field, "department": department.name,
                      "kept": [{"kind": f.kind, "text": f.text} for f in kept]},
            )

    def edit_public_text(self, by, title, body, location, display_name=None):
        """A moderator's later edit (e.g. a mask that was missed), logged and re-indexed."""
        permissions.require_moderator(by)
        if display_name is None:
            display_name = self.display_name
        with transaction.atomic():
            self._set_public_text(by, title, body, location, display_name)
            IssueEvent.record(self, IssueEvent.Action.EDITED, by, public=False)
            issue_public_content_changed.send(sender=Issue, issue=self)

    def hide(self, by, reason):
        """Take a published thread off every public surface."""
        permissions.require_moderator(by)
        with transaction.atomic():
            self.hidden_at, self.hidden_reason = timezone.now(), reason
            self.save(update_fields=["hidden_at", "hidden_reason"])
            IssueEvent.record(self, IssueEvent.Action.HIDDEN, by, note=reason, public=False)
            issue_public_content_changed.send(sender=Issue, issue=self)

    def unhide(self, by):
        permissions.require_moderator(by)
        with transaction.atomic():
            self.hidden_at, self.hidden_reason = None, ""
            self.save(update_fields=["hidden_at", "hidden_reason"])
            IssueEvent.record(self, IssueEvent.Action.UNHIDDEN, by, public=False)
            issue_public_content_changed.send(sender=Issue, issue=self)

    def add_support(self, browser_key):
        """Count one "me too" per browser; returns False when this browser already did."""
        with transaction.atomic():
            _vote, created = SupportVote.objects.get_or_create(issue=self, browser_key=browser_key)
            if created:
                Issue.objects.filter(pk=self.pk).update(support_count=models.F("support_count") + 1)
                self.refresh_from_db(fields=["support_count"])
        return created


class Assignment(models.Model):
    """One department's responsibility for one issue, per round (a reopen starts a new round)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField(default=1)
    assigned_at = models.DateTimeField(default=timezone.now, db_index=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reopened = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["department", "assigned_at"])]

    def __str__(self):
        return f"{self.issue_id} → {self.department}"


class MessageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            kind__in=[Message.Kind.FOLLOW_UP, Message.Kind.REPLY],
            moderation=Message.Moderation.PUBLISHED, withdrawn_at__isnull=True,
        )

    def for_reporter(self):
        """The reporter's tracking page: public messages and their own pending follow-ups."""
        return self.exclude(kind=Message.Kind.NOTE).exclude(
            moderation=Message.Moderation.REJECTED
        ).filter(withdrawn_at__isnull=True)

    def awaiting_moderation(self):
        return self.filter(
            kind=Message.Kind.FOLLOW_UP, moderation=Message.Moderation.PENDING
        ).order_by("created_at")


class Message(WithdrawableText):
    """A reporter's follow-up, an official reply or a private internal note.

    `body` is the public text (masked); `submitted_body` what was typed, private.
    """

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up from the reporter")
        REPLY = "reply", _("Official reply")
        NOTE = "note", _("Internal note")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField(_("text"))
    submitted_body = models.TextField(editable=False)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_published(self):
        return self.kind != self.Kind.NOTE and self.moderation == self.Moderation.PUBLISHED

    def redaction_field(self):
        return self.kind

    def _audit_data(self):
        return {"message": self.pk, "kind": self.kind}

    def _redaction_message(self):
        return self

    def publish(self, by, body=None):
        """Publish a follow-up with the text the moderator approved (all masks by default)."""
        from .privacy import log_redactions, mask_text  # privacy imports models (log)

        permissions.require_moderator(by)
        body = mask_text(self.submitted_body) if body is None else body
        with transaction.atomic():
            log_redactions(self.issue, by, field="follow_up", original=self.submitted_body,
                           public=body, message=self)
            self.body, self.moderation, self.published_at = body, self.Moderation.PUBLISHED, timezone.now()
            self.save(update_fields=["body", "moderation", "published_at"])
            IssueEvent.record(self.issue, IssueEvent.Action.FOLLOW_UP_PUBLISHED, by, public=False)
            issue_public_content_changed.send(sender=Issue, issue=self.issue)

    def reject(self, by, note=""):
        permissions.require_moderator(by)
        with transaction.atomic():
            self.moderation = self.Moderation.REJECTED
            self.save(update_fields=["moderation"])
            IssueEvent.record(
                self.issue, IssueEvent.Action.FOLLOW_UP_REJECTED, by, note=note, public=False
            )


def photo_path(instance, filename):
    return f"photos/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1]}"


class Photo(models.Model):
    """A citizen's photo, stored re-encoded without metadata, shown only on public threads."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="photos")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(storage=private_storage, upload_to=photo_path)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def get_absolute_url(self):
        return reverse("wall:photo", args=[self.issue_id, self.pk])

    def remove(self, by):
        permissions.require_moderator(by)
        with transaction.atomic():
            self.removed_at = timezone.now()
            self.save(update_fields=["removed_at"])
            IssueEvent.record(
                self.issue, IssueEvent.Action.PHOTO_REMOVED, by, data={"photo": self.pk},
                public=False,
            )


class IssueEvent(models.Model):
    """The audit trail: who did what to an issue, when, from which state to which, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published after moderation")
        REJECTED = "rejected", _("Not published")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")
        EDITED = "edited", _("Public text edited by a moderator")
        HIDDEN = "hidden", _("Hidden from the public")
        UNHIDDEN = "unhidden", _("Shown again")
        FOLLOW_UP_ADDED = "follow_up_added", _("Follow-up received")
        FOLLOW_UP_PUBLISHED = "follow_up_published", _("Follow-up published")
        FOLLOW_UP_REJECTED = "follow_up_rejected", _("Follow-up not published")
        PHOTO_REMOVED = "photo_removed", _("Photo removed")
        MESSAGE_EDITED = "message_edited", _("Published message edited by a moderator")
        MESSAGE_WITHDRAWN = "message_withdrawn", _("Published message withdrawn by a moderator")
        PERSONAL_DATA_KEPT = "personal_data_kept", _("Personal data published unmasked on purpose")

    # Moves the public may see on the thread's timeline (never who moderated).
    PUBLIC_ACTIONS = frozenset(
        {Action.SUBMITTED, Action.PUBLISHED, Action.ASSIGNED, Action.ANSWERED, Action.RESOLVED,
         Action.REOPENED, Action.CLOSED}
    )

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")

    def __str__(self):
        return f"{self.issue_id}: {self.action}"

    @classmethod
    def record(cls, issue, action, by, from_status="", to_status="", note="", data=None, public=None):
        from wagtail.log_actions import log

        event = cls.objects.create(
            issue=issue, action=action, actor=by if getattr(by, "pk", None) else None,
            from_status=from_status, to_status=to_status, note=note, data=data or {},
            is_public=action in cls.PUBLIC_ACTIONS if public is None else public,
        )
        if getattr(by, "pk", None):
            log(
                instance=issue, action=f"feedback.{action}", user=by,
                data={"from": from_status, "to": to_status, "note": note, **(data or {})},
            )
        return event


class Redaction(models.Model):
    """A piece of personal data masked by a moderator; the original stays here, private."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="redactions")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="redactions"
    )
    field = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    original = models.CharField(max_length=200)
    replacement = models.CharField(max_length=200)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")


class SupportVote(models.Model):
    """One "me too" per browser: the key is a hash of a signed random browser id, never an address."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="support_votes")
    browser_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "browser_key"], name="one_support_per_browser")
        ]

