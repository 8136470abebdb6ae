"""A few citizens and the background worker on the embedded SQLite database at the same moment.

    .venv/bin/python bench/sqlite_concurrency.py [--users 4] [--actions 150] [--without-config]
                                                 [--json]

Creates a throw-away SQLite file with the site's tables and a few published issues, then runs
what `bin/dev` runs: the site, one thread per citizen as runserver serves each request in a
thread (each with its own database connection), and the background worker in a process of its
own (django-tasks' worker loop, as `manage.py db_worker`), all released together. Citizens read
the wall and threads, say "me too", add follow-ups and post issues through the site's own
functions; the worker sends the reporters' e-mails that the follow-ups queue. Reports the errors
("database is locked") and how long each kind of action took, then checks that no vote or task
was lost. `--without-config` drops the project's SQLite options (write-ahead log, busy timeout,
IMMEDIATE transactions) to show what they prevent. tests/test_sqlite_concurrency.py runs it and
requires no error.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
ISSUES = 8
START_TIMEOUT = 120  # seconds for the worker's process to be ready (Django set-up, busy machine)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", type=int, default=4, help="citizens, each a thread of the site (default 4)"
    )
    parser.add_argument("--actions", type=int, default=150, help="actions per citizen")
    parser.add_argument(
        "--without-config",
        action="store_true",
        help="SQLite with Django's defaults instead of the project's options",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    return parser.parse_args()


def setup_django(directory, without_config):
    # The settings bin/dev runs, on a throw-away file; tasks are rows the worker picks up.
    os.environ["DJANGO_SETTINGS_MODULE"] = "echowall.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'site.sqlite3'}"
    os.environ["ELASTICSEARCH_URL"] = ""
    import django  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django.conf import settings  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    settings.DEBUG = False  # no query log growing in memory
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if without_config:
        settings.DATABASES["default"]["OPTIONS"] = {}
    django.setup()


# --- the throw-away site ------------------------------------------------------------------------


def create_site():
    """Every table of the project's models (built from the models: faster than migrating), a
    department, a category, a district and a few published issues."""
    from django.apps import apps  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django.db import connection  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    from feedback.models import Category, Department, District, Issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from feedback.services import submit_issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from feedback.workflow import Status  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    with connection.schema_editor() as editor:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                editor.create_model(model)
    department = Department.objects.create(name="市住房和城乡建设局", slug="housing")
    category = Category.objects.create(
        name="城乡建设", slug="building", default_department=department
    )
    district = District.objects.create(name="城东街道", slug="east")
    for number in range(ISSUES):
        issue = submit_issue(
            {
                "title": f"小区{number}号楼路灯不亮",
                "body": "路灯坏了一个多月，晚上出行不安全。",
                "location": f"幸福路{number}号",
                "category": category,
                "district": district,
                "display_name": "王先生",
                "contact_email": f"reporter{number}@example.org",
                "photos": [],
            }
        )
        Issue.objects.filter(pk=issue.pk).update(status=Status.PUBLISHED)


def check_site():
    """What a lost write would leave behind: counts that disagree, tasks never done."""
    from django.db.models import Count  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    from feedback.models import Issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    wrong = [
        f"issue {issue.pk}: 'me too' count {issue.support_count}, {issue.votes} votes"
        for issue in Issue.objects.annotate(votes=Count("support_votes"))
        if issue.support_count != issue.votes
    ]
    unfinished = DBTaskResult.objects.exclude(status="SUCCESSFUL").count()
    if unfinished:
        wrong.append(f"{unfinished} background tasks not done")
    return wrong, DBTaskResult.objects.count()


# --- a citizen ----------------------------------------------------------------------------------


def citizen(number, actions):
    """Reads and writes as a visitor does, through the site's own functions."""
    from django.db import OperationalError  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    from feedback.models import Issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from feedback.notifications import notify_reporter  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from feedback.services import add_follow_up, build_timeline, submit_issue, thread_prefetches  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from polls.models import poll_prefetch  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    rng = random.Random(number)
    issues = list(Issue.objects.select_related("category", "district"))

    def read_wall():
        list(Issue.objects.public().for_list().prefetch_related(poll_prefetch())[:20])

    def read_thread():
        # What the thread page reads.
        thread = Issue.objects.for_list().prefetch_related(poll_prefetch(), *thread_prefetches())
        build_timeline(thread.get(pk=rng.choice(issues).pk))

    def me_too():
        rng.choice(issues).add_support(f"browser-{number}-{rng.randrange(10**9)}")

    def follow_up():
        issue = rng.choice(issues)
        add_follow_up(issue, {"body": "问题还在，请尽快处理。", "photos": []})
        notify_reporter.enqueue(issue_id=issue.pk, status="published")

    def post_issue():
        model = issues[0]
        submit_issue(
            {
                "title": "人行道井盖松动",
                "body": "踩上去会晃动，老人小孩容易摔倒。",
                "location": "人民路",
                "category": model.category,
                "district": model.district,
                "photos": [],
            }
        )

    kinds = [(read_wall, 30), (read_thread, 25), (me_too, 30), (follow_up, 10), (post_issue, 5)]
    timings, errors = defaultdict(list), []
    for _ in range(actions):
        action = rng.choices([kind for kind, _ in kinds], weights=[w for _, w in kinds])[0]
        started = time.perf_counter()
        try:
            action()
        except OperationalError as error:
            errors.append(f"{action.__name__}: {error}")
        timings[action.__name__].append(time.perf_counter() - started)
    return {"timings": timings, "errors": errors}


