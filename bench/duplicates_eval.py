"""Precision and recall@3 of the 并单 suggestions (search.similar) on the hand-built set
(tests/search/duplicates_set.py), on the database and, with ELASTICSEARCH_URL, on the engine.

    .venv/bin/python bench/duplicates_eval.py
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/duplicates_eval.py

It builds the set in a throw-away test database (and index prefix), never touching real data,
and prints per backend: precision and recall@3, the suggestions outside a group, the pairs
missed, and the margin around DUPLICATE_MIN_SCORE (the lowest score of a known duplicate, the
highest of anything else, with no threshold).
"""

import os
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "echowall.settings.test")
    warnings.filterwarnings("ignore", "CAPTCHA_TEST_MODE")  # the test settings' captcha
    import django  # noqa: PLC0415 (after the settings module is chosen)

    django.setup()
    from django.conf import settings  # noqa: PLC0415 (needs django.setup())
    from django.db import connection  # noqa: PLC0415 (needs django.setup())
    from django.test.utils import (  # noqa: PLC0415 (needs django.setup())
        setup_test_environment,
        teardown_test_environment,
    )

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(settings)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
        teardown_test_environment()


def run(settings):
    from search import index as search_index  # noqa: PLC0415 (needs django.setup())
    from search.documents import DOCUMENTS  # noqa: PLC0415 (needs django.setup())
    from tests.search import duplicates_set  # noqa: PLC0415 (needs django.setup())

    backends = ["database"]
    if settings.ELASTICSEARCH_URL:
        backends.append("elasticsearch")
        settings.ELASTICSEARCH_INDEX_PREFIX = f"echowall-duplicates-eval-{os.getpid()}"
        client = search_index.get_client()
        for document in DOCUMENTS.values():
            search_index.ensure_index(document, client=client)
    threads = duplicates_set.build_set()
    try:
        if settings.ELASTICSEARCH_URL:
            for document in DOCUMENTS.values():
                search_index.repair(document, client=client)
            search_index.process_pending(client=client, refresh=True)
        threshold = settings.ECHOWALL["DUPLICATE_MIN_SCORE"]
        print(f"{len(threads)} threads; DUPLICATE_MIN_SCORE {threshold}")
        for backend in backends:
            scores = duplicates_set.evaluate(threads, backend)
            print(scores.line())
            for later, earlier, score in scores.wrong:
                print(f"  offered outside its group: {later} ← {earlier} ({score})")
            for later, earlier in scores.missed:
                print(f"  missed: {later} ← {earlier}")
            low, high = margin(settings, duplicates_set, threads, backend)
            print(f"  lowest known duplicate {low:.3f}, highest anything else {high:.3f}")
    finally:
        if settings.ELASTICSEARCH_URL:
            search_index.drop_indices(settings.ELASTICSEARCH_INDEX_PREFIX, client)


def margin(settings, duplicates_set, threads, backend):
    from search.similar import similar_threads  # noqa: PLC0415 (needs django.setup())

    keys = {issue.pk: key for key, issue in threads.items()}
    chosen = settings.ECHOWALL
    settings.ECHOWALL = {**chosen, "DUPLICATE_MIN_SCORE": -1.0}
    known, other = [], []
    try:
        for key, issue in threads.items():
            wanted = duplicates_set.earlier_members(key)
            for duplicate in similar_threads(issue, limit=50, backend=backend):
                (known if keys[duplicate.thread.pk] in wanted else other).append(duplicate.score)
    finally:
        settings.ECHOWALL = chosen
    return min(known), max(other)


if __name__ == "__main__":
    main()
