"""What the TV desk page's tests share: the weeks, an editor of the media, the accounts of the
admin, threads with support, and readers of the run sheet's HTML."""

import re

import pytest
from django.contrib.auth.models import Group

from feedback.models import SupportVote
from feedback.workflow import Status
from reporting.desk import current_week
from reporting.desk_access import MEDIA_STAFF_GROUP

from .staff_desk import grant_admin_access, prefer_english

THIS_WEEK = current_week()
LAST_WEEK = THIS_WEEK.previous()


def url(week=THIS_WEEK):
    return f"/admin/tv-desk/{week}/"


@pytest.fixture
def editor(db, django_user_model):
    """A media editor (the group, made by reporting's migration, lets into the admin)."""
    user = django_user_model.objects.create_user("tv.chen", password="pw-tv", first_name="陈编辑")
    user.groups.add(Group.objects.get(name=MEDIA_STAFF_GROUP))
    prefer_english(user)
    return user


@pytest.fixture
def staff(moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    prefer_english(moderator)
    prefer_english(staff_a)


@pytest.fixture
def supported(issue_in):
    """`supported("title", votes)`: a thread assigned to department A with `votes` "me too"s
    cast now (this week)."""

    def make(title, votes=1, status=Status.ASSIGNED, **fields):
        issue = issue_in(status, title=title, **fields)
        SupportVote.objects.bulk_create(
            SupportVote(issue=issue, browser_key=f"{issue.pk}-{n}") for n in range(votes)
        )
        return issue

    return make


def sheet(client, user, week=THIS_WEEK):
    client.force_login(user)
    response = client.get(url(week))
    assert response.status_code == 200
    return response.content.decode()


def section(html, name):
    start = html.index(f'<section id="{name}"')
    return html[start : html.index("</section>", start)]


def listed(html):
    """The ids of the threads on the run sheet, in its order."""
    return [int(pk) for pk in re.findall(r'data-thread="(\d+)"', section(html, "threads"))]


def card(html, issue):
    """The card of `issue` on the run sheet."""
    threads = section(html, "threads")
    start = threads.index(f'data-thread="{issue.pk}"')
    following = threads.find('<li class="tv-thread', start)
    return threads[start : following if following != -1 else None]


def post(client, user, data, week=THIS_WEEK, follow=True):
    client.force_login(user)
    return client.post(url(week), data, follow=follow)
