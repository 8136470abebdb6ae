"""The TV desk (行风视线) in Chromium, on a desktop and a phone: a media editor opens the desk from
the admin's menu, lands on the week in progress, pins a thread with a note and sees it on the run
sheet with who and when; printed, the run sheet of a typical week (thirteen threads, departments
past due, hot topics) is one A4 page without the admin's menu, header or forms.

`SAVE_SCREENSHOTS=1` also saves the printed look as docs/screenshots/tv-desk-run-sheet.png
(desktop) for the documentation.
"""

import io
import os
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from pypdf import PdfReader

from feedback.models import Assignment, Issue, SupportVote
from reporting.desk import current_week
from reporting.desk_access import MEDIA_STAFF_GROUP
from reporting.models import ContactView, DeskDecision, HotTopic, HotTopicRun

from .helpers import PASSWORD, city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TITLES = [
    "幸福小区门口路灯坏了一个多月",
    "公交站台顶棚漏雨无人修",
    "老旧小区加装电梯进展缓慢",
    "菜市场周边占道经营严重",
    "学校门口早晚高峰拥堵",
    "河道垃圾堆积散发异味",
    "人行道地砖松动绊倒老人",
    "夜间施工噪音扰民",
    "小区停车位被长期占用",
    "社区卫生服务站缺医少药",
    "路口信号灯配时不合理",
    "雨水井盖缺失存在隐患",
]


@pytest.fixture
def editor(city):
    """A media editor: the group (the data migration's, made again after a flush) lets into the
    admin."""
    group, _created = Group.objects.get_or_create(name=MEDIA_STAFF_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("tv_editor", password=PASSWORD, first_name="陈编辑")
    user.groups.add(group)
    return user


@pytest.fixture
def typical_week(city, editor):
    """Twelve threads, three for each of four rules (most support, longest overdue, escalated,
    sent back this week), one quiet thread to pin, three hot topics, a department marked to be
    questioned."""
    due = timezone.localdate() + timedelta(days=5)
    threads = []
    for n, title in enumerate(TITLES):
        issue = city_issue(city, title=title, body=f"{title}。附近居民多次反映，希望尽快解决。")
        issue.publish(city.moderator)
        issue.assign(city.moderator, [city.housing if n % 2 else city.transport], due)
        SupportVote.objects.bulk_create(
            SupportVote(issue=issue, browser_key=f"{issue.pk}-{v}") for v in range(1 + n % 4)
        )
        threads.append(issue)
    overdue, escalated = threads[0:9:4], threads[1:10:4]  # 0, 4, 8 and 1, 5, 9
    Assignment.objects.filter(issue__in=overdue).update(
        due_date=timezone.localdate() - timedelta(days=12)
    )
    Issue.objects.filter(pk__in=[t.pk for t in escalated]).update(escalated_at=timezone.now())
    for title in ("垃圾清运不及时又反弹", "路灯修好又坏了", "排水管道修复后仍堵塞"):
        issue = city_issue(city, title=title)
        issue.publish(city.moderator)
        issue.assign(city.moderator, [city.housing], due)
        issue.post_reply(city.housing_staff, city.housing, "已安排人员处理。")
        issue.resolve(city.housing_staff, city.housing, "已处理完毕。")
        issue.reopen(city.moderator, "群众反映问题仍然存在。")
    quiet = city_issue(city, title="没人附议但值得回访的问题")
    quiet.publish(city.moderator)
    week = current_week()
    run = HotTopicRun.objects.create(
        kind=HotTopicRun.Kind.WEEK, start=week.start, end=week.end, params_key="e2e"
    )
    for rank, label in enumerate(("路灯照明", "占道经营", "交通拥堵"), start=1):
        HotTopic.objects.create(
            run=run,
            rank=rank,
            label=label,
            size=5 - rank,
            support=12 - rank,
            growth=rank,
            departments=[{"slug": "housing", "name": city.housing.name, "count": 2}],
        )
    DeskDecision.objects.create(
        week=week.key, kind=DeskDecision.Kind.QUESTION, department=city.housing, by=editor
    )
    return quiet


def printed_pages(page):
    """The pages of the printed run sheet, as text."""
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    if os.environ.get("TV_DESK_PDF"):
        Path(os.environ["TV_DESK_PDF"]).write_bytes(pdf)
    # Chromium's PDFs name some CJK characters by their radicals (⼈ for 人): NFKC folds them.
    return [
        unicodedata.normalize("NFKC", sheet.extract_text())
        for sheet in PdfReader(io.BytesIO(pdf)).pages
    ]


def test_an_editor_pins_a_thread_and_prints_a_one_page_run_sheet(
    page, device, editor, typical_week, screenshot
):
    quiet = typical_week
    log_in(page, "tv_editor")
    menu_item = page.locator("#wagtail-sidebar a[href='/admin/tv-desk/']")
    menu_item.wait_for(state="attached")  # the sidebar is drawn by Wagtail's script
    page.goto("/admin/tv-desk/")
    week = current_week().key
    page.wait_for_url(f"**/admin/tv-desk/{week}/")
    assert page.locator("#threads [data-thread]").count() == 12  # four rules, three each
    assert page.locator(f"[data-thread='{quiet.pk}']").count() == 0

    page.fill("#id_pin-thread", str(quiet.pk))
    page.fill("#id_pin-note", "节目组回访")
    page.click("form[data-form=pin] button[type=submit]")
    page.wait_for_load_state()
    card = page.locator(f"#threads [data-thread='{quiet.pk}']")
    card.wait_for()
    pin = DeskDecision.objects.get(kind=DeskDecision.Kind.PIN)
    stamp = f"{timezone.localtime(pin.at):%Y-%m-%d %H:%M}"
    assert card.locator("[data-reason=pinned]").count() == 1
    who = card.locator("[data-pinned-by=tv_editor]")
    assert "陈编辑" in who.inner_text() and stamp in who.inner_text()
    assert "节目组回访" in who.inner_text()
    row = page.locator(f"#decisions [data-decision='{pin.pk}']")
    assert "陈编辑" in row.inner_text() and stamp in row.inner_text()
    assert page.locator("#threads [data-thread]").count() == 13

    screenshot("tv-desk-01-run-sheet")
    page.emulate_media(media="print")
    for chrome in ("#wagtail-sidebar", ".w-slim-header", "#decisions", ".tv-desk-nav"):
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.locator("#threads").is_visible() and page.locator("#hot-topics").is_visible()
    assert page.locator("#departments [data-department]").count() == 2
    if device == "desktop" and os.environ.get("SAVE_SCREENSHOTS"):
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_SCREENSHOTS / "tv-desk-run-sheet.png"), full_page=True)
    printed = printed_pages(page)
    assert len(printed) == 1
    # Everything is on it, not cut off: the last thread, the departments, the hot topics.
    for text in (quiet.title, "节目组回访", "交通拥堵"):
        assert text in printed[0], text


