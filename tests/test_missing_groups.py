"""A test run says plainly which groups of tests it could not run, why, and the one command
that installs what they need; in CI a group that cannot run fails the run.

Each run here is a real pytest (or bin/test) process on this project's tests, with the
environment of a machine that lacks what the group needs.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCH_AND_BROWSER = [
    "tests/search/test_views.py",
    "tests/e2e/test_page_guard.py",
    "-m",
    "elasticsearch or e2e",
]
ONE_COMMAND = "apt-get install -y default-jdk-headless maven chromium fonts-noto-cjk"


def bare_machine(tmp_path, **extra):
    """No Java, no Maven, no Chromium, no Elasticsearch configured."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "ELASTICSEARCH_URL",
            "JAVA_HOME",
            "ES_JAVA_HOME",
            "CI",
            "ECHOWALL_SEARCH_NODE_PROBLEM",
        }
    }
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return env | {"PATH": str(empty), "CHROMIUM_PATH": str(tmp_path / "no-chromium")} | extra


def run(args, env, program=(sys.executable, "-m", "pytest")):
    return subprocess.run(
        [*program, "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def the_summary(output):
    assert "tests that did not run" in output, output
    return output[output.index("tests that did not run") :]


def test_a_bare_machine_names_both_groups_and_the_one_command_that_installs_them(tmp_path):
    result = run(SEARCH_AND_BROWSER, bare_machine(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    summary = the_summary(result.stdout)
    assert re.search(
        r"search on Elasticsearch: \d+ tests?, because\n\s+Elasticsearch needs "
        r"Java 17\+ and Maven",
        summary,
    ), summary
    assert re.search(
        r"browser tests in Chromium: \d+ tests?, because\n\s+Chromium not found", summary
    ), summary
    assert summary.count("apt-get install -y") == 3  # the two reasons and the one command
    assert f"\n    {ONE_COMMAND}\n" in summary


def test_in_ci_a_group_that_cannot_run_fails_the_run(tmp_path):
    result = run(SEARCH_AND_BROWSER, bare_machine(tmp_path, CI="true"))
    assert result.returncode != 0
    assert "CI requires" in result.stdout


def test_in_ci_any_skipped_test_fails_the_run_and_is_listed(tmp_path):
    (tmp_path / "test_unicorn.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.skip(reason='needs a unicorn; install it with: apt-get install -y unicorn')\n"
        "def test_rides_a_unicorn():\n    pass\n\n"
        "def test_walks():\n    pass\n"
    )
    plugin = [
        "-p",
        "tests.missing_groups",
        "-p",
        "no:django",
        "--rootdir",
        str(tmp_path),
        "-c",
        os.devnull,
        str(tmp_path),
    ]
    env = bare_machine(tmp_path, PYTHONPATH=str(ROOT))
    local = run(plugin, env)
    assert local.returncode == 0, local.stdout + local.stderr
    summary = the_summary(local.stdout)
    assert "other tests: 1 test, because\n    needs a unicorn" in summary
    assert "\n    apt-get install -y unicorn\n" in summary
    in_ci = run(plugin, env | {"CI": "true"})
    assert in_ci.returncode != 0
    assert "CI runs every group: these skips fail the run." in in_ci.stdout


def test_a_run_where_everything_ran_prints_no_such_list(tmp_path):
    result = run(["tests/test_dev_address.py", "-k", "refuse"], bare_machine(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tests that did not run" not in result.stdout


def test_bin_test_told_to_run_without_a_node_says_so():
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    result = run(
        ["tests/search/test_views.py", "-m", "elasticsearch"],
        env | {"ELASTICSEARCH_URL": ""},
        program=(str(ROOT / "bin" / "test"),),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no Elasticsearch node: ELASTICSEARCH_URL is set and empty, so none was started" in (
        the_summary(result.stdout)
    )
