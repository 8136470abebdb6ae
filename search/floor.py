"""Which threads count as found: the relevance floor both search backends apply.

Ranking may use single characters (Elasticsearch's unigram sub-field lifts a thread that shares
many of them), but a thread *counts* (in the total, the facets and every sort order) only when it
shares enough of the query's character pairs: 停车难 is not found in every thread with 难 in it.

- A query is cut into pairs of Chinese characters (停车难 → 停车, 车难) and Latin/digit words
  (wifi, pm2.5); a lone character is a pair only when the query has nothing longer (的).
- A pair found in no public thread is left out (pairs across two words, like 区停 in 小区停车).
- A pair found in more than COMMON_SHARE of the public threads (小区, 晚上, 部门) never qualifies
  a thread on its own; two or more such pairs qualify a thread that has all of them.
- A query with a word that no thread contains (two or more characters running together that no
  found pair covers: 幸福 in 幸福小区) and no specific pair found finds nothing: its common pairs
  alone (小区) would find every thread about anything in an estate.
- Of the other, specific pairs a thread needs one, and one more per SPECIFIC_STEP beyond
  SPECIFIC_FREE (long questions share many pairs with unrelated threads).
- Each synonym of a word in the query is an alternative way to qualify (停车难 → 车位不足);
  an editor's synonym counts whole, as a word, whatever its length.

Measured on tests/search/relevance/judged.json (see search/README.md). The counts of each pair
come from the same public threads the backend searches, in one request or one query.
"""

import re
from dataclasses import dataclass

from . import synonyms
from .text import fold

MAX_PAIRS = 40  # pairs looked up per query, all alternatives together (a constant cost)
COMMON_SHARE = 0.15
COMMON_MIN = 10  # on a small wall no pair is common
SPECIFIC_FREE = 6
SPECIFIC_STEP = 6

TOKENS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?")
CJK_START = "\u3400"


def pairs(text):
    """(pairs, single characters) of `text`, folded, in order, without repeats."""
    found, singles = [], []
    for token in TOKENS.findall(fold(text)):
        if token[0] >= CJK_START and len(token) > 1:
            found.extend(token[i : i + 2] for i in range(len(token) - 1))
        elif len(token) > 1:
            found.append(token)
        else:
            singles.append(token)
    return list(dict.fromkeys(found)), list(dict.fromkeys(singles))


@dataclass(frozen=True)
class Requirement:
    """A thread qualifies when its text contains at least `needed` of `terms`."""

    terms: tuple
    needed: int


class Floor:
    """The floor of one query: the pairs to count, then the requirements given their counts.

    ``Floor(query).terms`` are looked up once (how many public threads contain each one);
    ``requirements(counts, total)`` says what a thread needs; an empty list finds nothing.
    """

    def __init__(self, query):
        self.alternatives = [pairs(query)]
        folded = fold(query)
        for expansion in synonyms.expansions(query):
            rest, _singles = pairs(folded.replace(expansion.term, " "))
            for words in [*([w] for w in expansion.alternatives), core_pairs(expansion)]:
                alternative = ([*rest, *words], [])
                if words and alternative not in self.alternatives:
                    self.alternatives.append(alternative)
        self.alternatives = [a for a in self.alternatives if a[0] or a[1]]
        counted = [p for found, _singles in self.alternatives for p in found]
        self.terms = list(dict.fromkeys(counted))[:MAX_PAIRS]
        self.tokens = [t for t in TOKENS.findall(folded) if len(t) > 1]

    def missing_words(self, counts):
        """The pairs of each part of the query that no thread contains: a Latin word, or two or
        more characters running together that no found pair covers (幸福 in 幸福小区; not the
        lone 难 of 停车难, nor 区停 between two words that are found)."""
        absent = {term for term in self.terms if not counts.get(term)}
        missing = []
        for token in self.tokens:
            if token[0] < CJK_START:
                if token in absent:
                    missing.append({token})
                continue
            covered = [False] * len(token)
            for i in range(len(token) - 1):
                if token[i : i + 2] not in absent:  # found, or not looked up (past MAX_PAIRS)
                    covered[i] = covered[i + 1] = True
            run = []
            for i, char_covered in enumerate([*covered, True]):
                if not char_covered:
                    run.append(i)
                    continue
                if len(run) > 1:
                    missing.append({token[j : j + 2] for j in run[:-1]})
                run = []
        return missing

    def requirements(self, counts, total):
        common_above = max(COMMON_SHARE * total, COMMON_MIN)
        missing = self.missing_words(counts)
        result = []
        for found, singles in self.alternatives:
            if not found:
                result.append(Requirement(tuple(singles), len(singles)))
                continue
            present = [p for p in found if counts.get(p)]
            common = [p for p in present if counts[p] > common_above]
            specific = [p for p in present if counts[p] <= common_above]
            if specific:
                extra = max(0, len(specific) - SPECIFIC_FREE) // SPECIFIC_STEP
                result.append(Requirement(tuple(specific), min(len(specific), 1 + extra)))
            if not specific and any(word <= set(found) for word in missing):
                continue  # the query's own subject is in no thread: common pairs alone won't do
            if common and (len(common) > 1 or not specific):
                result.append(Requirement(tuple(common), len(common)))
        return list(dict.fromkeys(result))


def core_pairs(expansion):
    """Pairs that two or more words of a synonym group share (车位 in 车位不足, 车位太少,
    找不到车位; 工资 in 拖欠工资, 没发工资): the group's own subject. The other pairs of its
    words (不足, 太少) are everyday words and never qualify a thread."""
    seen = {}
    for word in [expansion.term, *expansion.alternatives]:
        for pair in pairs(word)[0]:
            seen[pair] = seen.get(pair, 0) + 1
    return [pair for pair, words in seen.items() if words > 1]


def marked_terms(query):
    """What a result row marks: the words typed, their synonyms and the query's pairs."""
    terms = []
    for text in [query, *synonyms.variants(query)]:
        terms.extend(t for t in TOKENS.findall(fold(text)) if len(t) > 1)
    for expansion in synonyms.expansions(query):
        terms.extend(expansion.alternatives)
    found, singles = pairs(query)
    terms.extend(found)
    return list(dict.fromkeys(terms)) or singles
