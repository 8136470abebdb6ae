"""The relevance benchmark: load a judged set into a throw-away index, run every query through
the site's own search class, and score the ranking (nDCG@10, precision@5, recall@10) and the
set of threads that count (hits: how many; P@all, R@all: precision and recall of that set,
grade 1 and 2 both relevant), which the relevance floor (`search.floor`) decides.

Judged set format::

    {"threads": [{"id": 1, "title": "…", "body": "…", "category": "…", "district": "…",
                  "created": "2026-05-01"}],
     "queries": [{"q": "…", "kind": "keyword", "rel": {"1": 2, "7": 1}}]}
"""

import math
import os
from collections import defaultdict
from datetime import date, datetime, time

from django.utils import timezone
from elasticsearch.helpers import bulk

from .analysis import alias_name, versioned_name
from .documents import IssueThreadDocument, suggest_inputs
from .index import create_index, drop_indices
from .queries import IssueSearch


def thread_source(thread):
    created = thread.get("created") or "2026-01-01"
    day = date.fromisoformat(created[:10])
    stamp = timezone.make_aware(datetime.combine(day, time(12, 0))).isoformat()
    return {
        "title": thread.get("title", ""),
        "body": thread.get("body", ""),
        "replies": thread.get("replies", ""),
        "location": thread.get("location", ""),
        "title_suggest": {"input": suggest_inputs(thread.get("title", "")), "weight": 1},
        "departments": [],
        "department_names": [],
        "category": thread.get("category", ""),
        "category_name": thread.get("category", ""),
        "district": thread.get("district", ""),
        "district_name": thread.get("district", ""),
        "status": "published",
        "published_at": stamp,
        "last_activity_at": stamp,
        "year": day.year,
        "support_count": int(thread.get("support_count", 0)),
        "url": f"/wall/{thread['id']}/",
    }


def load(client, threads, analysis, prefix):
    """A fresh index for this analysis behind `<prefix>-issues`; returns the seconds it took."""
    document = IssueThreadDocument
    started = timezone.now()
    name = create_index(document, versioned_name(document.kind, prefix), analysis, client)
    bulk(
        client,
        (
            {"_op_type": "index", "_index": name, "_id": t["id"], "_source": thread_source(t)}
            for t in threads
        ),
        refresh="wait_for",
    )
    client.indices.put_alias(index=name, name=alias_name(document.kind, prefix))
    return (timezone.now() - started).total_seconds()


def dcg(gains):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score_query(ranked, rel):
    """Scores of one query; `ranked` is every thread that counts, best first."""
    rel = {int(k): int(v) for k, v in rel.items()}
    gains = [rel.get(pk, 0) for pk in ranked[:10]]
    ideal = dcg(sorted(rel.values(), reverse=True)[:10])
    relevant = {pk for pk, g in rel.items() if g > 0}
    found = len(relevant & set(ranked))
    return {
        "ndcg10": dcg(gains) / ideal if ideal else 0.0,
        "p5": sum(1 for pk in ranked[:5] if pk in relevant) / 5,
        "r10": (sum(1 for pk in ranked[:10] if pk in relevant) / len(relevant))
        if relevant
        else 0.0,
        "hits": len(ranked),
        "pall": found / len(ranked) if ranked else 0.0,
        "rall": found / len(relevant) if relevant else 0.0,
    }


def summarise(per_query):
    """{kind: {metric: mean}} plus "overall", from [(kind, scores)]."""
    groups = defaultdict(list)
    for kind, scores in per_query:
        groups[kind].append(scores)
        groups["overall"].append(scores)
    return {
        kind: {"n": len(rows), **{m: sum(r[m] for r in rows) / len(rows) for m in rows[0]}}
        for kind, rows in groups.items()
    }


def run(client, judged, analyses, prefix=None):
    """Run every analysis; returns {analysis: {"summary": …, "ranked": {q: ids}, "seconds": s}}."""
    prefix = prefix or f"echowall-relevance-{os.getpid()}"
    results = {}
    try:
        for name in analyses:
            drop_indices(prefix, client)
            seconds = load(client, judged["threads"], name, prefix)
            # The throw-away index has no rows in this database: nothing to check there.
            searcher_args = {
                "client": client,
                "prefix": prefix,
                "analysis": name,
                "check_database": False,
            }
            per_query, ranked_by_query = [], {}
            for query in judged["queries"]:
                searcher = IssueSearch(**searcher_args).search(query["q"])
                ranked = searcher.ranked_ids(len(judged["threads"]))
                ranked_by_query[query["q"]] = ranked[:10]
                per_query.append((query.get("kind", "other"), score_query(ranked, query["rel"])))
            results[name] = {
                "summary": summarise(per_query),
                "ranked": ranked_by_query,
                "seconds": seconds,
            }
    finally:
        drop_indices(prefix, client)
    return results
