"""The TV desk's run sheet as the page shows it: `reporting.desk`'s `WeekSelection` with the codes
named (statuses, verdicts), the editors' decisions beside what they decided (who and when), and
the rows the cards need (the issue, for the contact include), all read in a fixed number of
queries whatever the number of threads."""

from dataclasses import dataclass, field

from feedback.models import Issue
from feedback.workflow import Status
from polls.choices import Choice
from reporting.desk_decisions import Kind
from reporting.models import DeskDecision

FOLLOW_UP_PRINTED = 8  # the follow-up rows that fit the printed sheet beside a typical week


def status_label(code):
    try:
        return Status(code).label
    except ValueError:
        return code or "—"


def verdict_label(code):
    try:
        return Choice(code).label if code else ""
    except ValueError:
        return code


@dataclass
class Satisfaction:
    public_pct: float | None = None
    public_votes: int = 0
    verdict: str = ""

    @classmethod
    def of(cls, data):
        data = data or {}
        return cls(
            data.get("public_pct"),
            data.get("public_votes") or 0,
            verdict_label(data.get("reporter_verdict")),
        )

    @property
    def known(self):
        return self.public_pct is not None or bool(self.verdict)


@dataclass
class SheetThread:
    """A selected thread, the issue row behind it and the editors' pin or exclusion of it."""

    card: object  # reporting.desk_week.DeskThread
    issue: Issue | None
    pin: DeskDecision | None = None

    @property
    def is_public_now(self):
        return self.issue is not None and self.issue.is_public

    @property
    def satisfaction(self):
        return Satisfaction.of(self.card.satisfaction)

    @property
    def department_names(self):
        return "、".join(department["name"] for department in self.card.departments)


@dataclass
class FollowUpThread:
    data: dict
    printed: bool

    @property
    def then_status(self):
        return status_label(self.data["then"].get("status"))

    @property
    def now_status(self):
        return status_label(self.data["now"].get("status"))

    @property
    def then_satisfaction(self):
        return Satisfaction.of(self.data["then"].get("satisfaction"))

    @property
    def now_satisfaction(self):
        return Satisfaction.of(self.data["now"].get("satisfaction"))


@dataclass
class Sheet:
    threads: list = field(default_factory=list)  # [SheetThread]
    departments: list = field(default_factory=list)  # [(row dict, question decision or None)]
    follow_up: list = field(default_factory=list)  # [FollowUpThread]
    follow_up_departments: list = field(default_factory=list)
    follow_up_not_printed: int = 0
    decisions: list = field(default_factory=list)  # every DeskDecision of the week, revoked too


def week_decisions(week):
    """Every decision taken on `week`, the revoked ones too (the history), oldest first."""
    return list(
        DeskDecision.objects.filter(week=week.key)
        .select_related("by", "revoked_by", "issue", "department")
        .order_by("at", "pk")
    )


def build_sheet(selection, week):
    decisions = week_decisions(week)
    current = [row for row in decisions if row.revoked_at is None]
    pins = {row.issue_id: row for row in current if row.kind == Kind.PIN}
    questions = {row.department_id: row for row in current if row.kind == Kind.QUESTION}
    issues = Issue.objects.in_bulk(selection.thread_ids())
    threads = [
        SheetThread(card, issues.get(card.id), pins.get(card.id)) for card in selection.threads
    ]
    follow_up = selection.follow_up or {}
    rows = follow_up.get("threads", [])
    return Sheet(
        threads=threads,
        departments=[(row, questions.get(row["id"])) for row in selection.departments],
        follow_up=[
            FollowUpThread(row, printed=n < FOLLOW_UP_PRINTED) for n, row in enumerate(rows)
        ],
        follow_up_departments=follow_up.get("departments", []),
        follow_up_not_printed=max(0, len(rows) - FOLLOW_UP_PRINTED),
        decisions=decisions,
    )
