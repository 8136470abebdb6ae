"""Every issue gets a case number (受理编号) when it is submitted: ``YYYYMMDD-NNNN``, the day it
was received in the city's time zone and that day's sequence from 0001. The reporter sees it on
the thank-you and tracking pages, staff on the desk and the list; it is kept off public pages,
because together with a phone number it opens the tracking page (see test_track_lookup)."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from feedback.case_numbers import normalise_case_number
from feedback.models import Issue
from feedback.workflow import Status

CITY = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=CITY)


def test_issues_are_numbered_per_day_in_the_order_received(make_issue):
    with time_machine.travel(at(2026, 12, 2, 8, 0), tick=False) as clock:
        first, second = make_issue(), make_issue()
        clock.move_to(at(2026, 12, 3, 9, 30))
        next_day = make_issue()
    assert [first.case_number, second.case_number, next_day.case_number] == [
        "20261202-0001",
        "20261202-0002",
        "20261203-0001",
    ]


def test_the_day_is_the_citys_day_not_utcs(make_issue):
    # 07:30 in Shanghai on 3 December is still 2 December in UTC.
    with time_machine.travel(at(2026, 12, 3, 7, 30), tick=False):
        issue = make_issue()
    assert issue.case_number == "20261203-0001"


def test_a_day_with_more_than_9999_issues_goes_on_counting(make_issue):
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):
        make_issue()
        Issue.objects.update(case_number="20261202-9999")
        assert make_issue().case_number == "20261202-10000"
        assert make_issue().case_number == "20261202-10001"


def test_numbers_are_never_reused_after_a_deletion(make_issue):
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):
        first, second = make_issue(), make_issue()
        first.delete()
        assert make_issue().case_number == "20261202-0003"
    assert second.case_number == "20261202-0002"


def test_the_backfill_numbers_existing_issues_in_received_order(make_issue):
    moments = [at(2026, 11, 30, 23, 50), at(2026, 12, 1, 0, 10), at(2026, 11, 30, 9, 0)]
    issues = []
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            issues.append(make_issue())
    Issue.objects.update(case_number=None)
    migration = importlib.import_module("feedback.migrations.0006_backfill_case_numbers")
    migration.backfill_case_numbers(apps, schema_editor=None)
    numbers = [Issue.objects.get(pk=issue.pk).case_number for issue in issues]
    assert numbers == ["20261130-0002", "20261201-0001", "20261130-0001"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20261202-0007", "20261202-0007"),
        ("２０２６１２０２－０００７", "20261202-0007"),  # full-width, from an input method
        (" 20261202 0007 ", "20261202-0007"),
        ("202612020007", "20261202-0007"),
        ("20261202-7", "20261202-0007"),
        ("No.20261202—0007", "20261202-0007"),
        ("20261202-10000", "20261202-10000"),
        ("20261202-0000", ""),
        ("2026120-0007", ""),
        ("", ""),
        ("路灯", ""),
    ],
)
def test_typed_case_numbers_are_read_the_way_people_type_them(typed, expected):
    assert normalise_case_number(typed) == expected


def test_the_thank_you_page_shows_the_case_number_and_a_copy_button(client, category, district):
    client.post(
        "/wall/new/",
        {
            "title": "公交站牌被撞歪",
            "body": "人民路公交站的站牌被车撞歪了，存在安全隐患。",
            "category": category.pk,
            "district": district.pk,
            "contact_phone": "13912345678",
            "captcha_0": "any",
            "captcha_1": "PASSED",
            "website": "",
        },
    )
    issue = Issue.objects.get()
    page = client.get("/wall/thanks/").content.decode()
    assert issue.case_number in page
    assert 'class="button copy-button"' in page and "js/copy.js" in page
    # The button copies both the number and the full tracking link.
    assert f"{issue.case_number}&#10;" in page
    assert f"http://testserver{issue.get_tracking_url()}" in page


def test_the_tracking_page_shows_the_case_number(client, make_issue):
    issue = make_issue()
    assert issue.case_number in client.get(issue.get_tracking_url()).content.decode()


def test_the_case_number_stays_off_the_public_thread_and_the_wall(client, issue_in):
    issue = issue_in(Status.ANSWERED)
    for url in (issue.get_absolute_url(), "/wall/", "/wall/feed/"):
        assert issue.case_number not in client.get(url).content.decode(), url


def test_staff_see_the_case_number_on_the_desk_and_the_list(client, issue_in, moderator):
    issue = issue_in(Status.ASSIGNED)
    client.force_login(moderator)
    assert issue.case_number in client.get(f"/admin/feedback/issues/{issue.pk}/").content.decode()
    assert issue.case_number in client.get("/admin/feedback/issues/").content.decode()


def test_staff_find_an_issue_by_the_case_number_a_caller_reads_out(client, make_issue, moderator):
    wanted = make_issue(title="井盖缺失")
    other = make_issue(title="噪音扰民")
    client.force_login(moderator)
    typed = wanted.case_number.replace("-", " ")
    page = client.get("/admin/feedback/issues/", {"case": typed}).content.decode()
    assert "井盖缺失" in page and other.title not in page


def test_the_number_is_given_once_and_kept_through_the_workflow(make_issue, walk_issue):
    issue = make_issue()
    number = issue.case_number
    walk_issue(issue, Status.RESOLVED)
    issue.refresh_from_db()
    assert issue.case_number == number
