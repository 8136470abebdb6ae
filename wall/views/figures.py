"""The public department figures page, its CSV export for staff, and "how we measure"."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.conf import setting
from feedback import permissions
from reporting import figures
from reporting.exporters import write_figures_csv
from reporting.figures import COLUMNS
from reporting.periods import (
    Period,
    default_period,
    has_figures,
    periods_back_to,
    switched_period,
)

KIND_LABELS = {
    "month": gettext_lazy("By month"),
    "quarter": gettext_lazy("By quarter"),
    "year": gettext_lazy("By year"),
}
CHOOSER_GROUPS = {
    "month": gettext_lazy("Months"),
    "quarter": gettext_lazy("Quarters"),
    "year": gettext_lazy("Years"),
}
# How people name the site's time zone ("Asia/Shanghai" is a database name, not how anyone
# says it).
TIME_ZONE_NAMES = {"Asia/Shanghai": gettext_lazy("Beijing time")}
# Columns where a higher value is better: the first click sorts them best first.
HIGHER_IS_BETTER = {
    "received",
    "answered",
    "resolved",
    "reply_rate",
    "on_time_rate",
    "reporter_satisfaction",
    "public_satisfaction",
}
RANKED = set(COLUMNS) - {"department", "received", "answered", "resolved", "escalated"}


def _period(request, first_day):
    """?period= names a period (2026-11, 2026-Q4, 2026) or a kind (its default period); by
    default the latest complete month. None for a malformed key, a future period or one that
    ended before the first issue: there are no figures for it."""
    requested = request.GET.get("period", "")
    if requested in ("", *Period.KINDS):
        return default_period(requested or "month", first_day)
    period = Period.from_key(requested)
    if period is None or not has_figures(period, first_day):
        return None
    return period


def _no_figures(request, first_day):
    """The answer for a period without figures (404): says so and links to periods that have them."""
    latest = [(label, default_period(kind, first_day)) for kind, label in KIND_LABELS.items()]
    return render(
        request,
        "wall/figures/no_figures.html",
        {"requested": request.GET.get("period", "")[:20], "latest": latest, "first_day": first_day},
        status=404,
    )


def _navigation(period, first_day):
    """Previous/next periods (only where figures can exist), the chooser and the kind links."""
    previous, following = period.previous(), period.next()
    latest_complete = Period.latest_complete(period.kind)
    chooser = [
        (
            label,
            [
                {
                    "key": p.key,
                    "title": p.title,
                    "in_progress": p.is_in_progress(),
                    "selected": p == period,
                }
                for p in periods_back_to(kind, first_day)
            ],
        )
        for kind, label in CHOOSER_GROUPS.items()
    ]
    return {
        "previous": previous if previous.last_day >= first_day else None,
        "next": following if following.has_started() else None,
        "in_progress": period.is_in_progress(),
        "latest_complete": latest_complete if latest_complete.last_day >= first_day else None,
        "chooser": chooser,
        "kinds": [
            {
                "label": label,
                "key": switched_period(period, kind, first_day).key,
                "current": kind == period.kind,
            }
            for kind, label in KIND_LABELS.items()
        ],
    }


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
    """Department figures of any month, quarter or year, sortable by any column."""
    first_day = figures.first_day_with_data()
    period = _period(request, first_day)
    if period is None:
        return _no_figures(request, first_day)
    column = request.GET.get("sort", "department")
    column = column if column in COLUMNS else "department"
    default_direction = "desc" if column in HIGHER_IS_BETTER else "asc"
    direction = request.GET.get("dir", default_direction)
    snapshot = figures.snapshot(period)
    rows = figures.sort_figures(snapshot.departments, column, descending=direction == "desc")
    headers = [
        {
            "key": key,
            "label": label,
            "active": key == column,
            "direction": direction if key == column else "",
            "next_direction": (
                ("asc" if direction == "desc" else "desc")
                if key == column
                else ("desc" if key in HIGHER_IS_BETTER else "asc")
            ),
        }
        for key, (label, _key) in COLUMNS.items()
    ]
    return render(
        request,
        "wall/figures/department_figures.html",
        {
            "period": period,
            **_navigation(period, first_day),
            "rows": _ranked(rows, column),
            "city": snapshot.city,
            "computed_at": snapshot.computed_at,
            "headers": headers,
            "sort": column,
            "direction": direction,
            "min_sample": figures.min_sample(),
            "can_export": permissions.is_moderator(request.user)
            or permissions.department_of(request.user) is not None,
        },
    )


def _require_staff(user):
    if not (permissions.is_moderator(user) or permissions.department_of(user) is not None):
        raise PermissionDenied(_("Only moderators and department staff can export the figures."))


@login_required
def figures_csv(request):
    """The same figures as CSV for staff: UTF-8 with a BOM so that Excel reads the Chinese.

    One header row, then one row per department and one for the whole city; every row names
    its period, so that exports of several periods can be stacked. Empty cell: no value.
    """
    _require_staff(request.user)
    period = _period(request, figures.first_day_with_data())
    if period is None:
        raise Http404(_("There are no figures for this period."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="department-figures-{period.key}.csv"'
    write_figures_csv(response, period)
    return response


def how_we_measure(request):
    """The public definition of every figure and of the satisfaction poll."""
    return render(
        request,
        "wall/figures/how_we_measure.html",
        {
            "min_sample": figures.min_sample(),
            "escalate_after": setting("ESCALATE_AFTER_REOPENS"),
            "poll_open_days": setting("POLL_OPEN_DAYS"),
            "votes_per_hour": setting("POLL_PUBLIC_VOTES_PER_HOUR"),
            "time_zone": TIME_ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE),
        },
    )
