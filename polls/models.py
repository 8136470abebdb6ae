"""Satisfaction polls (群众满意度测评): one poll round each time an issue is resolved.

Two kinds of vote are kept apart everywhere:

- the reporter's verdict, cast through the private tracking link: one per round, changeable while
  the round is open; "dissatisfied, the problem is still there" reopens the issue;
- public votes from anyone who read the thread: one per browser per round (a keyed hash of the
  signed browser cookie), with a keyed hash of the address for the captcha and the rate limit,
  never the address itself.

A round opens when the issue reaches "resolved" (signal `issue_status_changed`), stays open for
``ECHOWALL["POLL_OPEN_DAYS"]`` days, and is closed and frozen when the issue is reopened
or closed (`polls.receivers`), or by `close_due_polls` (`polls.tasks`: management command and
background task) when its time is up.
A round whose closing time has passed counts as closed even before that command runs.

Comments are citizens' text: pending until a moderator approves (possibly masked) or rejects them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from feedback.models import Issue
from feedback.moderated import ModeratedText

from .choices import Choice


class PollClosed(ValidationError):
    """A vote on a round that is closed (or whose closing time has passed)."""


class VoteRefused(ValidationError):
    """A vote that the rules refuse: already voted, too many votes from an address."""


class PollQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(closed_at__isnull=True, closes_at__gt=now)

    def due(self, now=None):
        """Rounds past their closing time that no one has closed yet."""
        now = now or timezone.now()
        return self.filter(closed_at__isnull=True, closes_at__lte=now)

    def with_results(self):
        """Each round with its vote counts, in the same query."""
        public = Q(votes__source=PollVote.Source.PUBLIC)
        return self.annotate(
            reporter_choice=Max("votes__choice", filter=Q(votes__source=PollVote.Source.REPORTER)),
            public_satisfied=Count("votes", filter=public & Q(votes__choice=Choice.SATISFIED)),
            public_basically=Count(
                "votes", filter=public & Q(votes__choice=Choice.BASICALLY_SATISFIED)
            ),
            public_dissatisfied=Count(
                "votes", filter=public & Q(votes__choice=Choice.DISSATISFIED)
            ),
        )


class Poll(models.Model):
    """One satisfaction poll round on one issue: opened by a resolution, frozen when closed."""

    Choice = Choice

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="polls")
    # Equals `Assignment.round` of the assignments that were resolved: the departments it rates.
    round = models.PositiveSmallIntegerField(_("round"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    closes_at = models.DateTimeField(_("closes"), db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        # The table it had in feedback (moved in polls 0001 without touching the data).
        db_table = "feedback_poll"
        ordering = ["issue", "-round"]
        verbose_name = _("satisfaction poll")
        verbose_name_plural = _("satisfaction polls")
        constraints = [
            models.UniqueConstraint(fields=["issue", "round"], name="one_poll_per_issue_round")
        ]

    def __str__(self):
        return f"{self.issue_id} #{self.round}"

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.closed_at is None and now < self.closes_at

    @property
    def ends_at(self):
        """When the round stopped (or will stop) taking votes."""
        return self.closed_at or self.closes_at

    # Results, from `with_results()` annotations. ----------------------------------------------

    @property
    def public_total(self):
        return self.public_satisfied + self.public_basically + self.public_dissatisfied

    def public_share(self, count):
        return round(100 * count / self.public_total) if self.public_total else 0

    @property
    def public_satisfied_pct(self):
        return self.public_share(self.public_satisfied)

    @property
    def public_basically_pct(self):
        return self.public_share(self.public_basically)

    @property
    def public_dissatisfied_pct(self):
        return self.public_share(self.public_dissatisfied)

    @property
    def public_satisfaction_pct(self):
        """(satisfied + basically satisfied) ÷ public votes, as a whole percentage."""
        return self.public_share(self.public_satisfied + self.public_basically)

    @property
    def reporter_choice_label(self):
        return Choice(self.reporter_choice).label if self.reporter_choice else ""

    # Moves. --------------------------------------------------------------------------------

    def close(self, now=None):
        """Freeze the round (idempotent)."""
        if self.closed_at is None:
            self.closed_at = min(now or timezone.now(), self.closes_at)
            Poll.objects.filter(pk=self.pk, closed_at__isnull=True).update(closed_at=self.closed_at)

    def _require_open(self, now):
        if not self.is_open(now):
            raise PollClosed(gettext("This satisfaction poll is closed."))

    def record_reporter_verdict(self, choice, comment="", problem_persists=False):
        """The reporter's verdict: one per round, replaced while the round is open.

        "Dissatisfied" with the problem still there reopens the issue and sends it back to its
        departments; the reopen counts against them (`Assignment.reopened`). Returns the vote.
        """
        choice = Choice(choice)
        if problem_persists and choice != Choice.DISSATISFIED:
            raise ValidationError(
                gettext("“The problem is still there” goes only with “Dissatisfied”.")
            )
        with transaction.atomic():
            poll = Poll.objects.select_for_update().get(pk=self.pk)
            now = timezone.now()
            poll._require_open(now)
            vote, created = PollVote.objects.get_or_create(
                poll=poll,
                source=PollVote.Source.REPORTER,
                defaults={"choice": choice, "created_at": now, "updated_at": now},
            )
            persists = choice == Choice.DISSATISFIED and bool(problem_persists)
            if not created:
                vote.choice, vote.updated_at = choice, now
            vote.problem_persists = persists
            vote.save()
            vote.set_comment(comment)
            if persists:
                issue = Issue.objects.get(pk=poll.issue_id)
                issue.reopen(
                    None,
                    by_reporter=True,
                    note=gettext("The reporter says the problem is still there."),
                )
        self.refresh_from_db(fields=["closed_at"])  # a reopen has just frozen the round
        return vote

    def record_public_vote(self, choice, browser_key, address_key, comment=""):
        """A reader's vote: one per browser per round, rate-limited per address.

        The caller checks the captcha (`captcha_required`) before calling. Raises `PollClosed` or
        `VoteRefused`.
        """
        choice = Choice(choice)
        with transaction.atomic():
            now = timezone.now()
            self._require_open(now)
            if PollVote.objects.filter(
                poll=self, source=PollVote.Source.PUBLIC, browser_key=browser_key
            ).exists():
                raise VoteRefused(gettext("This browser has already voted in this poll."))
            if PollVote.recent_from_address(address_key, now) >= setting(
                "POLL_PUBLIC_VOTES_PER_HOUR"
            ):
                raise VoteRefused(
                    gettext("Too many votes from your network in the last hour; try again later.")
                )
            try:
                with transaction.atomic():
                    vote = PollVote.objects.create(
                        poll=self,
                        source=PollVote.Source.PUBLIC,
                        choice=choice,
                        browser_key=browser_key,
                        address_key=address_key,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError as error:  # the same browser, twice at the same moment
                raise VoteRefused(
                    gettext("This browser has already voted in this poll.")
                ) from error
            vote.set_comment(comment)
        return vote


class PollVoteQuerySet(models.QuerySet):
    def reporter(self):
        return self.filter(source=PollVote.Source.REPORTER)

    def public(self):
        return self.filter(source=PollVote.Source.PUBLIC)


class PollVote(models.Model):
    """A vote in a round. Public votes store keyed hashes only, never a browser id or address."""

    Choice = Choice

    class Source(models.TextChoices):
        REPORTER = "reporter", _("The reporter")
        PUBLIC = "public", _("The public")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    source = models.CharField(_("voter"), max_length=10, choices=Source.choices)
    choice = models.CharField(_("verdict"), max_length=20, choices=Choice.choices)
    # The reporter, when dissatisfied, said the problem is still there (the issue was reopened).
    problem_persists = models.BooleanField(default=False)
    browser_key = models.CharField(max_length=64, blank=True, editable=False)
    address_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # When the vote was first cast: what puts it in a period of the figures.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PollVoteQuerySet.as_manager()

    class Meta:
        # The table it had in feedback (moved in polls 0001 without touching the data).
        db_table = "feedback_pollvote"
        ordering = ["created_at", "pk"]
        verbose_name = _("satisfaction vote")
        verbose_name_plural = _("satisfaction votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll"],
                condition=Q(source="reporter"),
                name="one_reporter_verdict_per_poll",
            ),
            models.UniqueConstraint(
                fields=["poll", "browser_key"],
                condition=Q(source="public"),
                name="one_public_vote_per_browser_per_poll",
            ),
        ]

    def __str__(self):
        return f"{self.poll}: {self.get_source_display()} {self.get_choice_display()}"

    @classmethod
    def recent_from_address(cls, address_key, now=None):
        """Public votes from this address (hash) in the last hour, on any poll."""
        now = now or timezone.now()
        return cls.objects.filter(
            source=cls.Source.PUBLIC,
            address_key=address_key,
            created_at__gt=now - timedelta(hours=1),
        ).count()

    @classmethod
    def wait_for_address(cls, address_key, limit, now=None):
        """Seconds until this address may vote again, or None when it is under `limit` an hour."""
        now = now or timezone.now()
        recent = (
            cls.objects.filter(
                source=cls.Source.PUBLIC,
                address_key=address_key,
                created_at__gt=now - timedelta(hours=1),
            )
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        recent = list(recent)
        if len(recent) < limit:
            return None
        # The oldest of the last `limit` votes leaves the hour first.
        return max(1, int((recent[-1] + timedelta(hours=1) - now).total_seconds()))

    def set_comment(self, text):
        """Attach, replace or drop the optional comment; a new text waits for moderation again."""
        text = (text or "").strip()
        existing = PollComment.objects.filter(vote=self).first()
        if not text:
            if existing and self.source == self.Source.REPORTER:
                existing.delete()
            return None
        if existing:
            if existing.submitted_body == text:
                return existing
            existing.submitted_body = existing.body = text
            existing.moderation = PollComment.Moderation.PENDING
            existing.moderated_at = existing.moderated_by = None
            existing.withdrawn_at = existing.withdrawn_by = None
            existing.withdrawn_reason = ""
            existing.created_at = timezone.now()
            existing.save()
            return existing
        return PollComment.objects.create(vote=self, body=text, submitted_body=text)


class PollCommentQuerySet(models.QuerySet):
    def awaiting_moderation(self):
        """The moderators' queue, oldest first, with what the queue shows."""
        return (
            self.filter(moderation=PollComment.Moderation.PENDING)
            .select_related("vote__poll__issue")
            .order_by("created_at", "pk")
        )

    def public(self):
        return self.filter(moderation=PollComment.Moderation.PUBLISHED, withdrawn_at__isnull=True)


class PollComment(ModeratedText):
    """A voter's optional comment; public once a moderator approved it (maybe masked), until a
    moderator withdraws it."""

    vote = models.OneToOneField(PollVote, on_delete=models.CASCADE, related_name="comment")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PollCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("poll comment")
        verbose_name_plural = _("poll comments")
        # The table it had in feedback (moved in polls 0001 without touching the data).
        db_table = "feedback_pollcomment"

    def __str__(self):
        return f"{self.vote}: {self.submitted_body[:30]}"

    @property
    def issue(self):
        return self.vote.poll.issue

    @property
    def is_published(self):
        return self.moderation == self.Moderation.PUBLISHED

    def redaction_field(self):
        return "poll_comment"

    def _audit_data(self):
        return {"poll_comment": self.pk}

    def _approved_body(self, body):
        body = (body or "").strip()
        if not body:
            raise ValidationError(gettext("An approved comment cannot be empty."))
        return body

    def _moderation_stamps(self, by, now):
        return {"moderated_at": now, "moderated_by": by}


def poll_prefetch():
    """For list rows and thread pages: every round with its counts, newest first (one query)."""
    return Prefetch(
        "polls", queryset=Poll.objects.with_results().order_by("-round"), to_attr="poll_rounds"
    )
