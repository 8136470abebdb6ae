"""并单 on the moderation desk: the public threads a post most likely repeats.

A report can be merged only into an earlier public thread (`Issue.merge_into`), so candidates
are public threads received before the post, at most DUPLICATE_WINDOW_DAYS earlier. They are
found by the post's character pairs, through the engine when it is up (one request: the
candidates, ranked by its BM25 over the pair sub-fields, and how many threads of the window
hold each pair) and the database otherwise (two queries: those counts, then the candidates
scored by the pairs they share, weighted by rarity, plus their district); a search engine that
does not answer falls back to the database. Then one place ranks them on both backends
(`search.likeness`: the TF-IDF cosine of the two posts' pairs, with a bonus for the same district
and the same place), and keeps only those reaching DUPLICATE_MIN_SCORE, so that 小区停电三天 is
not offered for 小区停车难. One more query loads the candidates: the desk pays a constant number.

Each `Duplicate` says why it is offered: same district, same place, the words both posts share.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import zhconv
from django.db.models import Case, Count, F, FloatField, Q, Value, When

from core.conf import setting
from feedback.models import Issue

from . import likeness
from .analysis import alias_name, get_analysis
from .backends import active_backend
from .index import ENGINE_ERRORS, get_client

logger = logging.getLogger(__name__)

POOL = 20  # candidates generated, then ranked by likeness
MAX_PAIRS = 24  # pairs of the post looked up (the title's first, then the most repeated)
SAME_DISTRICT_BONUS = 0.05
SAME_PLACE_BONUS = 0.1
OTHER_DISTRICT_PENALTY = 0.2
# The database's candidate order: a shared pair weighs its idf (twice in the title); the same
# district counts like one ordinary shared pair.
DISTRICT_WEIGHT = 1.0


@dataclass(frozen=True)
class Duplicate:
    """An earlier public thread the post likely repeats, and why."""

    thread: Issue
    score: float  # likeness plus the bonuses; what the order and the threshold use
    likeness: float
    same_district: bool
    same_place: bool
    shared_words: tuple


def window_start(issue):
    return issue.created_at - timedelta(days=setting("DUPLICATE_WINDOW_DAYS"))


def earlier_public_threads(issue):
    """Public threads received before `issue` (ties broken by id, as `merge_into` does) and
    inside the window: the threads it may be merged into."""
    earlier = Q(created_at__lt=issue.created_at) | Q(created_at=issue.created_at, pk__lt=issue.pk)
    return Issue.objects.public().filter(earlier, created_at__gte=window_start(issue))


def similar_threads(issue, limit=5, backend=None):
    """The likely duplicates of `issue`, likeliest first: at most `limit` `Duplicate`s."""
    counts = likeness.bag(issue.title, issue.body).counts
    looked_up = [pair for pair, _count in counts.most_common(MAX_PAIRS)]
    if not looked_up:
        return []
    if (backend or active_backend()) == "elasticsearch":
        try:
            ids, documents = engine_candidates(issue, looked_up)
        except ENGINE_ERRORS as error:
            logger.warning(
                "Search engine unavailable for duplicates, using the database: %s", error
            )
            ids, documents = database_candidates(issue, looked_up)
    else:
        ids, documents = database_candidates(issue, looked_up)
    return ranked(issue, ids, documents)[:limit]


def ranked(issue, ids, documents):
    """The candidates `ids` that are still earlier public threads, scored, above the threshold."""
    minimum = setting("DUPLICATE_MIN_SCORE")
    text = f"{issue.title}\n{issue.body}"
    found = []
    for thread in earlier_public_threads(issue).filter(pk__in=ids).select_related("district"):
        places = (issue.location, thread.location)
        mine = likeness.bag(issue.title, issue.body, places)
        theirs = likeness.bag(thread.title, thread.body, places)
        alike = likeness.cosine(
            likeness.weights(mine, documents), likeness.weights(theirs, documents)
        )
        same_district = thread.district_id == issue.district_id
        same_place = likeness.same_place(
            issue.location, text, thread.location, f"{thread.title}\n{thread.body}"
        )
        score = alike + SAME_PLACE_BONUS * same_place
        score += SAME_DISTRICT_BONUS if same_district else -OTHER_DISTRICT_PENALTY
        if score < minimum:
            continue
        found.append(
            Duplicate(
                thread=thread,
                score=round(score, 3),
                likeness=round(alike, 3),
                same_district=same_district,
                same_place=same_place,
                shared_words=tuple(
                    likeness.shared_words(
                        text, set(likeness.pairs(thread.title + "\n" + thread.body)), documents
                    )
                ),
            )
        )
    found.sort(key=lambda d: (-d.score, d.thread.created_at, d.thread.pk))
    return found


# --- the database ------------------------------------------------------------------------------


def _spellings(pair):
    """The pair and its traditional spelling: the database's text is stored as typed."""
    traditional = zhconv.convert(pair, "zh-hant")
    return [pair] if traditional == pair else [pair, traditional]


