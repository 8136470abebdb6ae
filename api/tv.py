"""The TV desk's week as the exports give it: pydantic models (the JSON export and its JSON
Schema, `api/schemas/tv-week.schema.json`, served at /api/tv/v1/schema/week.json) built from
`reporting.desk.build_week`'s `WeekSelection`.

Dates are W3C datetimes in the city's zone (+08:00); `url` and `photos` are absolute. A thread
carries only public data (its public text, departments, status, dates, satisfaction), never the
reporter's contact: consent or not, contact details are in no export.
"""

import json
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "tv-week.schema.json"
SCHEMA_ID = "https://echowall.example/api/tv/v1/schema/week.json"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Code(Strict):
    code: str
    label: str


class DepartmentRef(Strict):
    slug: str
    name: str


class Satisfaction(Strict):
    """Of the latest poll round opened before the week's end (open or closed), with the votes
    cast before it; null when unknown."""

    public_pct: float | None = Field(description="Share of public votes satisfied, 0-100")
    public_votes: int | None
    reporter_verdict: str | None = Field(description="The reporter's own verdict, a code")


class Thread(Strict):
    rank: int
    id: int = Field(description="The public thread id (/wall/<id>/)")
    title: str
    summary: str = Field(description="The public text, at most 120 characters and …")
    departments: list[DepartmentRef]
    status: Code
    published_at: datetime | None
    first_reply_at: datetime | None
    resolved_at: datetime | None
    reply_hours: float | None = Field(description="First assignment to first reply, hours")
    satisfaction: Satisfaction
    url: str
    photos: list[str]
    reasons: list[Code]
    merged_reports: int
    pinned: bool


class DepartmentToQuestion(Strict):
    slug: str
    name: str
    overdue: int = Field(description="Threads past their due date at the week's end")
    marked: bool = Field(description="Marked by the editors to be questioned on air")


class Counted(Strict):
    slug: str
    name: str
    count: int


class HotTopic(Strict):
    rank: int
    label: str
    size: int = Field(description="Threads in the topic this week")
    support: int
    growth: int = Field(description="Threads more than in the week before")
    departments: list[Counted]
    districts: list[Counted]


class FollowUpState(Strict):
    status: str = Field(description="The status code (the badge's status, for now)")
    days_overdue: int | None = Field(description="Days past the due date; null when not overdue")
    satisfaction: Satisfaction | None


class FollowUpThread(Strict):
    id: int = Field(description="The public thread id (/wall/<id>/)")
    week: str = Field(description="The week it was last featured")
    title: str
    url: str
    reasons: list[str] = Field(description="The reason codes it was featured for then")
    then: FollowUpState = Field(description="As of the end of the week it was featured")
    now: FollowUpState
    replies_since: int = Field(description="Department replies since that week's end")
    resolved_since: bool


class FollowUpDepartment(Strict):
    id: int
    week: str = Field(description="The week it was last marked to be questioned")
    slug: str
    name: str
    overdue_then: int
    overdue_now: int


class FollowUp(Strict):
    """回头看: the threads and marked departments of the frozen weeks before this one."""

    weeks: list[str] = Field(description="The frozen weeks looked back on, latest first")
    threads: list[FollowUpThread]
    departments: list[FollowUpDepartment]


class WeekExport(Strict):
    """One ISO week of the 行风视线 desk."""

    model_config = ConfigDict(
        extra="forbid",
        title="TV desk week (行风视线)",
        json_schema_extra={"$id": SCHEMA_ID},
    )

    week: str = Field(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])
    start: datetime
    end: datetime
    frozen_at: datetime | None = Field(description="null while the week is in progress")
    threads: list[Thread]
    departments: list[DepartmentToQuestion]
    hot_topics: list[HotTopic]
    follow_up: FollowUp


def _local(moment):
    return timezone.localtime(moment) if moment else None


def thread_export(thread, build_url):
    return Thread(
        rank=thread.rank,
        id=thread.id,
        title=thread.title,
        summary=thread.summary,
        departments=thread.departments,
        status=thread.status,
        published_at=_local(thread.published_at),
        first_reply_at=_local(thread.first_reply_at),
        resolved_at=_local(thread.resolved_at),
        reply_hours=thread.reply_hours,
        satisfaction=thread.satisfaction,
        url=build_url(thread.url),
        photos=[build_url(path) for path in thread.photos],
        reasons=thread.reasons,
        merged_reports=thread.merged_reports,
        pinned=thread.pinned,
    )


def week_export(selection, build_url):
    """The `WeekExport` of a `WeekSelection`; `build_url` makes a path absolute."""
    return WeekExport(
        week=selection.week,
        start=_local(selection.start),
        end=_local(selection.end),
        frozen_at=_local(selection.frozen_at),
        threads=[thread_export(thread, build_url) for thread in selection.threads],
        departments=[
            {key: item[key] for key in DepartmentToQuestion.model_fields}
            for item in selection.departments
        ],
        hot_topics=selection.hot_topics,
        follow_up=follow_up_export(selection.follow_up, build_url),
    )


def follow_up_export(follow_up, build_url):
    """The `FollowUp` of a selection's follow-up (empty when it was not computed)."""
    threads = [
        {**thread, "url": build_url(thread["url"])} for thread in follow_up.get("threads", [])
    ]
    return FollowUp(
        weeks=follow_up.get("weeks", []),
        threads=threads,
        departments=follow_up.get("departments", []),
    )


def json_schema():
    """The JSON Schema (2020-12) of the JSON export, as committed in `SCHEMA_PATH`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **WeekExport.model_json_schema(),
    }


def schema_text():
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
