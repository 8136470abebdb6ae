"""Monthly trends for the comprehensive analysis (综合分析): issues in, median time to first
reply, reporters' satisfaction and reopen rate, for the city, each department, each category
and each district, plus the hot topics of a period and their change on the previous one.

The city and the departments read the figures service (`city_figures`, `department_figures`):
one definition of every number. Categories and districts group the same assignments and votes by
the issue's category or district, with the same rules (`_by_issue_field`). "Issues in" counts the
issues received in the month and published (accepted: rejections and unmoderated posts left out);
for a department, the assignments it received (`Figures.received`), as on the figures page.

`freeze(period)` returns plain JSON, written once into the analysis page: the series cost about
20 queries a month, far too many for a request (see design 14 §1).
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.models import Assignment, Category, District, Issue
from feedback.workflow import Status
from polls.choices import SATISFIED_CHOICES
from polls.models import PollVote

from .charts import Chart
from .figures import TOO_FEW, city_figures, department_figures, min_sample
from .figures.percentiles import percentiles_by_group
from .periods import Period

VERSION = 1
MONTHS = 12
DIMENSIONS = ("city", "department", "category", "district")
MEASURES = ("issues", "reply_hours", "satisfaction", "reopen_rate")
ISSUE_FIELDS = {"category": "category_id", "district": "district_id"}
MEASURE_LABELS = {
    "issues": gettext_lazy("Issues in"),
    "reply_hours": gettext_lazy("Median hours to first reply"),
    "satisfaction": gettext_lazy("Reporters' satisfaction"),
    # The re-do rate (返工率) of the figures page; this label is a choice of the analysis page's
    # chart block, frozen in home's migrations: renaming it needs a migration of its own.
    "reopen_rate": gettext_lazy("Reopen rate"),
}
DIMENSION_LABELS = {
    "city": gettext_lazy("Whole city"),
    "department": gettext_lazy("By department"),
    "category": gettext_lazy("By category"),
    "district": gettext_lazy("By district"),
}


def months_ending_with(period, count=MONTHS):
    """The `count` months up to the last month of `period`, oldest first."""
    month = Period.month(period.last_day)
    months = [month]
    while len(months) < count:
        month = month.previous()
        months.append(month)
    return months[::-1]


def _hours(durations):
    return [durations.median_hours, durations.sample]


def _rate(rate):
    return [rate.numerator, rate.denominator]


def _measures(issues, figures):
    return {
        "issues": issues,
        "reply_hours": _hours(figures.first_reply_time),
        "satisfaction": _rate(figures.reporter_satisfaction),
        "reopen_rate": _rate(figures.reopen_rate),
    }


def _accepted(period, field=None):
    issues = Issue.objects.counted().filter(
        created_at__gte=period.start, created_at__lt=period.end, published_at__isnull=False
    )
    if field is None:
        return issues.count()
    return dict(issues.values_list(field).annotate(n=Count("pk")).order_by())


def _by_issue_field(period, field):
    """{group id: measures} for the issues' `field` (category_id or district_id)."""
    group = f"issue__{field}"
    assignments = Assignment.objects.counted().filter(
        assigned_at__gte=period.start, assigned_at__lt=period.end
    )
    counts = {
        row.pop(group): row
        for row in assignments.values(group)
        .annotate(resolved=Count("pk", filter=Q(resolved_at__isnull=False)))
        .annotate(reopened=Count("pk", filter=Q(reopened=True)))
        .order_by()
    }
    replies = percentiles_by_group(assignments, "first_reply_at", True, group=group)
    votes = {
        row[f"poll__{group}"]: (row["satisfied"], row["votes"])
        for row in PollVote.objects.filter(
            created_at__gte=period.start,
            created_at__lt=period.end,
            source=PollVote.Source.REPORTER,
        )
        .exclude(poll__issue__status=Status.MERGED)
        .values(f"poll__{group}")
        .annotate(votes=Count("pk"), satisfied=Count("pk", filter=Q(choice__in=SATISFIED_CHOICES)))
        .order_by()
    }
    accepted = _accepted(period, field)
    result = {}
    for key in set(counts) | set(replies) | set(votes) | set(accepted):
        row = counts.get(key, {"resolved": 0, "reopened": 0})
        reply = replies.get(key, {})
        median = reply.get("median")
        result[key] = {
            "issues": accepted.get(key, 0),
            "reply_hours": [
                None if median is None else round(median.total_seconds() / 3600, 1),
                reply.get("n", 0),
            ],
            "satisfaction": list(votes.get(key, (0, 0))),
            "reopen_rate": [row["reopened"], row["resolved"]],
        }
    return result


