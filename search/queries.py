"""Search classes over the Elasticsearch index: the only place that builds engine queries.

Ranking: a title match weighs four times a body match; every sub-field of the chosen analysis is
queried together; synonym rewrites of the query count a little less than the words typed; and a
gentle decay on the last activity plus the "me too" count lift recent, shared problems (decay
functions and ``field_value_factor`` run in the core server; no scripts are needed).

Which threads count is a filter apart from the ranking: the relevance floor (`search.floor`),
looked up on the pair (bigram) sub-fields. Rows are rendered from the database (`search.hits`).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import hits, synonyms
from .analysis import TEXT_FIELDS, alias_name, get_analysis
from .base import BaseIssueSearch
from .documents import CmsPageDocument, IssueThreadDocument
from .floor import Floor, marked_terms
from .index import get_client
from .options import FACETS, sort_for
from .results import SearchPage, build_facets

# Ranking knobs, set from the relevance benchmark (tests/search/relevance/judged.json).
RANKING = {
    "synonym_boost": 0.5,  # a synonym rewrite of the query counts this much of the words typed
    "phrase_boost": 2.0,  # the query as a phrase in the title
    "recency_weight": 0.1,  # at most +10 % for recent activity (gauss on last_activity_at)
    "support_weight": 0.05,  # a little for "me too" (log1p of support_count)
    "minimum_should_match": None,  # of the words typed
}


def query_fields(analysis, weights=TEXT_FIELDS):
    fields = []
    for name, weight in weights.items():
        for suffix in analysis.fields:
            path = f"{name}.{suffix}" if suffix else name
            fields.append(f"{path}^{weight * analysis.weight(suffix):g}")
    return fields


def text_query(query, analysis, weights=TEXT_FIELDS):
    """Words typed, their synonym rewrites, and a bonus for the query as a phrase in the title."""
    fields = query_fields(analysis, weights)
    typed = {"query": query, "fields": fields, "type": "most_fields"}
    if RANKING["minimum_should_match"]:
        typed["minimum_should_match"] = RANKING["minimum_should_match"]
    should = [{"multi_match": typed}]
    for variant in synonyms.variants(query):
        should.append(
            {
                "multi_match": {
                    "query": variant,
                    "fields": fields,
                    "type": "most_fields",
                    "boost": RANKING["synonym_boost"],
                }
            }
        )
    if "title" in weights and RANKING["phrase_boost"]:
        should.append(
            {
                "match_phrase": {
                    "title": {
                        "query": query,
                        "slop": 2,
                        "boost": RANKING["phrase_boost"],
                    }
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def ranked(query):
    """Multiply relevance by (1 + a little recency + a little "me too")."""
    return {
        "function_score": {
            "query": query,
            "functions": [
                {"weight": 1},
                {
                    "gauss": {
                        "last_activity_at": {
                            "origin": "now",
                            "offset": "30d",
                            "scale": "365d",
                            "decay": 0.5,
                        }
                    },
                    "weight": RANKING["recency_weight"],
                },
                {
                    "field_value_factor": {
                        "field": "support_count",
                        "modifier": "log1p",
                        "missing": 0,
                    },
                    "weight": RANKING["support_weight"],
                },
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }


class IssueSearch(BaseIssueSearch):
    """Issue threads in Elasticsearch (the alias ``<prefix>-issues``).

    The engine ranks and counts; what is shown comes from the database (`search.hits`). With
    ``check_database`` (the site; the benchmark's throw-away index has no database rows) threads
    that are no longer public but still wait in the outbox are left out of counts and facets.
    """

    backend = "elasticsearch"
    document = IssueThreadDocument

    def __init__(self, *, client=None, prefix=None, analysis=None, check_database=True):
        super().__init__()
        self.client = client
        self.index = alias_name(self.document.kind, prefix)
        self.analysis = get_analysis(analysis)
        self.check_database = check_database
        self._floors = {}

    def _client(self):
        return self.client or get_client()

    def _filter_clauses(self):
        clauses = [
            {"term": {FACETS[name].engine_field: value}} for name, value in self.filters.items()
        ]
        if self.query:
            clauses.append(self._floor_clause())
        return clauses

    def _query(self, lag=None):
        must = text_query(self.query, self.analysis) if self.query else {"match_all": {}}
        query = {"bool": {"must": [ranked(must)], "filter": self._filter_clauses()}}
        if lag and lag.gone:
            query["bool"]["must_not"] = [{"ids": {"values": [str(pk) for pk in lag.gone]}}]
        return query

    def _lag(self):
        return hits.Lag.now() if self.check_database else hits.Lag()

    # --- the relevance floor (search.floor) -------------------------------------------------

    def _term_clause(self, term):
        """Threads whose title, body, replies or location contain `term` as a phrase."""
        suffix = self.analysis.pair_suffix() if len(term) > 1 else self.analysis.single_suffix()
        fields = [f"{name}.{suffix}" if suffix else name for name in TEXT_FIELDS]
        return {"multi_match": {"query": term, "type": "phrase", "fields": fields}}

    def _floor_clause(self):
        if self.query not in self._floors:
            floor = Floor(self.query)
            counts, total = self._term_counts(floor.terms)
            self._floors[self.query] = floor.requirements(counts, total)
        requirements = self._floors[self.query]
        if not requirements:
            return {"match_none": {}}
        return {
            "bool": {
                "minimum_should_match": 1,
                "should": [
                    {
                        "bool": {
                            "should": [self._term_clause(t) for t in r.terms],
                            "minimum_should_match": r.needed,
                        }
                    }
                    for r in requirements
                ],
            }
        }

    def _term_counts(self, terms):
        """How many indexed threads contain each term, and how many there are: one request."""
        if not terms:
            return {}, 0
        response = self._client().search(
            index=self.index,
            size=0,
            track_total_hits=True,
            aggs={
                "terms": {
                    "filters": {
                        "filters": {str(i): self._term_clause(t) for i, t in enumerate(terms)}
                    }
                }
            },
        )
        buckets = response["aggregations"]["terms"]["buckets"]
        counts = {t: buckets[str(i)]["doc_count"] for i, t in enumerate(terms)}
        return counts, response["hits"]["total"]["value"]

    # --- running ----------------------------------------------------------------------------

    def _sort(self):
        return list(sort_for(self.sort_key, self.query).engine)

    def ranked_ids(self, size=10):
        response = self._client().search(
            index=self.index,
            query=self._query(self._lag()),
            sort=self._sort(),
            size=size,
            source=False,
            track_total_hits=False,
        )
        return [int(hit["_id"]) for hit in response["hits"]["hits"]]

    def page(self, number=1, size=None):
        size = self.default_size(size)
        number = self.page_number(number)
        lag = self._lag()
        response = self._client().search(
            index=self.index,
            query=self._query(lag),
            sort=self._sort(),
            from_=(number - 1) * size,
            size=size,
            source=False,
            track_total_hits=True,
            aggs={
                name: {"terms": {"field": facet.engine_field, "size": 100}}
                for name, facet in FACETS.items()
            },
        )
        ids = [int(hit["_id"]) for hit in response["hits"]["hits"]]
        issues = hits.public_threads(ids)
        shown = [issues[pk] for pk in ids if pk in issues]  # the rest is no longer public
        if self.query:  # found by text the index still has, since changed by a moderator?
            floor = self._floors[self.query]
            shown = [i for i in shown if i.pk not in lag.changed or hits.still_found(i, floor)]
        counts = {
            name: {str(b["key"]): b["doc_count"] for b in response["aggregations"][name]["buckets"]}
            for name in FACETS
        }
        return SearchPage(
            hits=hits.rendered_hits(shown, marked_terms(self.query) if self.query else []),
            total=response["hits"]["total"]["value"],
            number=number,
            size=size,
            facets=build_facets(counts, self.filters),
            backend=self.backend,
        )

    def suggest(self, prefix, size=8):
        prefix = " ".join((prefix or "").split())[:60]
        if not prefix:
            return []
        response = self._client().search(
            index=self.index,
            source=False,
            size=0,
            suggest={
                "titles": {
                    "prefix": prefix,
                    "completion": {
                        "field": "title_suggest",
                        "size": size * 4,
                    },
                }
            },
        )
        ids = [int(option["_id"]) for option in response["suggest"]["titles"][0]["options"]]
        return hits.summaries(list(dict.fromkeys(ids)), size, typed=prefix)

    def more_like_this(self, text, size=5):
        text = " ".join((text or "").split())[:200]
        if len(text) < 2:
            return []
        fields = [f.split("^")[0] for f in query_fields(self.analysis, {"title": 1, "body": 1})]
        response = self._client().search(
            index=self.index,
            size=size * 3,
            source=False,
            query={
                "more_like_this": {
                    "fields": fields,
                    "like": text,
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    "max_query_terms": 25,
                    "minimum_should_match": "30%",
                }
            },
        )
        return hits.summaries([int(hit["_id"]) for hit in response["hits"]["hits"]], size)


class PageSearch:
    """Live public CMS pages in Elasticsearch, shown as their own group above the threads."""

    backend = "elasticsearch"
    document = CmsPageDocument

    def __init__(self, *, client=None, prefix=None, analysis=None):
        self.client = client
        self.index = alias_name(self.document.kind, prefix)
        self.analysis = get_analysis(analysis)

    def results(self, query, size=5):
        if not query:
            return []
        response = (self.client or get_client()).search(
            index=self.index,
            size=size,
            source=["title", "url", "page_type", "date"],
            query=text_query(query, self.analysis, {"title": 3.0, "search_text": 1.0}),
            highlight={
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "encoder": "html",
                "fields": {
                    "search_text": {"number_of_fragments": 1, "fragment_size": 120},
                    "title": {"number_of_fragments": 0},
                },
            },
        )
        pages = []
        for hit in response["hits"]["hits"]:
            source, found = hit["_source"], hit.get("highlight", {})
            pages.append(
                {
                    "title_html": mark_safe(found["title"][0])
                    if "title" in found
                    else escape(source["title"]),
                    "snippet_html": mark_safe(found["search_text"][0])
                    if "search_text" in found
                    else "",
                    "url": source["url"],
                    "page_type": source.get("page_type", ""),
                }
            )
        return pages
