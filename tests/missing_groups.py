"""At the end of a run: which groups of tests did not run, why, and the one command that
installs what they need. In CI (CI=true) every group must run: a skipped test fails the run.

A group is a marker (`elasticsearch`, `e2e`, `redis`); what is missing is read from the skip reasons
themselves, so the summary says what the skipping code found, never a guess. A reason names
its remedy as "install it with: apt-get install -y PACKAGE..." at its end or before a "(" or
";": the packages of all reasons are merged into one command.
"""

import os
import re

import pytest

GROUPS = {
    "elasticsearch": "search on Elasticsearch",
    "e2e": "browser tests in Chromium",
    "redis": "the shared cache on Redis",
}
OTHER = "other tests"
APT_INSTALL = re.compile(r"apt-get install -y ((?:[a-z0-9][a-z0-9.+-]*)(?: [a-z0-9][a-z0-9.+-]*)*)")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def group_of(report):
    return next((name for marker, name in GROUPS.items() if marker in report.keywords), OTHER)


def skip_reason(report):
    if isinstance(report.longrepr, tuple):  # (path, line, "Skipped: reason")
        return report.longrepr[2].removeprefix("Skipped: ")
    return str(report.longrepr)


def summarise(skipped):
    """{group: (number of tests, [distinct reasons])} and the merged install command (or "")."""
    groups, packages = {}, []
    for report in skipped:
        tests, reasons = groups.setdefault(group_of(report), (set(), []))
        tests.add(report.nodeid)
        reason = skip_reason(report)
        if reason not in reasons:
            reasons.append(reason)
        for match in APT_INSTALL.finditer(reason):
            packages += [name for name in match[1].split() if name not in packages]
    counted = {group: (len(tests), reasons) for group, (tests, reasons) in groups.items()}
    return counted, f"apt-get install -y {' '.join(packages)}" if packages else ""


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped") if reporter else None
    if IN_CI and skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    # Outside pytest's own summary, so that this comes after the list of skips.
    yield
    groups, command = summarise(terminalreporter.stats.get("skipped", []))
    if not groups:
        return
    write = terminalreporter.write_line
    terminalreporter.section("tests that did not run", sep="=", yellow=True, bold=True)
    for group, (count, reasons) in groups.items():
        write(f"{group}: {count} test{'s' if count != 1 else ''}, because")
        for reason in reasons:
            write(f"    {reason}")
    if command:
        write("Install what they need with one command, then run bin/test again:")
        write(f"    {command}", bold=True)
    if IN_CI:
        write("CI runs every group: these skips fail the run.", red=True, bold=True)
