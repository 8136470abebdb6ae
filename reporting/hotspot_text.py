"""热点: what a thread is about, as a weighted bag of character bigrams (`reporting.hotspots`).

The text is folded (NFKC, traditional → simplified, lower case) so that 路燈 and 路灯 agree, and
the places are taken out: the thread's own location and the districts' names. Two complaints
about the same estate are not one topic, two about broken street lights in different estates
are; where a topic sits is counted separately (`districts`) and the grouping adds a small bonus
for the same district instead.

Terms are overlapping character pairs of each run of Chinese characters (Chinese has no spaces
and a pair is the usual unit: 停车, 路灯, 噪音) and whole runs of Latin letters (WiFi, ETC);
digits say nothing about a topic. A thread's title counts twice: it is the reporter's own
summary. Weights are (1 + log tf) × idf with the idf from the document frequencies of the 52
weeks before the period (`TermFrequencies`) plus the period itself, so boilerplate that every
post contains (希望, 有关部门, 尽快处理) weighs little whatever the week, and with a bonus for the
terms that several threads of the period share (`Idf`); vectors have unit length, so a dot
product is the cosine.
"""

import math
import re
import unicodedata
from collections import Counter

import zhconv

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_RUN = re.compile(r"[a-z]{2,}")
# What separates the pieces of a location ("幸福路与和平路交叉口", "阳光花园3幢2单元").
LOCATION_SEPARATORS = re.compile(r"[\d\s与和及、,，/#()（）\-]+|交叉口|路口|附近|对面|旁边")
TITLE_WEIGHT = 2
BURST_CAP = 8


def fold(text):
    """Traditional to simplified characters, full-width to half-width, lower case."""
    return zhconv.convert(unicodedata.normalize("NFKC", text or ""), "zh-cn").lower()


def place_names(location, districts=()):
    """The folded names to take out of a thread's text: its location, the pieces of it of two
    characters or more, and `districts` (names already folded); longest first, so a whole name
    goes before its parts."""
    names = {name for name in districts if name}
    folded = fold(location)
    if len(folded) >= 2:
        names.add(folded)
    names.update(piece for piece in LOCATION_SEPARATORS.split(folded) if len(piece) >= 2)
    return sorted(names, key=lambda name: (-len(name), name))


def without_places(folded_text, places):
    for name in places:
        folded_text = folded_text.replace(name, " ")
    return folded_text


def bigram_counts(folded_text, counts=None, times=1):
    counts = Counter() if counts is None else counts
    for run in CJK_RUN.findall(folded_text):
        for i in range(len(run) - 1):
            counts[run[i : i + 2]] += times
    for word in LATIN_RUN.findall(folded_text):
        counts[word] += times
    return counts


def term_counts(title, body, places=()):
    """{term: count} of a thread: the title twice, the body once, places taken out."""
    counts = bigram_counts(without_places(fold(title), places), times=TITLE_WEIGHT)
    return bigram_counts(without_places(fold(body), places), counts)


class Idf:
    """Term weights from summed document frequencies: `df` over `threads` threads (the
    background and the period), `period_df` over the period alone.

    idf = log((N + 1) / (df + 1)) + 1 (smoothed: a term in every thread still weighs a little,
    a term never seen weighs the most), times sqrt(min(period df, BURST_CAP)): a pair of
    characters that only one thread of the period has cannot make a topic, while one that
    several share may (停车 in seven posts of the week outweighs 区突, the seam of 小区突然, in
    one); the cap keeps a word that is everywhere this week from drowning the rest. Without it
    short posts are mostly such seams and two posts on one topic share too little."""

    def __init__(self, df, threads, period_df=None):
        self.df = df
        self.threads = threads
        self.period_df = period_df or {}
        self._unseen = math.log(threads + 1) + 1
        self._known = {}  # a term's weight, once computed (a period repeats its terms a lot)

    def __call__(self, term):
        weight = self._known.get(term)
        if weight is None:
            df = self.df.get(term)
            idf = math.log((self.threads + 1) / (df + 1)) + 1 if df else self._unseen
            weight = idf * math.sqrt(min(max(self.period_df.get(term, 1), 1), BURST_CAP))
            self._known[term] = weight
        return weight


def vector(counts, idf):
    """A unit-length {term: weight} from term counts."""
    weights = {term: (1 + math.log(tf)) * idf(term) for term, tf in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if not norm:
        return {}
    return {term: w / norm for term, w in weights.items()}


def cosine(a, b):
    """The dot product of two unit vectors (the shorter one is walked)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


# Characters that mostly glue words together: a pair holding one is usually the seam between two
# words (的垃 in 的垃圾), not a word, so it is not shown as a keyword.
KEYWORD_LENGTH = 4
GLUE = frozenset("的了是在也都很就和与及被把有个这那们着过吗呢吧啊我你他她它其")


def keywords(weights, count, text=""):
    """The `count` heaviest terms that read as words (no glue character), ties by the term;
    pairs that overlap in `text` (the medoid's folded text) are joined into the longer word
    they spell there (卫生 + 生院 → 卫生院), at the place of the first, up to KEYWORD_LENGTH
    characters (longer, it is a phrase rather than a word)."""
    words = {term: w for term, w in weights.items() if not GLUE.intersection(term)}
    terms = [term for term, _weight in heaviest(words, 2 * count)]
    joined = True
    while joined:
        joined = False
        for a in terms:
            for b in terms:
                word = a + b[1:]
                if a != b and a[-1] == b[0] and len(word) <= KEYWORD_LENGTH and word in text:
                    terms = [word if t == a else t for t in terms if t != b]
                    joined = True
                    break
            if joined:
                break
    return [t for t in terms if not any(t != o and t in o for o in terms)][:count]


def heaviest(weights, count):
    """The `count` heaviest terms, ties by the term itself (the same data, the same terms)."""
    return sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:count]


def unit(weights):
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}
