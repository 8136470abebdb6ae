"""Time a results page of each search backend, a short and a long query, on an existing database.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        ELASTICSEARCH_INDEX_PREFIX=demo .venv/bin/python bench/search_bench.py [--repeat 5]

Point it at a database holding the demo (`manage.py load_initial_data`), never at real data: it
only reads. Prints milliseconds per page, SQL queries per page and the number of threads found
(which the relevance floor, `search.floor`, decides). Without ELASTICSEARCH_URL only the
database backend is timed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

QUERIES = [
    "停车难",
    "路灯不亮",
    "小區停車",
    "我们小区晚上回来根本找不到车位，车都停到消防通道上了，物业也不管，希望相关部门来看看",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "echowall.settings.dev")
    import django  # noqa: PLC0415 (after the settings module is chosen)

    django.setup()
    from django.conf import settings  # noqa: PLC0415 (needs django.setup())
    from django.db import connection  # noqa: PLC0415 (needs django.setup())
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 (needs django.setup())

    from search.backends import issue_search  # noqa: PLC0415 (needs django.setup())

    backends = ["elasticsearch", "database"] if settings.ELASTICSEARCH_URL else ["database"]
    for backend in backends:
        for query in QUERIES:
            issue_search(backend).search(query).page()  # warm caches (synonyms, connections)
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    page = issue_search(backend).search(query).page()
                    times.append(time.perf_counter() - started)
            sys.stdout.write(
                f"{backend:<13} {len(query):>3} chars  {statistics.median(times) * 1000:7.1f} ms"
                f"  {len(queries):>2} SQL  {page.total:>4} found  {query[:12]}\n"
            )


if __name__ == "__main__":
    main()
