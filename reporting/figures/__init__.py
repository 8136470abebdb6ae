"""The efficiency figures: ONE definition of every number, computed by the database.

Everything published about departments (the figures page and its CSV, the home page, the results
bulletins, the TV highlights) calls `department_figures(period)` / `city_figures(period)`.

What puts a row in the period ``[start, end)`` (local time, Asia/Shanghai):

- an assignment (one department, one issue, one round; a reopen starts a new round) belongs to the
  period in which it was *assigned* (`Assignment.assigned_at`). Its outcomes (first reply,
  resolution, reopen) count whenever they happened, up to now: the figures of a period are those of
  the issues the department *received* in it;
- received and published issues for the city: `Issue.created_at` and `Issue.published_at`;
- 并单: a merged report counts in no figure of its own (its assignments, votes and the issue
  itself are left out: `Assignment.objects.counted`, `Issue.objects.counted`), so a merged
  group counts once, through its main thread; the city's `merged` counts the reports received
  in the period and merged by now;
- a satisfaction vote belongs to the period in which it was *first cast* (`PollVote.created_at`),
  with its current verdict (a reporter may change it while the poll is open). A vote counts for
  every department assigned in the poll's round; the city counts each vote once.

Rates: reply = answered ÷ received; on time = answered by the due date (local date of the first
reply ≤ due date) ÷ received with a due date; re-do (返工率, `reopen_rate`) = assignments sent
back ÷ assignments resolved, with `escalated` the assignments whose sending back escalated the
issue (提级督办); satisfaction =
(satisfied + basically satisfied) ÷ votes, for reporter verdicts and public votes separately;
resolution = resolved ÷ received; on-time resolution = resolved by the due date ÷ received with a
due date (`Figures.resolution`, a `Resolution`: the results bulletins' columns, in the same query).
A rate or a time whose sample (its denominator) is below ``ECHOWALL["MIN_SAMPLE"]`` is "too few":
shown as such and never ranked.

Percentiles are interpolated between the two nearest ranks (like PostgreSQL's `percentile_cont`
and Excel's PERCENTILE.INC): for n sorted durations, position 1 + p·(n − 1). The database picks
only the two rows around each position, per department, with window functions (ROW_NUMBER and
COUNT over a partition) that SQLite ≥ 3.25 and PostgreSQL both run, so the same code gives the
same answer in development and in production, in a fixed number of queries (5 for the
departments, 6 for the city). Durations and the on-time date test use native SQL on SQLite and
PostgreSQL (vendor methods of `SecondsBetween` and `LocalDayOnOrBefore`), because Django's
portable versions call a Python function per row on SQLite.

Public pages call `snapshot(period)`, which keeps both results in the cache for a few minutes.

Where each part lives: `values` (a figure's value types: rates, durations, a row of figures),
`aggregates` (the queries: counts, on time, votes; `department_figures`, `city_figures`),
`percentiles` (medians and 90th percentiles in the database), `snapshot` (the cached copy for
public pages), `columns` (the table columns and their sort order). CSV: `reporting.exporters`.
"""

from .aggregates import city_figures, department_figures
from .columns import COLUMNS, sort_figures
from .snapshot import Snapshot, cache_seconds, first_day_with_data, snapshot
from .values import TOO_FEW, Durations, Figures, Rate, Resolution, format_duration, min_sample

__all__ = [
    "COLUMNS",
    "TOO_FEW",
    "Durations",
    "Figures",
    "Rate",
    "Resolution",
    "Snapshot",
    "cache_seconds",
    "city_figures",
    "department_figures",
    "first_day_with_data",
    "format_duration",
    "min_sample",
    "snapshot",
    "sort_figures",
]