def _month_values(month):
    """{dimension: {group key: measures}} for one month."""
    departments = department_figures(month)
    values = {
        "city": {"city": _measures(_accepted(month), city_figures(month))},
        "department": {str(f.department.pk): _measures(f.received, f) for f in departments},
    }
    for dimension, field in ISSUE_FIELDS.items():
        values[dimension] = {str(k): v for k, v in _by_issue_field(month, field).items()}
    return values


def _empty(measure):
    return 0 if measure == "issues" else ([None, 0] if measure == "reply_hours" else [0, 0])


def hot_topics(period):
    """Categories by accepted issues in `period`, with the previous period's count."""
    now, before = _accepted(period, "category_id"), _accepted(period.previous(), "category_id")
    names = dict(Category.objects.filter(pk__in=set(now) | set(before)).values_list("pk", "name"))
    rows = [
        {"id": pk, "name": names[pk], "n": now.get(pk, 0), "previous": before.get(pk, 0)}
        for pk in names
    ]
    return sorted(rows, key=lambda row: (-row["n"], -row["previous"], row["name"]))


def freeze(period):
    """The analysis snapshot of `period`: twelve months of series and the hot topics (JSON)."""
    months = months_ending_with(period)
    per_month = [_month_values(month) for month in months]
    groups = {
        "city": [{"key": "city", "name": None}],
        "department": [],
        "category": [
            {"key": str(pk), "name": name}
            for pk, name in Category.objects.order_by("name").values_list("pk", "name")
        ],
        "district": [
            {"key": str(pk), "name": name}
            for pk, name in District.objects.order_by("name").values_list("pk", "name")
        ],
    }
    seen_departments = {key for values in per_month for key in values["department"]}
    groups["department"] = [
        {"key": str(f.department.pk), "name": f.department.name}
        for f in department_figures(period)
        if str(f.department.pk) in seen_departments
    ]
    series = {}
    for dimension in DIMENSIONS:
        series[dimension] = {
            group["key"]: {
                measure: [
                    values[dimension].get(group["key"], {}).get(measure, _empty(measure))
                    for values in per_month
                ]
                for measure in MEASURES
            }
            for group in groups[dimension]
        }
    return {
        "version": VERSION,
        "period": {"kind": period.kind, "key": period.key},
        "months": [month.key for month in months],
        "min_sample": min_sample(),
        "groups": groups,
        "series": series,
        "hot_topics": hot_topics(period),
    }


def shown_value(measure, value, min_n):
    """What a chart shows of a frozen value: a count, hours or a percentage; None when the
    sample is below the minimum (a gap, "too few")."""
    if measure == "issues":
        return value
    if measure == "reply_hours":
        hours, n = value
        return hours if n >= min_n and hours is not None else None
    numerator, denominator = value
    return round(100 * numerator / denominator, 1) if denominator >= min_n else None


def _group_name(group):
    return group["name"] or _("Whole city")


def trend_chart(snapshot, measure, dimension, top=6, kind="line", chart_id="chart"):
    """A `Chart` of a frozen snapshot: the `top` groups with the most issues in, a line per
    group over the months, or (kind "bar") one bar per group for the last month."""
    min_n = snapshot["min_sample"]
    series = snapshot["series"][dimension]
    groups = sorted(
        snapshot["groups"][dimension],
        key=lambda g: -sum(series[g["key"]]["issues"]),
    )[:top]
    unit = {"issues": "", "reply_hours": "h"}.get(measure, "%")
    lines = [
        (
            _group_name(group),
            [shown_value(measure, v, min_n) for v in series[group["key"]][measure]],
        )
        for group in groups
    ]
    title = f"{MEASURE_LABELS[measure]} · {DIMENSION_LABELS[dimension]}"
    labels = snapshot["months"]
    if kind == "bar":
        lines = [(name, values[-1:]) for name, values in lines]
        title, labels = f"{title} · {labels[-1]}", labels[-1:]
    return Chart(
        title=title,
        labels=labels,
        series=lines,
        unit=unit,
        kind=kind,
        max=100 if unit == "%" else None,
        chart_id=chart_id,
        too_few=str(TOO_FEW),
    )


def change(n, previous):
    """环比: the change on the previous period in percent, None without a previous count."""
    return round(100 * (n - previous) / previous, 1) if previous else None


def hot_topics_chart(snapshot, top=8, chart_id="hot-topics"):
    rows = snapshot["hot_topics"][:top]
    return Chart(
        title=str(_("Hot topics: issues in by category")),
        labels=[snapshot["period"]["key"]],
        series=[(row["name"], [row["n"]]) for row in rows],
        kind="bar",
        chart_id=chart_id,
        too_few=str(TOO_FEW),
    )
