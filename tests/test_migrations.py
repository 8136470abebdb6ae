"""Migrating a database of the old layout keeps every row: satisfaction polls moved from the
`feedback` app to `polls` keep their tables, rows and content types (so permissions and log
entries follow them), and are found through the new models afterwards.

Rows are written through the historical models of the pre-refactor migration nodes, then the
database is migrated forward with Django's own MigrationExecutor.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from feedback.models import Issue, Message
from polls.models import Poll, PollComment, PollVote

# The last migrations before the poll models moved (polls had none yet).
OLD_FEEDBACK = ("feedback", "0007_private_display_name_and_withdrawn_messages")
BEFORE = [OLD_FEEDBACK, ("polls", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # The models as they were at the old feedback node, with today's contenttypes and auth.
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] in ("contenttypes", "auth")]
    return executor.loader.project_state([OLD_FEEDBACK, *others]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_layout(transactional_db):
    old = migrate(BEFORE)
    yield old
    migrate(latest())


def test_rows_made_with_the_old_layout_are_found_through_the_new_models(old_layout):
    old = old_layout
    now = timezone.now()
    department = old.get_model("feedback", "Department").objects.create(name="市住建局", slug="zj")
    category = old.get_model("feedback", "Category").objects.create(name="住房", slug="zf")
    district = old.get_model("feedback", "District").objects.create(name="城东", slug="cd")
    issue = old.get_model("feedback", "Issue").objects.create(
        title="楼道灯坏了",
        body="三个月没修",
        submitted_title="楼道灯坏了",
        submitted_body="三个月没修",
        category=category,
        district=district,
        status="resolved",
        tracking_code="old-layout-code",
        case_number="20261101-0001",
    )
    old.get_model("feedback", "Assignment").objects.create(issue=issue, department=department)
    message = old.get_model("feedback", "Message").objects.create(
        issue=issue,
        kind="follow_up",
        body="还是没修",
        submitted_body="还是没修",
    )
    poll = old.get_model("feedback", "Poll").objects.create(
        issue=issue,
        round=1,
        opened_at=now,
        closes_at=now + timezone.timedelta(days=30),
    )
    vote = old.get_model("feedback", "PollVote").objects.create(
        poll=poll,
        source="public",
        choice="satisfied",
        browser_key="b",
        address_key="a",
    )
    comment = old.get_model("feedback", "PollComment").objects.create(
        vote=vote,
        body="修得快",
        submitted_body="修得快",
        moderation="published",
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    poll_type, _created = content_types.get_or_create(app_label="feedback", model="poll")
    permission = old.get_model("auth", "Permission").objects.create(
        name="Can frobnicate satisfaction poll",
        codename="frobnicate_poll",
        content_type=poll_type,
    )

    migrate(latest())

    assert Issue.objects.get(pk=issue.pk).case_number == "20261101-0001"
    assert Message.objects.get(pk=message.pk).moderation == Message.Moderation.PENDING
    moved = Poll.objects.get(pk=poll.pk)
    assert moved.issue_id == issue.pk and moved.round == 1
    assert PollVote.objects.get(pk=vote.pk).poll_id == poll.pk
    assert PollComment.objects.public().get(pk=comment.pk).body == "修得快"
    assert ContentType.objects.get_for_model(Poll).pk == poll_type.pk
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "polls"
    assert not ContentType.objects.filter(app_label="feedback", model__startswith="poll").exists()
