"""The moderation side of the workflow in Chromium, on a phone and a desktop: a follow-up's photos
are public only while the follow-up is; moderators correct or withdraw official public notes,
move a wrongly assigned issue, and cannot reject "other" without saying why; a clerk hands back
an issue that is not their department's; the vote form refuses "satisfied" with "still there".
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from feedback.models import Message, Photo
from feedback.services import add_follow_up

from .helpers import city_issue, log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 30)).save(buffer, "JPEG")
    return {"name": "water.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def assigned_issue(city, **fields):
    issue = city_issue(city, **fields)
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=7))
    return issue


def desk(page, issue):
    page.goto(f"/admin/feedback/issues/{issue.pk}/")


@pytest.fixture
def public(browser, live_site):
    """A visitor's own browser (no cookies of the reporter or the staff)."""
    context = browser.new_context(base_url=live_site.url)
    yield context
    context.close()


def public_sees(public, issue, photo):
    page = public.new_page()
    page.goto(issue.get_absolute_url())
    shown = page.locator(f"img[src='{photo.get_absolute_url()}']").count()
    page.close()
    return shown, public.request.get(photo.get_absolute_url()).status


def test_a_follow_ups_photo_is_public_only_while_the_follow_up_is(page, city, public):
    issue = assigned_issue(city)
    page.goto(issue.get_tracking_url())
    form = page.locator("form[enctype='multipart/form-data']")
    form.locator("textarea[name=body]").fill("补充：积水更深了，见照片。")
    form.locator("input[type=file]").set_input_files(jpeg())
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{issue.get_tracking_url()}")
    photo = Photo.objects.get(issue=issue)
    assert photo.message is not None
    assert page.locator(".photos img").count() == 1  # the reporter sees it

    assert public_sees(public, issue, photo) == (0, 404)

    log_in(page, "moderator")
    desk(page, issue)
    pending = page.locator(".follow-up-pending")
    assert pending.locator(f"img[src='{photo.get_absolute_url()}']").count() == 1
    pending.locator("button[value=publish_follow_up]").click()
    page.wait_for_load_state()
    assert public_sees(public, issue, photo) == (1, 200)

    block = page.locator(
        ".desk-message", has=page.locator(f"img[src='{photo.get_absolute_url()}']")
    )
    block.locator("summary").click()
    block.locator("input[name=reason]").fill("照片拍到了邻居的车牌。")
    block.locator("button", has_text="撤").click()
    page.wait_for_load_state()
    assert Message.objects.get(issue=issue, kind="follow_up").is_withdrawn
    assert public_sees(public, issue, photo) == (0, 404)


def test_other_needs_an_explanation_before_a_post_is_rejected(page, city):
    post = city_issue(city, title="请处理一下")
    log_in(page, "moderator")
    desk(page, post)
    form = page.locator("form:has(input[value=reject])")
    assert form.locator("select[name=reason]").input_value() == ""
    form.locator("select[name=reason]").select_option("other")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    form = page.locator("form:has(input[value=reject])")
    assert form.locator(".errorlist").count() == 1  # under the explanation
    assert form.locator("select[name=reason]").input_value() == "other"
    post.refresh_from_db()
    assert post.status == "submitted"
    form.locator("textarea[name=note]").fill("该路段不属本市管辖，请向省交通厅反映。")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    post.refresh_from_db()
    assert post.status == "rejected"
    assert post.rejection_note == "该路段不属本市管辖，请向省交通厅反映。"


def test_satisfied_with_the_problem_still_there_is_refused_with_the_comment_kept(page, city):
    issue = assigned_issue(city)
    issue.post_reply(city.housing_staff, city.housing, "已安排维修人员于今日更换灯具。")
    issue.resolve(city.housing_staff, city.housing, "灯具已更换。")
    page.goto(issue.get_tracking_url())
    verdict = page.locator("form:has(select[name=problem_persists])")
    group = verdict.locator("fieldset:has(input[name=choice])")
    assert group.locator("legend").inner_text().strip()
    group.get_by_label("满意", exact=True).check()
    verdict.locator("select[name=problem_persists]").select_option("yes")
    verdict.locator("textarea[name=comment]").fill("态度很好，但灯还是不亮。")
    verdict.locator("button[type=submit]").click()
    page.wait_for_load_state()
    verdict = page.locator("form:has(select[name=problem_persists])")
    assert verdict.locator("[role=alert]").count() >= 1
    assert verdict.locator("textarea[name=comment]").input_value() == "态度很好，但灯还是不亮。"
    assert not issue.polls.get().votes.exists()


