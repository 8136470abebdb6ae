"""Departments the TV programme may question on air: those with threads overdue at the week's
end (assigned before the end, due before the week's last day, no first reply or no resolution by
the end), most overdue first; the ones the editors marked "to be questioned" come first."""

from django.db.models import Count, Q

from feedback.models import Assignment, Department, Issue


def overdue_assignments(end, last_day):
    """Assignments overdue at `end` (due before the local date `last_day`), on public threads."""
    return Assignment.objects.filter(
        assigned_at__lt=end,
        due_date__lt=last_day,
        issue__in=Issue.objects.public(),
    ).filter(
        Q(transferred_at__isnull=True) | Q(transferred_at__gte=end),
        Q(first_reply_at__isnull=True)
        | Q(first_reply_at__gte=end)
        | Q(resolved_at__isnull=True)
        | Q(resolved_at__gte=end),
    )


def overdue_counts(end, last_day, departments=None):
    """{department id: threads overdue at `end`}."""
    assignments = overdue_assignments(end, last_day)
    if departments is not None:
        assignments = assignments.filter(department_id__in=departments)
    rows = (
        assignments.values("department_id")
        .annotate(n=Count("issue_id", distinct=True))
        .order_by()
        .values_list("department_id", "n")
    )
    return dict(rows)


def departments_to_question(week, marked=()):
    """[{"id", "slug", "name", "overdue", "marked"}]: marked first, then overdue desc, then name."""
    counts = overdue_counts(week.end, week.last_day)
    wanted = set(counts) | set(marked)
    rows = Department.objects.filter(pk__in=wanted).values_list("pk", "slug", "name")
    departments = [
        {"id": pk, "slug": slug, "name": name, "overdue": counts.get(pk, 0), "marked": pk in marked}
        for pk, slug, name in rows
    ]
    return sorted(departments, key=lambda d: (not d["marked"], -d["overdue"], d["name"], d["id"]))
