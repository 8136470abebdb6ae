"""Index names, analyzers and the analysis variants the relevance benchmark compares.

Every analyzer is built from the core server (``standard`` tokenizer, ``lowercase``) and the
components of this project's stable plugin (``search/engine``), whose names carry an
``echowall_`` prefix so that the same mappings run on a full production cluster:

- ``echowall_t2s``: char filter, traditional to simplified characters (and full-width folding);
- ``echowall_smartcn``: tokenizer, Chinese word segmentation (Lucene smartcn);
- ``echowall_cjk_width``, ``echowall_cjk_bigram``: token filters (Lucene's CJK filters);
- ``echowall_keyword``: tokenizer, the whole input as one token (for completion).

The site uses ``CHOSEN``; ``manage.py search_relevance`` measures every entry of ``ANALYSES``.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from elasticsearch_dsl import analyzer

zh_words = analyzer(
    "zh_words",
    type="custom",
    char_filter=["echowall_t2s"],
    tokenizer="echowall_smartcn",
    filter=["echowall_cjk_width", "lowercase", "echowall_smartcn_stop"],
)
zh_bigrams = analyzer(
    "zh_bigrams",
    type="custom",
    char_filter=["echowall_t2s"],
    tokenizer="standard",
    filter=["echowall_cjk_width", "lowercase", "echowall_cjk_bigram"],
)
# Single characters, folded (not the bigram filter's `output_unigrams`: its token graph makes
# the query builder expand every path and long queries exceed the clause limit).
zh_unigrams = analyzer(
    "zh_unigrams",
    type="custom",
    char_filter=["echowall_t2s"],
    tokenizer="standard",
    filter=["echowall_cjk_width", "lowercase"],
)
zh_keyword = analyzer(
    "zh_keyword",
    type="custom",
    char_filter=["echowall_t2s"],
    tokenizer="echowall_keyword",
    filter=["echowall_cjk_width", "lowercase"],
)


@dataclass(frozen=True)
class Analysis:
    """How the full-text fields (title, body, replies) are analysed and queried.

    ``fields`` maps a sub-field suffix ("" is the field itself) to its analyzer; ``weights``
    gives each sub-field's weight in the query, so that combinations are queried together.
    """

    name: str
    description: str
    fields: dict
    weights: dict = field(default_factory=dict)

    def weight(self, suffix):
        return self.weights.get(suffix, 1.0)

    def pair_suffix(self):
        """The sub-field where a run of characters is found as a phrase: bigrams, else single
        characters, else the field itself (the relevance floor looks pairs up there)."""
        return self._suffix_of(zh_bigrams, zh_unigrams, "standard")

    def single_suffix(self):
        """The sub-field holding single characters (for a query that has nothing longer)."""
        return self._suffix_of(zh_unigrams, "standard", zh_bigrams)

    def _suffix_of(self, *preferred):
        for wanted in preferred:
            for suffix, a in self.fields.items():
                if a is wanted or a == wanted:
                    return suffix
        return ""

    def text_mapping(self):
        main = self.fields[""]
        mapping = {"type": "text", "analyzer": _analyzer_name(main)}
        subfields = {
            suffix: {"type": "text", "analyzer": _analyzer_name(a)}
            for suffix, a in self.fields.items()
            if suffix
        }
        if subfields:
            mapping["fields"] = subfields
        return mapping

    def analysis_settings(self):
        """The ``settings.analysis`` block every index of this variant needs."""
        merged = {}
        for a in [*self.fields.values(), zh_keyword]:
            if isinstance(a, str):
                continue
            for section, definitions in a.get_analysis_definition().items():
                merged.setdefault(section, {}).update(definitions)
        return merged


def _analyzer_name(a):
    return a if isinstance(a, str) else a._name


ANALYSES = {
    a.name: a
    for a in [
        Analysis(
            "standard",
            "core `standard` analyzer (one token per Chinese character)",
            {"": "standard"},
        ),
        Analysis("smartcn", "smartcn words, traditional→simplified, width folding", {"": zh_words}),
        Analysis("bigram", "CJK bigrams, traditional→simplified, width folding", {"": zh_bigrams}),
        Analysis(
            "bigram+unigram",
            "CJK bigrams and a folded single-character sub-field",
            {"": zh_bigrams, "uni": zh_unigrams},
            {"": 1.0, "uni": 0.3},
        ),
        Analysis(
            "smartcn+bigram",
            "smartcn words and a bigram sub-field queried together",
            {"": zh_words, "bigram": zh_bigrams},
            {"": 1.0, "bigram": 1.0},
        ),
        Analysis(
            "smartcn+bigram+unigram",
            "smartcn words, bigrams and single characters queried together",
            {"": zh_words, "bigram": zh_bigrams, "uni": zh_unigrams},
            {"": 0.5, "bigram": 1.0, "uni": 1.5},
        ),
    ]
}

# Chosen by `manage.py search_relevance tests/search/relevance/judged.json` (see the README).
CHOSEN = "smartcn+bigram+unigram"

# The full-text fields and their weight in a query: title matches count most (and the query as
# a phrase in the title adds a bonus, see search.queries.RANKING). Measured: a title weight of
# 1.5 beat 2, 3 and 4 on every query kind of the judged set.
TEXT_FIELDS = {"title": 1.5, "body": 1.0, "replies": 0.5, "location": 0.5}


def get_analysis(name=None):
    return ANALYSES[name or CHOSEN]


def index_settings():
    return {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


# --- index names ------------------------------------------------------------------------------


def alias_name(kind, prefix=None):
    """The name searches use: ``<prefix>-<kind>``, an alias over one versioned index."""
    return f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"


def versioned_name(kind, prefix=None, now=None):
    stamp = (now or timezone.now()).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name(kind, prefix)}-{stamp}"


def versioned_pattern(kind, prefix=None):
    return f"{alias_name(kind, prefix)}-2*"
