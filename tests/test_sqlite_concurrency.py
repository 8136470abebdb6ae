"""The embedded default, SQLite in a file, serves a few citizens while the background worker
runs: no action fails with "database is locked" and no write is lost.

Runs bench/sqlite_concurrency.py: the site with a thread per citizen and the worker in its own
process, released together on a throw-away SQLite file with the settings `bin/dev` uses, whatever
database this test run itself is on. Without the project's SQLite options (`--without-config`)
the same run loses "me too" votes and tasks to "database is locked".
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_few_citizens_and_the_worker_never_meet_a_locked_database():
    result = subprocess.run(
        [
            sys.executable,
            "bench/sqlite_concurrency.py",
            "--users",
            "4",
            "--actions",
            "60",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run = json.loads(result.stdout.splitlines()[-1])
    assert run["errors"] == []
    assert run["lost_writes"] == []
    # Everyone really was at work: votes, follow-ups and the e-mails they queued.
    assert run["actions"]["me_too"]["count"] > 0
    assert run["actions"]["follow_up"]["count"] > 0
    assert run["tasks_run"] > 0