def worker(stop_file):
    """django-tasks' worker loop (what `manage.py db_worker` runs), until the citizens are done."""
    from django_tasks_db.management.commands.db_worker import Worker  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    def drain():
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench-worker",
            excluded_queue_names=[],
        ).run()

    while not stop_file.exists():
        drain()
        time.sleep(0.05)
    drain()
    return {"timings": {}, "errors": []}


def worker_process(args):
    directory = Path(args.dir)
    setup_django(directory, args.without_config)
    (directory / "ready").touch()
    try:
        result = worker(directory / "stop")
    except Exception:  # noqa: BLE001 — reported to the parent, which fails the run
        result = {"timings": {}, "errors": [traceback.format_exc()]}
    (directory / "result-worker.json").write_text(json.dumps(result))


# --- the run ------------------------------------------------------------------------------------


def citizen_thread(number, actions, start, directory):
    from django.db import connection  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    start.wait()
    try:
        result = citizen(number, actions)
    except Exception:  # noqa: BLE001 — reported to the parent, which fails the run
        result = {"timings": {}, "errors": [traceback.format_exc()]}
    finally:
        connection.close()  # this thread's own connection
    (directory / f"result-citizen-{number}.json").write_text(json.dumps(result))


def run(args):
    directory = Path(tempfile.mkdtemp(prefix="sqlite-concurrency-"))
    setup_django(directory, args.without_config)
    from django.db import connection  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    create_site()
    options = connection.settings_dict.get("OPTIONS", {})
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    command = [sys.executable, __file__, "--worker", "--dir", str(directory)]
    worker_proc = subprocess.Popen(
        [*command, *(["--without-config"] if args.without_config else [])], cwd=BASE_DIR
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not (directory / "ready").exists():
        if time.monotonic() > deadline or worker_proc.poll() is not None:
            raise SystemExit("the worker's process did not start")
        time.sleep(0.05)
    start = threading.Barrier(args.users + 1)
    citizens = [
        threading.Thread(target=citizen_thread, args=(n, args.actions, start, directory))
        for n in range(args.users)
    ]
    for thread in citizens:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in citizens:
        thread.join()
    (directory / "stop").touch()
    worker_proc.wait()
    elapsed = time.perf_counter() - started

    timings, errors = defaultdict(list), []
    for path in directory.glob("result-*.json"):
        result = json.loads(path.read_text())
        errors += result["errors"]
        for kind, values in result["timings"].items():
            timings[kind] += values
    if len(list(directory.glob("result-*.json"))) < args.users + 1:
        errors.append("a process ended without a result")
    wrong, tasks = check_site()
    return {
        "configuration": {"journal_mode": journal, **{k: str(v) for k, v in options.items()}},
        "users": args.users,
        "actions_per_user": args.actions,
        "seconds": round(elapsed, 2),
        "tasks_run": tasks,
        "errors": errors,
        "lost_writes": wrong,
        "actions": {kind: summary(values) for kind, values in sorted(timings.items())},
    }


def summary(values):
    ordered = sorted(values)
    return {
        "count": len(values),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def report(results):
    print(f"SQLite {results['configuration']}")
    print(
        f"{results['users']} citizens × {results['actions_per_user']} actions and the worker "
        f"({results['tasks_run']} tasks) in {results['seconds']} s"
    )
    print(f"{'action':<12} {'count':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for kind, row in results["actions"].items():
        print(
            f"{kind:<12} {row['count']:>6} {row['median_ms']:>10} {row['p95_ms']:>8} "
            f"{row['max_ms']:>8}"
        )
    print(f"errors: {len(results['errors'])}")
    for error in sorted(set(results["errors"]))[:10]:
        print(f"  {error.strip().splitlines()[-1]}")
    print(f"lost writes: {results['lost_writes'] or 'none'}")


def main():
    args = parse_args()
    if args.worker:
        worker_process(args)
        return
    results = run(args)
    if args.json:
        print(json.dumps(results))
    else:
        report(results)


if __name__ == "__main__":
    main()