def _contains(field, pair):
    condition = Q()
    for spelling in _spellings(pair):
        condition |= Q(**{f"{field}__icontains": spelling})
    return condition


def database_candidates(issue, pairs):
    """(candidate ids, document counts) from the database: two queries."""
    window = Issue.objects.public().filter(created_at__gte=window_start(issue))
    row = window.aggregate(
        total=Count("pk"),
        **{
            f"p{i}": Count("pk", filter=_contains("title", p) | _contains("body", p))
            for i, p in enumerate(pairs)
        },
    )
    documents = likeness.DocumentCounts(
        df={pair: row[f"p{i}"] for i, pair in enumerate(pairs)}, total=row["total"]
    )
    shared = Value(0.0, output_field=FloatField())
    for pair in pairs:
        if not documents.df[pair]:
            continue  # in no thread of the window
        weight = documents.idf(pair)
        shared = shared + Case(
            When(_contains("title", pair), then=Value(2 * weight)),
            When(_contains("body", pair), then=Value(weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    district = Case(
        When(district_id=issue.district_id, then=Value(DISTRICT_WEIGHT)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    ids = (
        earlier_public_threads(issue)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .annotate(order=F("shared") + district)
        .order_by("-order", "-created_at", "-pk")
        .values_list("pk", flat=True)[:POOL]
    )
    return list(ids), documents


# --- the engine --------------------------------------------------------------------------------


def _pair_clause(pair, fields):
    return {"multi_match": {"query": pair, "type": "phrase", "fields": fields}}


def engine_candidates(issue, pairs, client=None):
    """(candidate ids, document counts) from the engine: one request. The index has no
    received date; publication comes after it, so a thread received in the window was
    published in it too (`ranked` then checks the received date in the database)."""
    suffix = get_analysis().pair_suffix()
    fields = [f"{name}.{suffix}" if suffix else name for name in ("title", "body")]
    in_window = {"range": {"published_at": {"gte": window_start(issue).isoformat()}}}
    clauses = [_pair_clause(pair, [f"{fields[0]}^2", fields[1]]) for pair in pairs]
    response = (client or get_client()).search(
        index=alias_name("issues"),
        size=POOL,
        source=False,
        track_total_hits=False,
        query={
            "bool": {
                "should": clauses,
                "minimum_should_match": 1,
                "filter": [in_window],
                "must_not": [{"ids": {"values": [str(issue.pk)]}}],
            }
        },
        aggs={
            "everything": {
                "global": {},
                "aggs": {
                    "window": {
                        "filter": in_window,
                        "aggs": {
                            "pairs": {
                                "filters": {
                                    "filters": {
                                        str(i): _pair_clause(pair, fields)
                                        for i, pair in enumerate(pairs)
                                    }
                                }
                            }
                        },
                    }
                },
            }
        },
    )
    window = response["aggregations"]["everything"]["window"]
    buckets = window["pairs"]["buckets"]
    documents = likeness.DocumentCounts(
        df={pair: buckets[str(i)]["doc_count"] for i, pair in enumerate(pairs)},
        total=window["doc_count"],
    )
    return [int(hit["_id"]) for hit in response["hits"]["hits"]], documents
