"""Time the hot-topic job (热点) on a throw-away database of 100,000 threads.

    .venv/bin/python bench/bench_hot_topics.py [--issues 100000] [--db /tmp/hot.sqlite3] [--repeat 1]

Builds a fresh SQLite file (never point it at real data) with the synthetic year of
`figures_bench.bulk_issues`, then gives every thread a citizen's text from the demo's
generator (`demo.text.issue_post`: 33 topics, each with several cases, in the demo city's
districts, estates and roads, with the usual openers, extras and requests), a district and
some "me too". Then times `update_term_frequencies` for the 52 weeks, `compute_hot_topics`
for the last complete week and for the last complete month (first run, which also computes the
two periods before for growth, and a second run, which finds them stored), with the peak Python
memory of each (tracemalloc, on a separate run: it slows Python down) and the B-cubed precision
and recall of the week's topics against the demo topic and case each thread was written from.
`--measure-only` times an existing --db again (the truth is kept beside it, `<db>.truth.json`).
"""

import json
import random
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from figures_bench import bulk_issues, parse_args, setup  # noqa: E402 (the path first)


def demo_districts():
    from demo.tables import DISTRICTS  # noqa: PLC0415 - Django is set up by then
    from feedback.models import District  # noqa: PLC0415 - Django is set up by then

    rows = {}
    for n, row in enumerate(DISTRICTS):
        rows[row.name] = District.objects.get_or_create(
            slug=row.slug, defaults={"name": row.name, "sort_order": n}
        )[0]
    return rows


def texts(out):
    """Every thread gets a demo post; returns {pk: "topic/case"} (the truth for B-cubed)."""
    from django.db import transaction  # noqa: PLC0415 - Django is set up by then

    from demo.tables import BUS_LINES, DISTRICTS  # noqa: PLC0415 - Django is set up by then
    from demo.text import issue_post, pick_place  # noqa: PLC0415 - Django is set up by then
    from demo.topics import TOPICS  # noqa: PLC0415 - Django is set up by then
    from feedback.models import Issue  # noqa: PLC0415 - Django is set up by then

    rng = random.Random(48)
    districts = demo_districts()
    weights = [topic.weight for topic in TOPICS]
    started = time.perf_counter()
    truth = {}
    pks = list(Issue.objects.order_by("pk").values_list("pk", "created_at"))
    for offset in range(0, len(pks), 5000):
        batch = []
        for pk, created in pks[offset : offset + 5000]:
            topic = rng.choices(TOPICS, weights)[0]
            variant = rng.randrange(len(topic.titles))
            row = rng.choice(DISTRICTS)
            place = pick_place(rng, row, BUS_LINES, rural=topic.key == "farm-subsidy")
            post = issue_post(rng, topic, variant, place, created)
            truth[pk] = f"{topic.key}/{variant}"
            batch.append(
                Issue(
                    pk=pk,
                    title=post.title,
                    body=post.body,
                    location=post.location,
                    district=districts[row.name],
                    support_count=rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8, 20)),
                )
            )
        with transaction.atomic():
            Issue.objects.bulk_update(
                batch, ["title", "body", "location", "district", "support_count"], batch_size=500
            )
    out(f"texts for {len(pks)} threads in {time.perf_counter() - started:.1f} s")
    return truth


def b_cubed(run, truth):
    from reporting.models import HotTopicMember  # noqa: PLC0415 - Django is set up by then

    found = dict(HotTopicMember.objects.filter(topic__run=run).values_list("issue_id", "topic_id"))
    items = [pk for pk in truth if run.start <= truth[pk][1] < run.end]
    labels = {pk: found.get(pk, f"alone-{pk}") for pk in items}
    actual = {pk: truth[pk][0] for pk in items}
    found_sizes, truth_sizes = Counter(labels.values()), Counter(actual.values())
    both = Counter((labels[pk], actual[pk]) for pk in items)
    precision = sum(both[labels[p], actual[p]] / found_sizes[labels[p]] for p in items)
    recall = sum(both[labels[p], actual[p]] / truth_sizes[actual[p]] for p in items)
    return precision / len(items), recall / len(items)


def timed(function):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    return result, seconds


def peak_memory(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(truth, out):
    from feedback.models import Issue  # noqa: PLC0415 - Django is set up by then
    from reporting.hotspots import compute_hot_topics, update_term_frequencies  # noqa: PLC0415 - Django is set up by then
    from reporting.models import HotTopicRun  # noqa: PLC0415 - Django is set up by then
    from reporting.periods import Period  # noqa: PLC0415 - Django is set up by then

    week = Period.week().previous()
    month = Period.month().previous()
    weeks = [week]
    for _n in range(51):
        weeks.append(weeks[-1].previous())
    out(
        f"\n== {Issue.objects.public().count()} public threads; week {week.key}, month {month.key} =="
    )

    def all_weeks():
        for each in reversed(weeks):
            update_term_frequencies(each)

    _result, seconds = timed(all_weeks)
    out(f"update_term_frequencies, 52 weeks: {seconds:.1f} s ({seconds / 52:.2f} s a week)")
    out(
        f"  peak Python memory (one week): {peak_memory(lambda: update_term_frequencies(week)) / 2**20:.0f} MiB"
    )
    for label, period, kind in (
        ("week", week, HotTopicRun.Kind.WEEK),
        ("month", month, HotTopicRun.Kind.MONTH),
    ):
        HotTopicRun.objects.filter(kind=kind).delete()  # the first run computes the 2 before
        run, first = timed(lambda p=period, k=kind: compute_hot_topics(p.start, p.end, k))
        run, again = timed(lambda p=period, k=kind: compute_hot_topics(p.start, p.end, k))
        topics = list(run.topics.order_by("rank")[:5])
        out(
            f"compute_hot_topics, {label} {period.key}: {run.threads} threads, "
            f"{run.topics.count()} topics; first run {first:.1f} s (with the 2 periods before), "
            f"again {again:.1f} s (run.seconds {run.seconds:.1f})"
        )
        if truth:
            precision, recall = b_cubed(run, truth)
            out(
                f"  B-cubed against the demo topic/case: precision {precision:.3f}, recall {recall:.3f}"
            )
        peak = peak_memory(lambda p=period, k=kind: compute_hot_topics(p.start, p.end, k))
        out(f"  peak Python memory: {peak / 2**20:.0f} MiB")
        for topic in topics:
            out(f"  #{topic.rank} {topic.label} ({topic.size}, {topic.growth:+d}) {topic.keywords}")


def main():
    args = parse_args()
    out = print  # noqa: T202 - a command-line script
    name = setup(args)
    out(f"database: {name}")
    truth_file = Path(f"{name}.truth.json")
    if not args.measure_only:
        demo_districts()
        bulk_issues(args.issues, out)
        truth_file.write_text(json.dumps(texts(out)))
    labels = json.loads(truth_file.read_text()) if truth_file.exists() else {}
    from feedback.models import Issue  # noqa: PLC0415 - Django is set up by then

    created = dict(Issue.objects.values_list("pk", "created_at"))
    truth = {int(pk): (label, created[int(pk)]) for pk, label in labels.items()}
    measure(truth, out)


if __name__ == "__main__":
    main()
