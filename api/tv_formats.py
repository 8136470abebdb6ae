"""The TV desk's week as CSV (UTF-8 with BOM, opens in Excel) and as Atom, from a `WeekExport`.

CSV: one row per thread in run-sheet order, the columns of `CSV_COLUMNS` (machine names, for the
programme's scripts); numbers stay numbers, an unknown value is an empty cell; reasons are codes
joined by ";" with their labels beside, photos are URLs joined by spaces.
Atom: one entry per thread, id `tag:<host>,<year>:tv/<week>/<id>`, updated = the thread's last
activity, but never after the week's end; the summary is text (its public summary and reasons).
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from core.feeds import PlainTextAtomFeed


def _when(moment):
    return moment.isoformat(timespec="seconds") if moment else ""


def _number(value):
    return "" if value is None else value


CSV_COLUMNS = [
    ("rank", lambda t: t.rank),
    ("id", lambda t: t.id),
    ("reasons", lambda t: ";".join(r.code for r in t.reasons)),
    ("reason_labels", lambda t: ";".join(r.label for r in t.reasons)),
    ("title", lambda t: t.title),
    ("summary", lambda t: t.summary),
    ("departments", lambda t: "、".join(d.name for d in t.departments)),
    ("status", lambda t: t.status.label),
    ("published_at", lambda t: _when(t.published_at)),
    ("first_reply_at", lambda t: _when(t.first_reply_at)),
    ("reply_hours", lambda t: _number(t.reply_hours)),
    ("resolved_at", lambda t: _when(t.resolved_at)),
    ("public_satisfaction_pct", lambda t: _number(t.satisfaction.public_pct)),
    ("public_votes", lambda t: _number(t.satisfaction.public_votes)),
    ("reporter_verdict", lambda t: t.satisfaction.reporter_verdict or ""),
    ("url", lambda t: t.url),
    ("photos", lambda t: " ".join(t.photos)),
    ("pinned", lambda t: "true" if t.pinned else "false"),
]


def week_csv(export):
    """The CSV text, with the byte-order mark Excel needs to read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _value in CSV_COLUMNS])
    for thread in export.threads:
        writer.writerow([value(thread) for _name, value in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def week_atom(export, host, feed_url, last_activity):
    """The Atom text; `last_activity` maps a thread id to its `Issue.last_activity_at`."""
    feed = PlainTextAtomFeed(
        title=_("TV desk, week %(week)s") % {"week": export.week},
        link=feed_url,
        description="",
        feed_url=feed_url,
        language="zh-hans",
        feed_guid=f"tag:{host},{export.week[:4]}:tv/{export.week}",
    )
    for thread in export.threads:
        updated = min(last_activity.get(thread.id) or export.end, export.end)
        reasons = "；".join(r.label for r in thread.reasons)
        feed.add_item(
            title=thread.title,
            link=thread.url,
            description=f"{thread.summary}\n{reasons}",
            unique_id=f"tag:{host},{export.week[:4]}:tv/{export.week}/{thread.id}",
            unique_id_is_permalink=False,
            updateddate=timezone.localtime(updated),
            pubdate=thread.published_at,
            categories=[r.code for r in thread.reasons],
        )
    return feed.writeString("utf-8")
