"""The satisfaction question is a group of radio buttons under a fieldset and legend (read out as
one question), and "the problem is still there" goes only with "dissatisfied": "satisfied" with
"still there: yes" is refused with a clear message, the typed comment kept, nothing recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from feedback.models import Issue
from feedback.workflow import Status
from polls.models import PollVote


@pytest.fixture
def resolved(issue_in):
    return issue_in(Status.RESOLVED)


def verdict_url(issue):
    return reverse("wall:poll_verdict", args=[issue.tracking_code])


@pytest.mark.parametrize("page", ["tracking", "thread"])
def test_the_satisfaction_question_is_a_fieldset_with_a_legend(resolved, page):
    url = resolved.get_tracking_url() if page == "tracking" else resolved.get_absolute_url()
    html = Client().get(url).content.decode()
    choice = html.index('name="choice"')
    fieldset = html.rindex("<fieldset", 0, choice)
    assert "<legend>" in html[fieldset:choice]
    assert html.index("</fieldset>", fieldset) > choice
    assert '<label for="">' not in html


def test_satisfied_with_the_problem_still_there_is_refused_and_the_comment_kept(resolved):
    response = Client().post(
        verdict_url(resolved),
        {"choice": "satisfied", "problem_persists": "yes", "comment": "态度很好但灯还是不亮"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "态度很好但灯还是不亮</textarea>" in html
    assert response.context["verdict_form"].errors["problem_persists"]
    assert not PollVote.objects.exists()
    assert Issue.objects.get(pk=resolved.pk).status == Status.RESOLVED


def test_satisfied_with_not_applicable_is_recorded(resolved):
    Client().post(verdict_url(resolved), {"choice": "satisfied", "problem_persists": ""})
    assert PollVote.objects.reporter().get().choice == "satisfied"


def test_the_poll_refuses_still_there_without_dissatisfied(resolved):
    with pytest.raises(ValidationError):
        resolved.polls.get().record_reporter_verdict("satisfied", problem_persists=True)
    assert not PollVote.objects.exists()
