"""Follow-ups and the reporter's public name are public text: moderated and masked like the post.

The moderator is offered them masked, with what was detected; what reaches the public is what
the moderator approved (all masks by default), each mask is logged, and the text as typed stays
private to moderators.
"""

import pytest
from django.test import Client

from feedback.models import Message, Redaction
from feedback.workflow import Status
from tests.staff.staff_desk import desk, desk_url, grant_admin_access

ID_NUMBER = "330482198503120020"  # a valid check digit
MASKED_ID = "330***********0020"


@pytest.fixture
def staff(moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])


@pytest.fixture
def follow_up(issue_in):
    issue = issue_in(Status.ASSIGNED)
    Client().post(
        issue.get_tracking_url(),
        {"body": f"补充：我叫张建国，电话13912345678，身份证{ID_NUMBER}。", "website": ""},
    )
    return issue.messages.get(kind=Message.Kind.FOLLOW_UP)


def test_a_follow_up_is_offered_masked_with_what_was_found(client, follow_up, moderator, staff):
    page = desk(client, moderator, follow_up.issue)

    offered = "补充：我叫张**，电话139****5678，身份证330***********0020。"
    assert f"{offered}</textarea>" in page
    for shown in ("张建国 → 张**", "13912345678 → 139****5678", f"{ID_NUMBER} → {MASKED_ID}"):
        assert shown in page


def test_publishing_the_offered_follow_up_shows_only_masks_and_logs_them(
    client, follow_up, moderator, staff
):
    issue = follow_up.issue
    client.force_login(moderator)
    offered = "补充：我叫张**，电话139****5678，身份证330***********0020。"
    client.post(
        desk_url(issue), {"action": "publish_follow_up", "message": follow_up.pk, "body": offered}
    )

    public = client.get(issue.get_absolute_url()).content.decode()
    assert offered in public
    assert "13912345678" not in public and ID_NUMBER not in public and "张建国" not in public
    logged = set(
        Redaction.objects.filter(message=follow_up).values_list("field", "kind", "original")
    )
    assert logged == {
        ("follow_up", "name", "张建国"),
        ("follow_up", "mobile", "13912345678"),
        ("follow_up", "id_number", ID_NUMBER),
    }
    follow_up.refresh_from_db()
    assert follow_up.submitted_body.endswith(f"身份证{ID_NUMBER}。")  # kept, private


def test_a_follow_up_published_without_a_text_gets_every_mask(follow_up, moderator, client):
    follow_up.publish(moderator)

    public = client.get(follow_up.issue.get_absolute_url()).content.decode()
    assert "139****5678" in public and "13912345678" not in public


def test_before_moderation_other_staff_never_see_a_follow_up(client, follow_up, staff_a, staff):
    page = desk(client, staff_a, follow_up.issue)
    assert "补充：" not in page and "13912345678" not in page


def test_the_reporter_sees_the_pending_follow_up_as_it_would_be_published(client, follow_up):
    page = client.get(follow_up.issue.get_tracking_url()).content.decode()
    assert "139****5678" in page and "13912345678" not in page


@pytest.fixture
def named_issue(make_issue):
    return make_issue(display_name="张伟13812345678")


def test_the_public_name_is_offered_masked_to_the_moderator(client, named_issue, moderator, staff):
    page = desk(client, moderator, named_issue)
    assert 'name="display_name" value="张*138****5678"' in page
    assert "张伟 → 张*" in page


def test_the_public_name_goes_public_as_the_moderator_approved_it(
    client, named_issue, moderator, staff
):
    client.force_login(moderator)
    client.post(
        desk_url(named_issue),
        {
            "action": "publish",
            "title": named_issue.submitted_title,
            "body": named_issue.submitted_body,
            "location": named_issue.submitted_location,
            "display_name": "张*138****5678",
        },
    )
    client.logout()

    public = client.get(named_issue.get_absolute_url()).content.decode()
    assert "张*138****5678" in public
    assert "13812345678" not in public and "张伟" not in public
    named_issue.refresh_from_db()
    assert named_issue.status == Status.PUBLISHED
    assert named_issue.submitted_display_name == "张伟13812345678"
    assert set(
        named_issue.redactions.filter(field="display_name").values_list("kind", "original")
    ) == {("name", "张伟"), ("mobile", "13812345678")}


def test_publishing_without_an_approved_name_masks_it(named_issue, moderator, client):
    named_issue.publish(moderator)
    public = client.get(named_issue.get_absolute_url()).content.decode()
    assert "张*138****5678" in public and "13812345678" not in public


def test_an_ordinary_public_name_stays_as_written(make_issue, moderator, client):
    issue = make_issue(display_name="王先生")
    issue.publish(moderator)
    assert "王先生" in client.get(issue.get_absolute_url()).content.decode()
    assert not Redaction.objects.exists()


def test_a_moderator_can_correct_a_published_name_later(make_issue, moderator, client):
    issue = make_issue(display_name="李师傅 15957112345")
    issue.publish(
        moderator,
        issue.submitted_title,
        issue.submitted_body,
        issue.location,
        display_name=issue.submitted_display_name,
    )
    assert "15957112345" in client.get(issue.get_absolute_url()).content.decode()

    issue.edit_public_text(
        moderator, issue.title, issue.body, issue.location, display_name="李师傅 159****2345"
    )

    public = client.get(issue.get_absolute_url()).content.decode()
    assert "李师傅 159****2345" in public and "15957112345" not in public
    assert issue.redactions.get(field="display_name").original == "15957112345"


def test_the_name_as_typed_is_for_moderators_only(
    client, make_issue, walk_issue, moderator, staff_a, staff
):
    issue = walk_issue(make_issue(display_name="张伟13812345678"), Status.ASSIGNED)
    assert "张伟13812345678" in desk(client, moderator, issue)
    clerk_page = desk(client, staff_a, issue)
    assert "张伟13812345678" not in clerk_page and "张*138****5678" in clerk_page
