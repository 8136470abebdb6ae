"""The issue desk runs the same number of SQL queries for 10 or 300 messages and comments, for a
moderator (who gets an edit form for each) and for department staff."""

from itertools import cycle

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Message
from feedback.workflow import Status
from polls.models import PollComment, PollVote

from .staff_desk import desk_url, grant_admin_access


def add_messages(issue, department, start, count):
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            issue=issue,
            kind=kind,
            body=f"第{n}条，电话13812345678",
            submitted_body=f"第{n}条",
            department=department if kind == Message.Kind.REPLY else None,
            moderation=Message.Moderation.PUBLISHED,
            published_at=now,
            withdrawn_at=now if n % 7 == 0 else None,
        )
        for n, kind in zip(range(start, start + count), cycle(Message.Kind), strict=False)
    )
    poll = issue.polls.get()
    votes = PollVote.objects.bulk_create(
        PollVote(
            poll=poll,
            source=PollVote.Source.PUBLIC,
            choice="satisfied",
            browser_key=f"browser-{n}",
            address_key=f"address-{n}",
        )
        for n in range(start, start + count)
    )
    PollComment.objects.bulk_create(
        PollComment(
            vote=vote,
            body=f"评论{n}",
            submitted_body=f"评论{n}",
            moderation=PollComment.Moderation.PUBLISHED,
        )
        for n, vote in enumerate(votes, start)
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_desk_runs_a_constant_number_of_queries(
    client, issue_in, moderator, staff_a, department_a, record_property
):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    issue = issue_in(Status.RESOLVED)
    add_messages(issue, department_a, 0, 10)
    url = desk_url(issue)
    small, large = {}, {}
    for user in (moderator, staff_a):
        client.force_login(user)
        client.get(url)  # warm up: session, Wagtail's menu caches
        small[user.username] = queries(client, url)

    add_messages(issue, department_a, 10, 290)
    for user in (moderator, staff_a):
        client.force_login(user)
        client.get(url)
        large[user.username] = queries(client, url)
        assert "第299条" in client.get(url).content.decode()

    record_property("desk_queries_10_vs_300", {name: (small[name], large[name]) for name in small})
    assert large == small
