"""The columns of the figures tables: label and sort value of each (None sorts last)."""

from django.utils.translation import gettext_lazy as _

# Column key → (label, value used to sort; None sorts last whatever the direction).
COLUMNS = {
    "department": (_("Department"), lambda f: f.department.sort_order if f.department else -1),
    "received": (_("Received"), lambda f: f.received),
    "answered": (_("Answered"), lambda f: f.answered),
    "resolved": (_("Resolved"), lambda f: f.resolved),
    "reply_rate": (_("Reply rate"), lambda f: f.reply_rate.rank_value),
    "on_time_rate": (_("On-time rate"), lambda f: f.on_time_rate.rank_value),
    "first_reply_median": (
        _("Median time to first reply"),
        lambda f: None if f.first_reply_time.too_few else f.first_reply_time.median,
    ),
    "first_reply_p90": (
        _("90th percentile time to first reply"),
        lambda f: None if f.first_reply_time.too_few else f.first_reply_time.p90,
    ),
    "resolution_median": (
        _("Median time to resolution"),
        lambda f: None if f.resolution_time.too_few else f.resolution_time.median,
    ),
    "resolution_p90": (
        _("90th percentile time to resolution"),
        lambda f: None if f.resolution_time.too_few else f.resolution_time.p90,
    ),
    # 返工率: assignments sent back ÷ assignments resolved (field name kept from "reopen rate").
    "reopen_rate": (_("Re-do rate"), lambda f: f.reopen_rate.rank_value),
    "escalated": (_("Escalated"), lambda f: f.escalated),
    "reporter_satisfaction": (
        _("Reporters' satisfaction"),
        lambda f: f.reporter_satisfaction.rank_value,
    ),
    "public_satisfaction": (_("Public satisfaction"), lambda f: f.public_satisfaction.rank_value),
}


def sort_figures(rows, column="department", descending=False):
    """Sort by a column; rows with too few samples (no value) always come last."""
    key = COLUMNS.get(column, COLUMNS["department"])[1]
    measured = [row for row in rows if key(row) is not None]
    unmeasured = [row for row in rows if key(row) is None]
    measured.sort(key=lambda row: (key(row), row.name), reverse=descending)
    return measured + unmeasured
