"""The demo's media pages: six typical cases (three praised, three exposed) citing real demo
threads, and one comprehensive analysis of the latest complete quarter.

A case's text is taken from its threads as the workflow left them: the moderated title, the
departments' public replies and the poll's verdict. Praised cases cite threads resolved
quickly; exposed ones threads that were reopened or answered late. One exposed case cites a
thread the demo hid later, so its card is absent while the case stays (the live rule).
"""

from django.utils import timezone
from django.utils.html import escape

from demo.hot_topics import hot_spots_block
from feedback.models import IssueEvent, Message
from feedback.workflow import Status
from home.models import (
    AnalysisIndexPage,
    AnalysisPage,
    TypicalCaseIndexPage,
    TypicalCasePage,
    TypicalCaseThread,
)
from reporting.periods import Period

CASES_EACH = 3
PRAISE_COMMENTS = (
    "接诉即办、当日响应，现场核查与整改同步推进，群众评价满意。这种主动作为的做法值得各单位学习。",
    "牵头单位主动协调相关部门，把“一件事”办成“一类事”，从源头上减少了同类诉求。",
    "答复具体、时限明确、结果可查，做到了件件有回音、事事有着落。",
)
EXPOSURE_COMMENTS = (
    "首次答复流于形式，问题未解决即申请办结，导致群众再次反映、诉求重新办理。请责任单位深刻反思，举一反三。",
    "超过办理时限才作出答复，答复内容缺乏具体措施和完成时间。现予曝光，责成限期整改。",
    "同一问题反复出现，说明整改不彻底、长效机制没有建立。请责任单位拿出管用的办法，并向群众公开进展。",
)


def _paragraphs(*texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts if text)


def _replies(issue):
    return list(
        Message.objects.public()
        .filter(issue=issue, kind=Message.Kind.REPLY)
        .order_by("created_at")
        .values_list("body", flat=True)
    )


def _resolution_note(issue):
    """The public note of the thread's latest resolution (what its timeline shows)."""
    event = (
        IssueEvent.objects.filter(issue=issue, action=IssueEvent.Action.RESOLVED, is_public=True)
        .order_by("-created_at")
        .first()
    )
    return event.note if event else ""


def _department_names(plan, builder):
    return "、".join(builder.departments[slug].name for slug in plan.departments)


def _by_topic(plans, wanted):
    """{topic key: [plans]} of the plans `wanted` accepts, largest groups first."""
    groups = {}
    for plan in plans:
        if wanted(plan):
            groups.setdefault(plan.topic.key, []).append(plan)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0].topic.key))


def _praised(plan):
    issue = plan.issue
    return issue.is_public and issue.status in (Status.RESOLVED, Status.CLOSED) and not plan.reopen


def _exposed(plan):
    issue = plan.issue
    return issue.is_public and (plan.reopen or issue.reopen_count > 0)


def _case(kind, group, builder, comment):
    """An unsaved case page citing up to three threads of one topic (hidden ones included)."""
    plans = group[:3]
    lead = plans[0]
    issue = lead.issue
    departments = _department_names(lead, builder)
    replies = _replies(issue)
    verb = "快速办结" if kind == "praise" else "推诿拖延被曝光"
    return TypicalCasePage(
        title=f"{departments}：{issue.title}{verb}",
        kind=kind,
        case_date=timezone.localdate(issue.resolved_at or issue.last_activity_at),
        problem=_paragraphs(
            f"群众反映：{issue.title}。",
            f"同类诉求共{len(group)}件，涉及{departments}。" if len(group) > 1 else "",
        ),
        handling=_paragraphs(*(replies[:2] or [f"{departments}受理后开展核查。"])),
        result=_paragraphs(
            _resolution_note(issue),
            f"该诉求重新办理{issue.reopen_count}次。" if issue.reopen_count else "",
        )
        or _paragraphs("目前仍在办理中。"),
        comment=_paragraphs(comment),
        threads=[TypicalCaseThread(issue=plan.issue) for plan in plans],
    ), [builder.departments[slug] for slug in lead.departments]


def build_media_pages(builder, plans):
    """Six typical cases and one analysis, published by the demo's administrator."""
    index = TypicalCaseIndexPage.objects.get()
    hidden = [p for p in plans if p.hidden]
    praised = _by_topic(plans, _praised)[:CASES_EACH]
    exposed_groups = _by_topic(plans, _exposed)
    exposed = exposed_groups[: CASES_EACH - 1]
    if hidden:
        # One case cites a thread the demo hid afterwards: its card drops out, the case stays.
        # The case is written about a public thread of the same topic (never the hidden text),
        # one no other case leads with, else the hidden thread joins the first exposed case.
        topic = hidden[0].topic
        cited = {plan.issue.pk for group in praised + exposed for plan in group}
        public = [
            p for p in plans if p.topic == topic and p.issue.is_public and p.issue.pk not in cited
        ]
        public.sort(key=lambda p: not _exposed(p))
        if public:
            exposed.append([public[0], hidden[0]])
        elif exposed:
            # A case cites three threads at most: the hidden one takes the third place.
            exposed[0] = [*exposed[0][:2], hidden[0]]
    exposed += exposed_groups[len(exposed) : CASES_EACH]
    chosen = [("praise", g, c) for g, c in zip(praised, PRAISE_COMMENTS, strict=False)]
    chosen += [("exposure", g, c) for g, c in zip(exposed, EXPOSURE_COMMENTS, strict=False)]
    for kind, group, comment in chosen:
        page, departments = _case(kind, group, builder, comment)
        page.departments = departments
        index.add_child(instance=page)
        page.save_revision(user=builder.admin).publish(user=builder.admin)
    quarter = Period.latest_complete("quarter", timezone.localdate())
    analysis = AnalysisPage(
        title=f"{quarter.first_day.year}年第{(quarter.first_day.month - 1) // 3 + 1}季度民生诉求综合分析",
        period_kind="quarter",
        period_key=quarter.key,
        intro=_paragraphs(
            "本期分析按类别、责任单位和区县，比较近十二个月的诉求数量、首次答复时间、反映人满意率和重新办理率，"
            "并列出本季度的热点问题及其环比变化。"
        ),
        body=[
            hot_spots_block(heading="本季度热点问题"),
            ("hot_topics", {"top": 8}),
            (
                "chart",
                {
                    "measure": "issues",
                    "dimension": "category",
                    "style": "line",
                    "top": 5,
                    "caption": "诉求数量前五的类别",
                },
            ),
            (
                "chart",
                {
                    "measure": "reply_hours",
                    "dimension": "department",
                    "style": "bar",
                    "top": 8,
                    "caption": "首次答复时间中位数（小时）",
                },
            ),
            (
                "chart",
                {
                    "measure": "satisfaction",
                    "dimension": "city",
                    "style": "line",
                    "top": 1,
                    "caption": "全市反映人满意率",
                },
            ),
            (
                "table",
                {
                    "measure": "reopen_rate",
                    "dimension": "district",
                    "style": "line",
                    "top": 6,
                    "caption": "各区县重新办理率",
                },
            ),
        ],
    )
    AnalysisIndexPage.objects.get().add_child(instance=analysis)
    analysis.save_revision(user=builder.admin).publish(user=builder.admin)
    return len(chosen)


def remove_media_pages():
    """What `load_initial_data --reset` removes with the demo: its cases and analyses."""
    for model in (TypicalCasePage, AnalysisPage):
        for page in model.objects.all():
            page.delete()
