"""Issues: a citizen's post and its public thread, and the named querysets over them.

The moves (publish, assign, reply, resolve, reopen, …) live in `moves.py`, mixed into `Issue`.
"""

import secrets

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Coalesce, Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..case_numbers import day_prefix, format_case_number, sequence_of
from ..workflow import (
    AWAITING_ASSIGNMENT,
    HANDLED_AGAIN_LOOKUP,
    PUBLIC_STATUSES,
    RejectionReason,
    Source,
    Status,
    counted_lookup,
    is_overdue,
    overdue_lookup,
    public_lookup,
)
from ..workflow import shown_status as status_shown_for
from .assignments import Assignment
from .departments import Category, District
from .escalation import IssueEscalation
from .history import IssueEvent
from .merging import IssueMerging
from .moves import IssueMoves
from .transfers import IssueTransfers


def new_tracking_code():
    # 24 random bytes: 192 bits, URL-safe, for the reporter's private link.
    return secrets.token_urlsafe(24)


# Two submissions in the same instant may pick the same case number; the later one retries.
CASE_NUMBER_ATTEMPTS = 10


class IssueQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published, not hidden by a moderator."""
        return self.filter(public_lookup())

    def counted(self):
        """The issues the figures count: a merged report (并单) counts within its main thread,
        never on its own (`merged_reports` counts it apart)."""
        return self.filter(counted_lookup())

    def merged_reports(self):
        """Reports merged into an earlier thread (the figures' "merged reports")."""
        return self.filter(status=Status.MERGED)

    def awaiting_moderation(self):
        return self.filter(status=Status.SUBMITTED).order_by("created_at")

    def awaiting_assignment(self):
        """Published or reopened and with no department yet (also: handed back by the last
        one), oldest activity first: the moderators' to-do after the new posts."""
        return self.filter(status__in=AWAITING_ASSIGNMENT, hidden_at__isnull=True).order_by(
            "last_activity_at"
        )

    def assigned_now(self, department):
        """Issues the department is responsible for now (a withdrawn assignment gives no access)."""
        return self.filter(
            pk__in=Assignment.objects.current().filter(department=department).values("issue_id")
        )

    def assigned_in_any_round(self, department):
        """Issues the department was ever assigned, in any round (the wall's department filter).
        A subquery instead of a join keeps one row per issue without DISTINCT."""
        return self.filter(
            pk__in=Assignment.objects.filter(department=department).values("issue_id")
        )

    def shown_as(self, status):
        """Issues whose badge says `status` (see `workflow.shown_status`), for status filters."""
        handled_again = models.Q(**HANDLED_AGAIN_LOOKUP)
        if status == Status.REOPENED:
            return self.filter(models.Q(status=Status.REOPENED) | handled_again)
        if status == Status.ASSIGNED:
            return self.filter(status=Status.ASSIGNED).exclude(handled_again)
        return self.filter(status=status)

    def with_shown_status(self):
        """Annotates `shown_status`, what the badge says (for counting issues per badge)."""
        return self.annotate(
            shown_status=models.Case(
                models.When(models.Q(**HANDLED_AGAIN_LOOKUP), then=models.Value(Status.REOPENED)),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )

    def overdue(self, now=None):
        """Past their due date while departments still owe an answer (`workflow.is_overdue`)."""
        return self.filter(**overdue_lookup(timezone.localdate(now)))

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
        return (
            self.select_related("category", "district")
            .prefetch_related(
                models.Prefetch(
                    "assignments",
                    queryset=Assignment.objects.current().select_related("department"),
                    to_attr="active_assignments",
                ),
            )
            .annotate(merged_count=self.merged_count_subquery())
        )

    def escalated(self):
        """提级督办: every issue ever escalated, those still open first (the marker on), then
        the closed escalations, each group by the time of escalation, newest first."""
        return self.filter(escalated_at__isnull=False).order_by(
            models.F("escalation_closed_at").desc(nulls_first=True), "-escalated_at", "-pk"
        )

    def escalated_now(self):
        """Escalated and not closed since: the marker is on (`Issue.is_escalated`)."""
        return self.filter(escalated_at__isnull=False, escalation_closed_at__isnull=True)

    def for_escalation_list(self):
        """What the supervisors' list shows of each issue, in a constant number of queries:
        every round's assignments with their departments and the reopens (`reopen_history`)."""
        return self.select_related("category", "district").prefetch_related(
            models.Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("department"),
            ),
            models.Prefetch(
                "events",
                queryset=IssueEvent.objects.filter(action=IssueEvent.Action.REOPENED),
                to_attr="reopen_events",
            ),
        )

    def merged_count_subquery(self):
        """并单: "N reports merged" of each row, as a subquery (no join, no GROUP BY)."""
        merged = (
            self.model.objects.filter(merged_into=models.OuterRef("pk"))
            .order_by()
            .values("merged_into")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(merged), 0)


class Issue(IssueMoves, IssueTransfers, IssueMerging, IssueEscalation, models.Model):
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

    source = models.CharField(
        _("received through"), max_length=20, choices=Source.choices, default=Source.WEB
    )
    # 并单: the earlier thread this report was merged into (status "merged"); groups stay one
    # level deep, so "N reports merged" is a count of `merged_reports`.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_reports",
        editable=False,
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # 提级督办: stamped when the issue is reopened `ESCALATE_AFTER_REOPENS` times; kept as history.
    escalated_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    escalation_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The reporter's optional consent to be contacted by the TV programme 行风视线 (never public,
    # shown to media staff only for featured threads, each view logged).
    tv_contact_consent = models.BooleanField(_("the TV programme may contact me"), default=False)
    tv_consent_at = models.DateTimeField(null=True, blank=True, editable=False)

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
        return is_overdue(self.status, self.due_date, today or timezone.localdate())

    def is_assigned_now(self, department):
        """Whether `department` is responsible for the issue now (`Assignment.objects.current`)."""
        return self.assignments.current().filter(department=department).exists()
