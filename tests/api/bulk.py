"""Many public threads at once, copied from one made through the workflow (`bulk_create`: the
answer, not the set-up, is under test). Each copy is received a second after the one before, the
last one newest; it keeps the template's category, district, current departments and photos."""

from datetime import timedelta

from django.utils import timezone

from feedback.models import Assignment, Issue, Photo

COPIED = (
    "title", "body", "location", "category_id", "district_id", "status", "due_date",
    "published_at", "first_assigned_at", "first_answered_at", "last_activity_at",
)  # fmt: skip


def public_issues(template, count, start=None):
    start = start or timezone.now() - timedelta(days=1)
    fields = {name: getattr(template, name) for name in COPIED}
    issues = Issue.objects.bulk_create(
        Issue(
            **fields,
            submitted_title=template.title,
            submitted_body=template.body,
            created_at=start + timedelta(seconds=index),
        )
        for index in range(count)
    )
    assignments = list(template.assignments.filter(is_active=True))
    Assignment.objects.bulk_create(
        Assignment(
            issue=issue,
            department_id=a.department_id,
            due_date=a.due_date,
            assigned_at=a.assigned_at,
            first_reply_at=a.first_reply_at,
        )
        for issue in issues
        for a in assignments
    )
    photos = list(template.photos.all())
    Photo.objects.bulk_create(
        Photo(
            issue=issue,
            image=p.image.name,
            content_type=p.content_type,
            width=p.width,
            height=p.height,
        )
        for issue in issues
        for p in photos
    )
    return issues
