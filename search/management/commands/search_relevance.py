"""Compare the analyses on a judged set: nDCG@10, P@5 and R@10 per query kind."""

import json
from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search import relevance
from search.analysis import ANALYSES, CHOSEN
from search.index import engine_health, get_client
from search.synonyms import CACHE_KEY, load_from_file

METRICS = (
    ("ndcg10", "nDCG@10"),
    ("p5", "P@5"),
    ("r10", "R@10"),
    ("hits", "hits"),
    ("pall", "P@all"),
    ("rall", "R@all"),
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Load a judged set into a throw-away index, run every query through the site's search "
        "class and print nDCG@10, P@5, R@10 and the threads that count (hits, P@all, R@all) "
        "per query kind for every analysis."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--json",
            type=Path,
            dest="json_out",
            help='write {"query": [thread ids in ranked order]} here',
        )
        parser.add_argument(
            "--analysis",
            choices=sorted(ANALYSES),
            action="append",
            help="run only this analysis (repeatable); default: all",
        )
        parser.add_argument(
            "--synonyms", type=Path, help="use this synonym list for the run instead of the site's"
        )
        parser.add_argument("--prefix", help="index prefix for the throw-away index")

    def handle(
        self, *args, file, json_out=None, analysis=None, synonyms=None, prefix=None, **options
    ):
        client = get_client()
        if client is None or engine_health(client) is None:
            raise CommandError(
                "No Elasticsearch node answers: set ELASTICSEARCH_URL "
                "(python search/engine/node.py start)."
            )
        judged = json.loads(file.read_text("utf-8"))
        names = analysis or list(ANALYSES)
        if synonyms:
            results = self._with_synonyms(synonyms, client, judged, names, prefix)
        else:
            results = relevance.run(client, judged, names, prefix)
        self._print(results, len(judged["threads"]), len(judged["queries"]))
        if json_out:
            chosen = CHOSEN if CHOSEN in results else names[0]
            json_out.write_text(
                json.dumps(results[chosen]["ranked"], ensure_ascii=False, indent=1), "utf-8"
            )
            self.stdout.write(f"Ranked ids ({chosen}) written to {json_out}")

    def _with_synonyms(self, path, client, judged, names, prefix):

        results = {}
        try:
            with transaction.atomic():
                load_from_file(path, replace=True)
                results = relevance.run(client, judged, names, prefix)
                raise Rollback
        except Rollback:
            pass
        finally:
            cache.delete(CACHE_KEY)
        return results

    def _print(self, results, threads, queries):
        self.stdout.write(f"{threads} threads, {queries} queries\n")
        kinds = None
        for name, result in results.items():
            summary = result["summary"]
            kinds = kinds or ["overall", *sorted(k for k in summary if k != "overall")]
            marker = " (chosen)" if name == CHOSEN else ""
            self.stdout.write(
                f"== {name}{marker}: {ANALYSES[name].description} "
                f"(indexed in {result['seconds']:.1f}s)"
            )
            self.stdout.write(f"{'kind':<12} {'n':>3} " + " ".join(f"{m:>8}" for _k, m in METRICS))
            for kind in kinds:
                row = summary.get(kind)
                if row:
                    self.stdout.write(
                        f"{kind:<12} {row['n']:>3} "
                        + " ".join(
                            f"{row[k]:>8.1f}" if k == "hits" else f"{row[k]:>8.3f}"
                            for k, _m in METRICS
                        )
                    )
            self.stdout.write("")
        self.stdout.write("nDCG@10 by analysis and kind")
        header = f"{'analysis':<24}" + "".join(f"{k:>12}" for k in kinds)
        self.stdout.write(header)
        for name, result in results.items():
            self.stdout.write(
                f"{name:<24}"
                + "".join(f"{result['summary'].get(k, {}).get('ndcg10', 0):>12.3f}" for k in kinds)
            )
