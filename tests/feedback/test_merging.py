"""并单: a report merged into an earlier thread leaves every public surface, its group's "me too"
counts each browser once, and undoing the merge restores both threads exactly."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from feedback.models import Issue, IssueMerge
from feedback.workflow import Status


@pytest.fixture
def pair(issue_in):
    """An earlier public thread and a later report of the same problem, both published."""
    main = issue_in(Status.PUBLISHED, title="锦绣华庭停电三天")
    later = issue_in(Status.PUBLISHED, title="锦绣华庭又停电了")
    Issue.objects.filter(pk=later.pk).update(created_at=main.created_at + timedelta(hours=1))
    later.refresh_from_db()
    return main, later


def support(client, issue):
    return client.post(f"/wall/{issue.pk}/support/")


def test_a_merged_report_leaves_the_wall_its_page_the_feed_and_the_sitemap(client, pair, moderator):
    main, later = pair
    later.merge_into(moderator, main, "同一小区同一次停电")

    assert client.get(later.get_absolute_url()).status_code == 404
    wall = client.get("/wall/").content.decode()
    assert later.title not in wall and main.title in wall
    assert wall.count('class="merged-count"') == 1
    assert later.title not in client.get("/wall/feed/").content.decode()
    assert f"/wall/{later.pk}/" not in client.get("/sitemap.xml").content.decode()
    page = client.get(main.get_absolute_url()).content.decode()
    assert "merged-count" in page


def test_a_browser_that_supported_both_counts_once_and_unmerge_restores_both_counts(
    pair, moderator
):
    main, later = pair
    both, only_later = Client(), Client()
    support(both, main)
    support(both, later)
    support(only_later, later)

    later.merge_into(moderator, main, "同一问题")
    main.refresh_from_db()
    assert main.support_count == 2  # two browsers, three votes

    support(both, main)  # already counted through the merged report
    main.refresh_from_db()
    assert main.support_count == 2

    later.unmerge(moderator, "并错了，是两次停电")
    main.refresh_from_db()
    later.refresh_from_db()
    assert (main.support_count, later.support_count) == (1, 2)
    assert later.status == Status.PUBLISHED and later.merged_into is None
    assert IssueMerge.objects.get(issue=later).undone_by == moderator


def test_unmerge_gives_back_the_assignments_the_merge_ended(issue_in, moderator):
    main = issue_in(Status.PUBLISHED)
    later = issue_in(Status.ASSIGNED)
    assert later.assignments.filter(is_active=True).exists()

    later.merge_into(moderator, main, "同一问题")
    assert not later.assignments.filter(is_active=True).exists()
    later.unmerge(moderator, "并错了")

    later.refresh_from_db()
    assert later.status == Status.ASSIGNED
    assert later.assignments.filter(is_active=True).count() == 1


def test_merging_a_main_thread_moves_its_reports_so_groups_stay_one_level_deep(issue_in, moderator):
    first, second, third = (issue_in(Status.PUBLISHED) for _ in range(3))
    third.merge_into(moderator, second, "同一问题")
    second.merge_into(moderator, first, "同一问题")

    assert set(first.merged_reports.values_list("pk", flat=True)) == {second.pk, third.pk}
    second.unmerge(moderator, "并错了")
    assert list(second.merged_reports.values_list("pk", flat=True)) == [third.pk]


def test_the_later_report_goes_into_the_earlier_thread_never_the_reverse(pair, moderator):
    main, later = pair
    with pytest.raises(ValidationError):
        main.merge_into(moderator, later, "反了")
    main.refresh_from_db()
    assert main.status == Status.PUBLISHED and main.merged_into is None


def test_only_moderators_merge(pair, staff_a):
    main, later = pair
    with pytest.raises(PermissionDenied):
        later.merge_into(staff_a, main, "同一问题")
    later.refresh_from_db()
    assert later.status == Status.PUBLISHED
