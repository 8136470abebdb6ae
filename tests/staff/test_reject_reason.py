"""Rejecting a post tells the reporter why: the reason list starts with nothing chosen (one click
cannot reject), and "other" needs an explanation in words; refused with a clear message and
nothing typed lost."""

import pytest
from django.core.exceptions import ValidationError

from feedback.workflow import RejectionReason, Status
from tests.staff.staff_desk import desk, desk_url, grant_admin_access


@pytest.fixture
def post(make_issue, moderator):
    grant_admin_access(moderators=[moderator])
    return make_issue()


def test_the_reason_list_starts_with_no_reason_chosen(client, post, moderator):
    page = desk(client, moderator, post)
    select = page[
        page.index('name="reason"') : page.index("</select>", page.index('name="reason"'))
    ]
    first_option = select[select.index("<option") : select.index("</option>")]
    assert 'value=""' in first_option and "selected" in first_option


def test_rejecting_without_choosing_a_reason_is_refused(client, post, moderator):
    client.force_login(moderator)
    response = client.post(desk_url(post), {"action": "reject", "reason": "", "note": ""})
    post.refresh_from_db()
    assert response.status_code == 200 and post.status == Status.SUBMITTED


def test_other_without_an_explanation_is_refused_and_the_choice_is_kept(client, post, moderator):
    client.force_login(moderator)
    response = client.post(desk_url(post), {"action": "reject", "reason": "other", "note": " "})
    post.refresh_from_db()
    assert post.status == Status.SUBMITTED
    page = response.content.decode()
    assert "Other" in page or "其他" in page
    assert '<option value="other" selected>' in page
    assert response.context["reject_form"].errors["note"]


def test_other_with_an_explanation_rejects_and_the_reporter_reads_it(client, post, moderator):
    client.force_login(moderator)
    client.post(
        desk_url(post), {"action": "reject", "reason": "other", "note": "本市不负责该路段。"}
    )
    post.refresh_from_db()
    assert post.status == Status.REJECTED
    assert "本市不负责该路段。" in client.get(post.get_tracking_url()).content.decode()


def test_the_model_refuses_other_without_an_explanation(post, moderator):
    with pytest.raises(ValidationError):
        post.reject(moderator, RejectionReason.OTHER, "")
    post.refresh_from_db()
    assert post.status == Status.SUBMITTED
