"""A department's reply and resolution note go public: personal data in them is shown to the
clerk before anything is published, and masked unless the clerk explicitly keeps it (logged).

The department's own service line is a public number, never flagged.
"""

import pytest
from wagtail.models import ModelLogEntry

from feedback.models import IssueEvent, Message, Redaction
from feedback.workflow import Status

from .staff_desk import desk, desk_url, grant_admin_access, prefer_english

REPLY = "已电话联系反映人张先生（13700001111），明日上门维修。"
MASKED_REPLY = "已电话联系反映人张先生（137****1111），明日上门维修。"


@pytest.fixture
def assigned(issue_in, moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    return issue_in(Status.ASSIGNED)


def replies(issue):
    return issue.messages.filter(kind=Message.Kind.REPLY)


def test_a_reply_with_personal_data_comes_back_masked_and_is_not_published(
    client, assigned, staff_a
):
    client.force_login(staff_a)
    response = client.post(desk_url(assigned), {"action": "reply", "body": REPLY})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"{MASKED_REPLY}</textarea>" in page
    assert "13700001111 → 137****1111" in page  # the finding, listed
    assert not replies(assigned).exists()
    assert REPLY not in client.get(assigned.get_absolute_url()).content.decode()


def test_confirming_the_masked_reply_publishes_the_masks_and_logs_them(client, assigned, staff_a):
    client.force_login(staff_a)
    client.post(desk_url(assigned), {"action": "reply", "body": REPLY})
    client.post(desk_url(assigned), {"action": "reply", "body": MASKED_REPLY, "original": REPLY})

    public = client.get(assigned.get_absolute_url()).content.decode()
    assert MASKED_REPLY in public and "13700001111" not in public
    reply = replies(assigned).get()
    assert reply.submitted_body == REPLY  # private
    redaction = Redaction.objects.get(message=reply)
    assert (redaction.field, redaction.kind, redaction.original, redaction.moderator) == (
        "reply",
        "mobile",
        "13700001111",
        staff_a,
    )
    assigned.refresh_from_db()
    assert assigned.status == Status.ANSWERED


def test_a_number_the_clerk_keeps_is_published_as_written_and_logged(client, assigned, staff_a):
    client.force_login(staff_a)
    client.post(
        desk_url(assigned),
        {"action": "reply", "body": MASKED_REPLY, "original": REPLY, "keep": ["13700001111"]},
    )

    assert REPLY in client.get(assigned.get_absolute_url()).content.decode()
    event = assigned.events.get(action=IssueEvent.Action.PERSONAL_DATA_KEPT)
    assert not event.is_public and event.actor == staff_a
    assert event.data["kept"] == [{"kind": "mobile", "text": "13700001111"}]
    assert ModelLogEntry.objects.filter(
        object_id=str(assigned.pk), action="feedback.personal_data_kept"
    ).exists()
    assert not Redaction.objects.exists()


def test_personal_data_typed_while_confirming_is_masked_too(client, assigned, staff_a):
    client.force_login(staff_a)
    client.post(
        desk_url(assigned),
        {
            "action": "reply",
            "original": REPLY,
            "body": MASKED_REPLY + "另可联系王小明先生，手机13912345678。",
        },
    )
    public = client.get(assigned.get_absolute_url()).content.decode()
    assert "139****5678" in public and "13912345678" not in public
    assert "王**先生" in public and "王小明" not in public


def test_a_reply_without_personal_data_is_published_at_once(client, assigned, staff_a):
    client.force_login(staff_a)
    client.post(desk_url(assigned), {"action": "reply", "body": "已安排维修，三日内修复。"})
    assert "已安排维修，三日内修复。" in client.get(assigned.get_absolute_url()).content.decode()


def test_the_departments_own_service_line_is_not_personal_data(
    client, assigned, staff_a, department_a
):
    department_a.phone = "0579-88812345"
    department_a.save()
    client.force_login(staff_a)
    client.post(desk_url(assigned), {"action": "reply", "body": "如有疑问请拨打0579-88812345。"})
    assert (
        "如有疑问请拨打0579-88812345。" in client.get(assigned.get_absolute_url()).content.decode()
    )


def test_a_reply_posted_without_the_form_is_masked_all_the_same(assigned, staff_a, department_a):
    reply = assigned.post_reply(staff_a, department_a, REPLY)
    assert reply.body == MASKED_REPLY and reply.submitted_body == REPLY


@pytest.fixture
def answered(issue_in, moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    return issue_in(Status.ANSWERED)


def test_a_resolution_note_with_personal_data_is_reviewed_like_a_reply(client, answered, staff_a):
    note = "已办结，经回访反映人王小明表示满意，电话13812349999。"
    masked = "已办结，经回访反映人王**表示满意，电话138****9999。"
    client.force_login(staff_a)
    response = client.post(desk_url(answered), {"action": "resolve", "note": note})
    assert f"{masked}</textarea>" in response.content.decode()
    answered.refresh_from_db()
    assert answered.status == Status.ANSWERED

    client.post(desk_url(answered), {"action": "resolve", "note": masked, "original": note})

    answered.refresh_from_db()
    assert answered.status == Status.RESOLVED
    public = client.get(answered.get_absolute_url()).content.decode()
    assert masked in public and "13812349999" not in public and "王小明" not in public
    assert set(
        answered.redactions.filter(field="resolution_note").values_list("kind", flat=True)
    ) == {"name", "mobile"}


def test_the_clerks_forms_say_what_is_public_and_what_is_internal(client, answered, staff_a):
    prefer_english(staff_a)
    page = desk(client, staff_a, answered)
    reply, resolve, note = (
        page[page.index(f'id="{form}"') :] for form in ("reply-form", "resolve-form", "note-form")
    )
    assert "Public: published at once on the thread page" in reply[: reply.index("</form>")]
    assert "Public: shown on the thread" in resolve[: resolve.index("</form>")]
    assert "Internal: seen by moderators and the departments" in note[: note.index("</form>")]
