"""The wall's Atom feeds follow the wall's filters: `/wall/feed/?department=…` lists only that
department's threads and says so in its title, an unknown slug answers 404, a hidden thread is
never listed, and `/wall/feed/resolved/` gives a new entry each time a thread is resolved."""

import feedparser
import pytest

from feedback.workflow import Status

pytestmark = pytest.mark.django_db


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.fixture
def threads(issue_in, department_a, department_b, other_category, moderator):
    hidden = issue_in(Status.ANSWERED, title="已被隐藏的诉求")
    hidden.hide(moderator, "涉及隐私")
    return {
        "a": issue_in(Status.ANSWERED, title="甲单位办理的诉求", departments=[department_a]),
        "b": issue_in(Status.ASSIGNED, title="乙单位办理的诉求", departments=[department_b]),
        "other": issue_in(Status.PUBLISHED, title="另一类别的诉求", category=other_category),
    }


def test_the_department_filter_narrows_the_feed_and_names_it(client, threads, department_a):
    everything = parsed(client, "/wall/feed/")
    assert {"甲单位办理的诉求", "乙单位办理的诉求", "另一类别的诉求"} <= set(titles(everything))
    feed = parsed(client, f"/wall/feed/?department={department_a.slug}")
    assert titles(feed) == ["甲单位办理的诉求"]
    assert department_a.name in feed.feed.title
    assert feed.feed.link.endswith(f"/wall/?department={department_a.slug}")


def test_category_and_status_filters_apply(client, threads, other_category):
    assert titles(parsed(client, f"/wall/feed/?category={other_category.slug}")) == [
        "另一类别的诉求"
    ]
    assert titles(parsed(client, "/wall/feed/?status=assigned")) == ["乙单位办理的诉求"]


def test_an_unknown_filter_value_answers_404(client, threads):
    assert client.get("/wall/feed/?department=no-such-department").status_code == 404
    assert client.get("/wall/feed/resolved/?district=nowhere").status_code == 404


def test_a_hidden_thread_is_in_no_feed(client, threads):
    for url in ("/wall/feed/", "/wall/feed/resolved/"):
        assert "已被隐藏的诉求" not in titles(parsed(client, url))


def test_the_resolved_feed_lists_resolutions_with_one_entry_per_round(
    client, issue_in, moderator, staff_a, department_a
):
    issue = issue_in(Status.RESOLVED, title="路灯已经修好")
    issue_in(Status.ANSWERED, title="还在办理中的诉求")
    [entry] = parsed(client, "/wall/feed/resolved/").entries
    assert entry.title == "路灯已经修好" and department_a.name in entry.summary
    assert entry.id.endswith(f"/wall/{issue.pk}/#resolved-1")
    issue.reopen(moderator, "仍未修好。")
    issue.refresh_from_db()
    issue.post_reply(staff_a, department_a, "再次维修。")
    issue.resolve(staff_a, department_a, "已彻底修复。")
    [again] = parsed(client, "/wall/feed/resolved/").entries
    assert again.id.endswith("#resolved-2")


def test_the_filtered_wall_announces_its_feeds(client, threads, department_a):
    page = client.get(f"/wall/?department={department_a.slug}&sort=support").content.decode()
    assert f'href="/wall/feed/?department={department_a.slug}"' in page
    assert f'href="/wall/feed/resolved/?department={department_a.slug}"' in page
