"""After an action on the issue desk, a POSTed `next` may only lead to a path on this site;
anything else (another site, a scheme-relative or backslashed address, a script URL) lands on the
issue desk instead."""

import pytest


@pytest.fixture
def note_with_next(client, make_issue, moderator):
    issue = make_issue()
    client.force_login(moderator)
    desk = f"/admin/feedback/issues/{issue.pk}/"

    def post(next_value):
        response = client.post(desk, {"action": "note", "body": "已电话回访。", "next": next_value})
        assert response.status_code == 302
        return response["Location"], desk

    return post


def test_a_path_on_this_site_is_followed(note_with_next):
    location, _desk = note_with_next("/admin/feedback/queue/")
    assert location == "/admin/feedback/queue/"


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver/admin/",
        " /admin/",
    ],
)
def test_anything_else_lands_on_the_issue_desk(note_with_next, hostile):
    location, desk = note_with_next(hostile)
    assert location == desk


def test_no_next_lands_on_the_issue_desk(note_with_next):
    location, desk = note_with_next("")
    assert location == desk
