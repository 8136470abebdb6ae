"""Exports of the figures: the CSV table staff download (opens in Excel).

One header row, then one row per department and one for the whole city; every row names its
period, so that exports of several periods can be stacked. Numbers stay in numeric cells; "too
few" markers have their own columns; an empty cell is no value.
"""

import csv

from django.utils.translation import gettext as _

from .figures import TOO_FEW, city_figures, department_figures


def _rate_columns(label, attribute):
    """A rate as three columns: the percentage (a number, empty without any case), its number of
    cases, and the "too few" marker (its own column, so that the numbers stay numbers)."""

    def rate(row):
        return getattr(row, attribute)

    return [
        (_("%(figure)s (%%)") % {"figure": label}, lambda row: rate(row).percent),
        (_("%(figure)s: cases") % {"figure": label}, lambda row: rate(row).sample),
        (
            _("%(figure)s: too few cases") % {"figure": label},
            lambda row: str(TOO_FEW) if rate(row).too_few else "",
        ),
    ]


def _duration_columns(label, median_label, p90_label, attribute):
    """A time as median and 90th percentile in hours (numbers), its cases and its marker."""

    def durations(row):
        return getattr(row, attribute)

    return [
        (median_label, lambda row: durations(row).median_hours),
        (p90_label, lambda row: durations(row).p90_hours),
        (_("%(figure)s: cases") % {"figure": label}, lambda row: durations(row).sample),
        (
            _("%(figure)s: too few cases") % {"figure": label},
            lambda row: str(TOO_FEW) if durations(row).too_few else "",
        ),
    ]


def csv_columns(period):
    """(header, value of a `Figures` row) for every column of the export, in order."""
    return [
        (_("Period"), lambda row: period.key),
        (_("First day"), lambda row: f"{period.first_day:%Y-%m-%d}"),
        (_("Last day"), lambda row: f"{period.last_day:%Y-%m-%d}"),
        (_("Department"), lambda row: row.name),
        (_("Received"), lambda row: row.received),
        (_("Published"), lambda row: row.published),
        (_("Merged reports"), lambda row: row.merged),
        (_("Answered"), lambda row: row.answered),
        (_("Resolved"), lambda row: row.resolved),
        *_rate_columns(_("Reply rate"), "reply_rate"),
        *_rate_columns(_("On-time rate"), "on_time_rate"),
        *_duration_columns(
            _("Time to first reply"),
            _("Median time to first reply (hours)"),
            _("90th percentile time to first reply (hours)"),
            "first_reply_time",
        ),
        *_duration_columns(
            _("Time to resolution"),
            _("Median time to resolution (hours)"),
            _("90th percentile time to resolution (hours)"),
            "resolution_time",
        ),
        *_rate_columns(_("Re-do rate"), "reopen_rate"),
        (_("Escalated"), lambda row: row.escalated),
        *_rate_columns(_("Reporters' satisfaction"), "reporter_satisfaction"),
        *_rate_columns(_("Public satisfaction"), "public_satisfaction"),
    ]


def write_figures_csv(stream, period):
    """Write the period's figures to `stream` (a file or an HttpResponse): UTF-8 with a BOM, so
    that Excel reads the Chinese."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    columns = csv_columns(period)
    writer.writerow([header for header, _value in columns])
    for row in [*department_figures(period), city_figures(period)]:
        values = [value(row) for _header, value in columns]
        writer.writerow(["" if value is None else value for value in values])
