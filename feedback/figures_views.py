"""The public department figures page, its CSV export for staff, and "how we measure"."""

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import figures, permissions
from .figures import COLUMNS, TOO_FEW, Period

PERIOD_LABELS = {
    "month": gettext_lazy("This month"),
    "quarter": gettext_lazy("This quarter"),
    "year": gettext_lazy("This year"),
}
# Columns where a higher value is better: the first click sorts them best first.
HIGHER_IS_BETTER = {
    "received", "answered", "resolved", "reply_rate", "on_time_rate", "reporter_satisfaction",
    "public_satisfaction",
}
RANKED = set(COLUMNS) - {"department", "received", "answered", "resolved"}


def _period(request):
    kind = request.GET.get("period", "month")
    return Period.current(kind if kind in Period.KINDS else "month")


def _ranked(rows, column):
    """Competition ranks (1, 1, 3) on the sorted column; rows with too few samples get none."""
    if column not in RANKED:
        return [(None, row) for row in rows]
    key = COLUMNS[column][1]
    ranked, previous, rank = [], object(), 0
    for position, row in enumerate(rows, start=1):
        value = key(row)
        if value is None:
            ranked.append((None, row))
            continue
        if value != previous:
            rank, previous = position, value
        ranked.append((rank, row))
    return ranked


def figures_page(request):
    """Department figures for the current month, quarter or year, sortable by any column."""
    period = _period(request)
    column = request.GET.get("sort", "department")
    column = column if column in COLUMNS else "department"
    default_direction = "desc" if column in HIGHER_IS_BETTER else "asc"
    direction = request.GET.get("dir", default_direction)
    snapshot = figures.snapshot(period)
    rows = figures.sort_figures(snapshot.departments, column, descending=direction == "desc")
    headers = [
        {
            "key": key, "label": label, "active": key == column,
            "direction": direction if key == column else "",
            "next_direction": (
                ("asc" if direction == "desc" else "desc") if key == column
                else ("desc" if key in HIGHER_IS_BETTER else "asc")
            ),
        }
        for key, (label, _key) in COLUMNS.items()
    ]
    return render(
        request,
        "feedback/figures/department_figures.html",
        {
            "period": period, "periods": PERIOD_LABELS, "rows": _ranked(rows, column),
            "city": snapshot.city, "computed_at": snapshot.computed_at, "headers": headers,
            "sort": column,
            "direction": direction, "min_sample": figures.min_sample(),
            "can_export": permissions.is_moderator(request.user)
            or permissions.department_of(request.user) is not None,
        },
    )


def _require_staff(user):
    if not (permissions.is_moderator(user) or permissions.department_of(user) is not None):
        raise PermissionDenied(_("Only moderators and department staff can export the figures."))


def _rate_cells(rate):
    return [str(TOO_FEW) if rate.too_few else f"{rate.percent:.1f}", rate.sample]


def _duration_cells(durations):
    if durations.too_few:
        return [str(TOO_FEW), str(TOO_FEW), durations.sample]
    return [durations.median_hours, durations.p90_hours, durations.sample]


CSV_HEADER = [
    gettext_lazy("Department"), gettext_lazy("Received"), gettext_lazy("Published"),
    gettext_lazy("Answered"), gettext_lazy("Resolved"),
    gettext_lazy("Reply rate (%)"), gettext_lazy("Assignments"),
    gettext_lazy("On-time rate (%)"), gettext_lazy("Assignments with a due date"),
    gettext_lazy("Median time to first reply (hours)"),
    gettext_lazy("90th percentile time to first reply (hours)"), gettext_lazy("Replies"),
    gettext_lazy("Median time to resolution (hours)"),
    gettext_lazy("90th percentile time to resolution (hours)"), gettext_lazy("Resolutions"),
    gettext_lazy("Reopen rate (%)"), gettext_lazy("Resolved assignments"),
    gettext_lazy("Reporters' satisfaction (%)"), gettext_lazy("Reporters' verdicts"),
    gettext_lazy("Public satisfaction (%)"), gettext_lazy("Public votes"),
]


def _csv_row(row):
    return [
        row.name, row.received, "" if row.published is None else row.published, row.answered,
        row.resolved, *_rate_cells(row.reply_rate), *_rate_cells(row.on_time_rate),
        *_duration_cells(row.first_reply_time), *_duration_cells(row.resolution_time),
        *_rate_cells(row.reopen_rate), *_rate_cells(row.reporter_satisfaction),
        *_rate_cells(row.public_satisfaction),
    ]


@login_required
def figures_csv(request):
    """The same figures as CSV for staff: UTF-8 with a BOM so that Excel reads the Chinese."""
    _require_staff(request.user)
    period = _period(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="department-figures-{period.kind}-{period.first_day:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Period"), period.label, f"{period.first_day:%Y-%m-%d}",
                     f"{period.last_day:%Y-%m-%d}"])
    writer.writerow([str(label) for label in CSV_HEADER])
    for row in figures.department_figures(period):
        writer.writerow(_csv_row(row))
    writer.writerow(_csv_row(figures.city_figures(period)))
    return response


def how_we_measure(request):
    """The public definition of every figure and of the satisfaction poll."""
    return render(
        request,
        "feedback/figures/how_we_measure.html",
        {
            "min_sample": figures.min_sample(),
            "poll_open_days": settings.ECHOWALL.get("POLL_OPEN_DAYS", 30),
            "votes_per_hour": settings.ECHOWALL.get("POLL_PUBLIC_VOTES_PER_HOUR", 10),
            "time_zone": settings.TIME_ZONE,
        },
    )
