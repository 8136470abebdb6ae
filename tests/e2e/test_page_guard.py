"""The browser tests' guard notices what a person would: console errors, script errors,
dialogs and error answers to page loads; an expected error answer is not counted."""

import pytest

from .conftest import PageGuard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched_page(browser, live_site):
    context = browser.new_context(base_url=live_site.url)
    page = context.new_page()
    guard = PageGuard()
    guard.watch(page)
    yield page, guard
    context.close()


def test_guard_reports_console_errors_script_errors_and_dialogs(watched_page):
    page, guard = watched_page
    page.goto("/wall/")
    page.evaluate("console.error('broken widget')")
    page.evaluate("setTimeout(() => { throw new Error('uncaught') }, 0)")
    page.evaluate("alert('surprise')")
    page.wait_for_timeout(200)
    problems = "\n".join(guard.problems)
    assert "broken widget" in problems
    assert "uncaught" in problems
    assert "surprise" in problems


def test_guard_reports_an_error_page_unless_the_test_expects_it(watched_page):
    page, guard = watched_page
    page.goto("/wall/999999/")
    assert any("HTTP 404" in problem for problem in guard.problems)

    expected_guard = PageGuard()
    expected_guard.watch(page)
    with expected_guard.allow(404):
        page.goto("/wall/999998/")
    page.wait_for_timeout(200)
    assert expected_guard.problems == []
