"""A message a moderator withdrew or corrected is no longer found by search, on both backends, and
the index follows the change at once (the `issue_public_content_changed` signal)."""

import pytest

from feedback.workflow import Status
from search.index import process_pending

from .test_indexing import raw

REPLY = "已派疏浚车清理窨井，联系人李建华13700001111。"


@pytest.fixture
def reply(issue_in, staff_a, department_a):
    issue = issue_in(Status.ASSIGNED, title="小区下水道堵了", body="雨天污水漫到路上。")
    return issue.post_reply(staff_a, department_a, REPLY, keep={"13700001111", "李建华"})


def found(backend, query):
    backend.sync()
    return [hit.issue.pk for hit in backend.search().search(query).page().hits]


def test_a_withdrawn_reply_is_not_found(backend, reply, moderator):
    assert reply.issue.pk in found(backend, "疏浚车")
    reply.withdraw(moderator, "含个人信息")
    assert reply.issue.pk not in found(backend, "疏浚车")
    assert reply.issue.pk in found(backend, "下水道")  # the thread itself stays public


@pytest.mark.elasticsearch
def test_withdrawing_and_correcting_update_the_index_at_once(
    engine, reply, moderator, django_capture_on_commit_callbacks
):
    issue = reply.issue
    process_pending(client=engine, refresh=True)
    assert "13700001111" in raw(engine, issue.pk)["replies"]  # kept by the clerk, indexed
    with django_capture_on_commit_callbacks(execute=True):
        reply.edit_public_text(moderator, "已派疏浚车清理窨井，联系人李**137****1111。")
    replies = raw(engine, issue.pk)["replies"]
    assert "137****1111" in replies and "13700001111" not in replies and "李建华" not in replies

    with django_capture_on_commit_callbacks(execute=True):
        reply.withdraw(moderator, "含个人信息")
    assert "疏浚车" not in raw(engine, issue.pk)["replies"]