def test_an_editor_sees_a_consenting_reporters_contact_excludes_a_thread_and_marks_a_department(
    page, city, editor, typical_week
):
    """The desk's other forms, posted by the browser (its Origin header, the CSRF cookie): the
    contact button of a featured thread whose reporter agreed (the view logged), an exclusion
    that takes a thread off the sheet, a department marked to be questioned."""
    featured = Issue.objects.get(title=TITLES[3])
    Issue.objects.filter(pk=featured.pk).update(
        tv_contact_consent=True,
        tv_consent_at=timezone.now(),
        contact_phone="13700009999",
        display_name="王先生",
    )
    log_in(page, "tv_editor")
    page.goto(f"/admin/tv-desk/{current_week().key}/")
    card = page.locator(f"#threads [data-thread='{featured.pk}']")
    card.locator(".tv-contact button[type=submit]").click()
    page.locator("#tv-contact").wait_for()
    assert "13700009999" in page.locator("#tv-contact").inner_text()
    assert ContactView.objects.filter(issue=featured, user=editor).count() == 1

    page.goto(f"/admin/tv-desk/{current_week().key}/")
    excluded = Issue.objects.get(title=TITLES[7])
    assert page.locator(f"#threads [data-thread='{excluded.pk}']").count() == 1
    page.fill("#id_exclude-thread", str(excluded.pk))
    page.click("form[data-form=exclude] button[type=submit]")
    page.wait_for_load_state()
    page.locator("#decisions [data-kind=exclude]").wait_for()
    assert page.locator(f"#threads [data-thread='{excluded.pk}']").count() == 0

    page.select_option("#id_question-department", str(city.transport.pk))
    page.click("form[data-form=question] button[type=submit]")
    page.wait_for_load_state()
    page.locator("#decisions [data-kind=question]").nth(1).wait_for()
    assert DeskDecision.objects.filter(
        kind=DeskDecision.Kind.QUESTION, department_id=city.transport.pk, by=editor
    ).exists()
