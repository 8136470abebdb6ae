"""Give every existing issue its case number (受理编号), in the order the issues were received.

The format is frozen here (``YYYYMMDD-NNNN``, the day in the city's time zone, numbered from
0001 each day) rather than imported, so that later changes to the code cannot change history.
"""

from django.db import migrations
from django.utils import timezone

BATCH = 500


def backfill_case_numbers(apps, schema_editor):
    Issue = apps.get_model("feedback", "Issue")
    received = Issue.objects.filter(case_number__isnull=True).order_by("created_at", "pk")
    sequences = {}
    numbered = []
    for pk, created_at in received.values_list("pk", "created_at"):
        day = f"{timezone.localtime(created_at):%Y%m%d}"
        sequences[day] = sequences.get(day, 0) + 1
        numbered.append(Issue(pk=pk, case_number=f"{day}-{sequences[day]:04d}"))
    Issue.objects.bulk_update(numbered, ["case_number"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("feedback", "0005_issue_case_number"),
    ]

    operations = [
        migrations.RunPython(backfill_case_numbers, migrations.RunPython.noop, elidable=True),
    ]
