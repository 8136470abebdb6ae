"""The badge says "reopened" (重新办理) while a reopened issue is being handled again.

A reopen sends the issue straight back to its departments, so its workflow state is "assigned"
again; every badge (wall, thread, tracking page, staff list, search hits) shows "reopened" until
the departments answer again, and the status filters follow the badges. Figures keep counting
assignments as before.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from feedback.workflow import Status
from reporting.figures import department_figures
from reporting.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled_again(issue_in, moderator):
    issue = issue_in(Status.RESOLVED, title="路灯修好又坏了")
    issue.reopen(
        moderator, "现场复核发现整改未到位", due_date=timezone.localdate() + timedelta(days=3)
    )
    issue.refresh_from_db()
    return issue


@pytest.fixture
def first_round(issue_in):
    return issue_in(Status.ASSIGNED, title="井盖缺失")


def reopened_badge():
    with translation.override("zh-hans"):
        return f'<span class="badge status-reopened">{Status.REOPENED.label}</span>'


def test_an_issue_sent_back_after_a_reopen_shows_reopened_until_it_is_answered(
    handled_again, staff_a, department_a
):
    assert handled_again.status == Status.ASSIGNED
    assert handled_again.shown_status == Status.REOPENED
    handled_again.post_reply(staff_a, department_a, "已再次安排维修。")
    handled_again.refresh_from_db()
    assert handled_again.shown_status == Status.ANSWERED


def test_a_first_assignment_still_says_assigned(first_round):
    assert first_round.shown_status == Status.ASSIGNED


def test_every_public_badge_says_reopened(client, handled_again, first_round):
    badge = reopened_badge()
    for url in ("/wall/", handled_again.get_absolute_url(), handled_again.get_tracking_url(), "/"):
        page = client.get(url).content.decode()
        assert badge in page, url
    assert "重新办理" in badge
    assert "status-reopened" not in client.get(first_round.get_absolute_url()).content.decode()


def test_the_staff_list_says_reopened(client, moderator, handled_again):
    client.force_login(moderator)
    page = client.get(reverse("echowall_admin:issues")).content.decode()
    row = page[page.index(handled_again.title) :]
    row = row[: row.index("</tr>")]
    with translation.override("zh-hans"):
        assert str(Status.REOPENED.label) in row


def test_the_status_filters_follow_the_badges(client, moderator, handled_again, first_round):
    wall_reopened = client.get("/wall/", {"status": "reopened"}).content.decode()
    wall_assigned = client.get("/wall/", {"status": "assigned"}).content.decode()
    assert handled_again.title in wall_reopened and first_round.title not in wall_reopened
    assert first_round.title in wall_assigned and handled_again.title not in wall_assigned
    client.force_login(moderator)
    staff = client.get(reverse("echowall_admin:issues"), {"status": "reopened"}).content.decode()
    assert handled_again.title in staff and first_round.title not in staff


def test_figures_count_the_second_round_as_a_new_assignment_as_before(handled_again, department_a):
    row = next(r for r in department_figures(Period.month()) if r.department == department_a)
    assert (row.received, row.reopened, row.resolved) == (2, 1, 1)
