"""The chosen Chinese analysis beats the plain `standard` analyzer on the smoke set, and the
threads that count (the relevance floor) are mostly the relevant ones."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from search import relevance
from search.analysis import CHOSEN
from search.index import get_client
from search.synonyms import load_from_file

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.elasticsearch


def test_chosen_analysis_beats_standard_on_the_smoke_set(engine, settings):
    load_from_file(HERE / "synonyms.txt", replace=True)
    judged = json.loads((HERE / "smoke.json").read_text("utf-8"))
    results = relevance.run(
        get_client(),
        judged,
        ["standard", CHOSEN],
        prefix=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-relevance",
    )
    chosen, standard = results[CHOSEN]["summary"], results["standard"]["summary"]
    assert chosen["overall"]["ndcg10"] > standard["overall"]["ndcg10"]


def test_parking_never_ranks_power_cuts_first(engine, settings):
    load_from_file(HERE / "synonyms.txt", replace=True)
    judged = json.loads((HERE / "judged.json").read_text("utf-8"))
    titles = {t["id"]: t["title"] for t in judged["threads"]}
    judged["queries"] = [{"q": "停车", "kind": "keyword", "rel": {}}]
    ranked = relevance.run(
        get_client(), judged, [CHOSEN], prefix=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-relevance"
    )
    top = [titles[pk] for pk in ranked[CHOSEN]["ranked"]["停车"]]
    assert top and all("停电" not in title for title in top[:5])


def test_benchmark_command_prints_the_table_and_writes_rankings(engine, tmp_path, capsys):
    out = tmp_path / "ranked.json"
    call_command(
        "search_relevance",
        str(HERE / "smoke.json"),
        "--analysis",
        "standard",
        "--analysis",
        CHOSEN,
        "--json",
        str(out),
        "--synonyms",
        str(HERE / "synonyms.txt"),
    )
    printed = capsys.readouterr().out
    assert "nDCG@10" in printed and "P@5" in printed and "R@10" in printed
    ranked = json.loads(out.read_text("utf-8"))
    smoke = json.loads((HERE / "smoke.json").read_text("utf-8"))
    assert set(ranked) == {q["q"] for q in smoke["queries"]}


def test_the_threads_that_count_are_mostly_relevant_on_the_smoke_set(engine, settings):
    # Without a relevance floor every one of the 40 threads shares a character with each query.
    load_from_file(HERE / "synonyms.txt", replace=True)
    judged = json.loads((HERE / "smoke.json").read_text("utf-8"))
    results = relevance.run(
        get_client(), judged, [CHOSEN], prefix=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-relevance"
    )
    overall = results[CHOSEN]["summary"]["overall"]
    assert overall["hits"] < len(judged["threads"]) / 3
    assert overall["pall"] > 0.6 and overall["rall"] > 0.7