def test_a_clerk_hands_back_a_wrong_assignment_and_the_moderator_moves_it(page, city):
    issue = assigned_issue(city, title="公交站牌被撞歪")
    log_in(page, "housing_staff")
    desk(page, issue)
    hand_back = page.locator("form.hand-back-form")
    hand_back.locator("textarea[name=reason]").fill("站牌属交通局管理，请改派交通局。")
    hand_back.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/feedback/issues/")
    issue.refresh_from_db()
    assert issue.status == "published" and not issue.assignments.current().exists()

    log_out(page)
    log_in(page, "moderator")
    page.goto("/admin/feedback/queue/")
    assert "站牌属交通局管理" in page.locator("#awaiting-assignment").inner_text()
    desk(page, issue)
    assign = page.locator("form:has(input[value=assign])")
    assign.locator("[data-chooser-option]", has_text=city.housing.name).locator("input").uncheck()
    assign.locator("[data-chooser-option]", has_text=city.transport.name).locator("input").check()
    assign.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert set(issue.assignments.current().values_list("department__slug", flat=True)) == {
        "transport"
    }

    # Wrong again: move it to the housing bureau with a new due date, then add transport back.
    reassign = page.locator("form.reassign-form")
    reassign.locator("[data-chooser-option]", has_text=city.transport.name).locator(
        "input"
    ).uncheck()
    reassign.locator("[data-chooser-option]", has_text=city.housing.name).locator("input").check()
    new_due = timezone.localdate() + timedelta(days=2)
    reassign.locator("input[type=date]").fill(new_due.isoformat())
    reassign.locator("button[type=submit]").click()
    page.wait_for_load_state()
    issue.refresh_from_db()
    assert issue.due_date == new_due
    assert set(issue.assignments.current().values_list("department__slug", flat=True)) == {
        "housing"
    }
    add = page.locator("form.add-department-form")
    add.locator("select[name=department]").select_option(label=city.transport.name)
    add.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert set(issue.assignments.current().values_list("department__slug", flat=True)) == {
        "housing",
        "transport",
    }
    page.goto(issue.get_absolute_url())
    assert "站牌属交通局管理" not in page.content()


def test_a_moderator_corrects_then_withdraws_a_resolution_note(page, city):
    issue = assigned_issue(city)
    issue.post_reply(city.housing_staff, city.housing, "已安排维修。")
    issue.resolve(city.housing_staff, city.housing, "已修复，住户李明确认。")
    log_in(page, "moderator")
    desk(page, issue)
    note = page.locator(".desk-message", has=page.locator("input[name=event]"))
    note.locator("summary").click()
    note.locator("textarea[name=body]").fill("已修复，住户李*确认。")
    note.locator("form:has(input[value=edit_message]) button").click()
    page.wait_for_load_state()
    page.goto(issue.get_absolute_url())
    timeline = page.locator(".timeline")
    assert "李*" in timeline.inner_text() and "李明" not in timeline.inner_text()
    assert timeline.locator(".edited-mark").count() == 1

    desk(page, issue)
    note = page.locator(".desk-message", has=page.locator("input[name=event]"))
    note.locator("summary").click()
    note.locator("input[name=reason]").fill("仍含住户信息")
    note.locator("form:has(input[value=withdraw_message]) button").click()
    page.wait_for_load_state()
    page.goto(issue.get_absolute_url())
    timeline = page.locator(".timeline")
    assert timeline.locator(".note.withdrawn").count() == 1
    assert "李*" not in timeline.inner_text()


def test_the_reporter_reads_why_a_follow_up_was_not_published(page, city, mailbox):
    issue = assigned_issue(city, contact_email="wang@example.org")
    add_follow_up(issue, {"body": "补充：隔壁小区也有同样问题。", "photos": []})
    log_in(page, "moderator")
    desk(page, issue)
    pending = page.locator(".follow-up-pending")
    pending.locator("textarea[name=note]").fill("请就隔壁小区另行反映。")
    pending.locator("button[value=reject_follow_up]").click()
    page.wait_for_load_state()
    log_out(page)
    page.goto(issue.get_tracking_url())
    entry = page.locator(".timeline-entry", has_text="隔壁小区也有同样问题")
    assert entry.locator(".follow-up-rejected").count() == 1
    assert "请就隔壁小区另行反映。" in entry.inner_text()
    (message,) = mailbox.to("wang@example.org")[-1:]
    assert "请就隔壁小区另行反映。" in message.get_body().get_content()
