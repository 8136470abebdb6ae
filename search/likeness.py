"""How alike two posts read: a TF-IDF cosine over their character pairs, folded.

Chinese has no spaces, so a post is the bag of its overlapping pairs of characters (停车难 →
停车, 车难), after folding traditional to simplified and full-width to half-width (`text.fold`):
小區停車 and 小区停车 are the same bag. Latin letters and digits count as whole words (18路 → 18).
Title pairs count twice: the title is the reporter's summary of the problem. Each pair weighs
(1 + log tf) × idf, the idf from how many threads of the window contain it, so that 小区 or 晚上
(in every other post) count for little and 停电 against 停车 for a lot.

A leaf: no model, no database; `search.similar` gives it the texts and the document counts.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

from .text import fold

TITLE_WEIGHT = 2
PLACE_FACTOR = 0.4
# Runs of Chinese characters, and Latin/digit words of two characters or more.
RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
CJK_START = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def pairs(text):
    """The character pairs of `text` (folded), in order, repeats kept."""
    found = []
    for run in RUNS.findall(fold(text)):
        if not CJK_START.match(run):
            found.append(run)
        else:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


@dataclass(frozen=True)
class Bag:
    """The pairs of a post: how often each occurs (`counts`, title pairs TITLE_WEIGHT times)
    and its `factors`: PLACE_FACTOR when every occurrence names or touches a place or an
    everyday word (东湖小区停电: 小区 and 区停), else 1. Where the problem is counts apart (`same_place`), so that two
    problems at one crossing do not read alike by its name, nor 小区停电 and 小区停车 by 区停."""

    counts: Counter
    factors: dict


# Pairs of every other post that say nothing of the problem. The idf tells them too, but only
# once the window holds many threads: a new site, or a quiet district, has a handful. They
# weigh like a place, and so do the pairs touching them (小区停电: 区停).
# fmt: off
EVERYDAY_PAIRS = frozenset({
    "小区", "晚上", "每天", "希望", "部门", "相关", "问题", "反映", "没有", "一直", "现在", "已经",
    "居民", "市民", "处理", "解决", "尽快", "好几", "几天", "天了", "严重", "影响", "我们", "附近",
    "这个", "时候", "请问", "能否", "是否", "不能", "不是", "一个", "什么", "怎么", "还是", "里的",
    "了好", "多次",
})
# fmt: on


def bag(title, body, places=()):
    place_pairs = {pair for place in places for pair in pairs(place)} | EVERYDAY_PAIRS
    counts, factors = Counter(), {}
    for text, times in ((body, 1), (title, TITLE_WEIGHT)):
        for pair, at_place in _marked_pairs(text, place_pairs):
            counts[pair] += times
            factors[pair] = max(factors.get(pair, 0.0), PLACE_FACTOR if at_place else 1.0)
    return Bag(counts, factors)


def _marked_pairs(text, place_pairs):
    """(pair, whether it names or touches a place) for each pair of `text`."""
    for run in RUNS.findall(fold(text)):
        if not CJK_START.match(run):
            yield run, run in place_pairs
            continue
        grams = [run[i : i + 2] for i in range(len(run) - 1)]
        inside = [gram in place_pairs for gram in grams]
        for i, gram in enumerate(grams):
            yield gram, any(inside[max(0, i - 1) : i + 2])


def compact(text):
    return "".join(fold(text).split())


@dataclass(frozen=True)
class DocumentCounts:
    """How many threads of the window contain each pair (`df`), out of `total`. A pair not
    counted (it is not in the new post, so it only lengthens the other one) counts as rare."""

    df: dict
    total: int

    def is_common(self, pair):
        return pair in EVERYDAY_PAIRS or self.df.get(pair, 0) > max(2, self.total // 2)

    def idf(self, pair):
        df = self.df.get(pair, 1)
        return math.log((1 + self.total) / (1 + df)) + 1


def weights(bag, documents):
    """Each pair's weight: (1 + log count) × idf × its place factor."""
    return {
        pair: (1 + math.log(count)) * documents.idf(pair) * bag.factors[pair]
        for pair, count in bag.counts.items()
    }


def cosine(a, b):
    """The cosine of two weight vectors (dicts): 0 when nothing is shared, 1 for the same."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(weight * large.get(pair, 0.0) for pair, weight in small.items())
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm


def shared_words(text, other_pairs, documents, limit=5):
    """The longest runs of `text` made of pairs the other post has too, weightiest first: what a
    moderator reads as "the words they share" (停车位, 幸福小区). Runs of common pairs only are
    left out (everyday pairs, or pairs in more than half of a window of some size)."""
    runs = {}
    for run in RUNS.findall(fold(text)):
        if not CJK_START.match(run):
            if run in other_pairs:
                runs[run] = max(runs.get(run, 0.0), documents.idf(run))
            continue
        start = None
        for i in range(len(run)):
            inside = i < len(run) - 1 and run[i : i + 2] in other_pairs
            if inside and start is None:
                start = i
            if not inside and start is not None:
                word = run[start : i + 1]
                grams = [word[j : j + 2] for j in range(len(word) - 1)]
                weight = sum(documents.idf(g) for g in grams)
                if not all(documents.is_common(g) for g in grams):
                    runs[word] = max(runs.get(word, 0.0), weight)
                start = None
    ordered = sorted(runs.items(), key=lambda item: (-item[1], item[0]))
    words = []
    for word, _weight in ordered:
        if any(word in longer for longer in words):
            continue
        words.append(word)
        if len(words) == limit:
            break
    return words


def same_place(location, text, other_location, other_text):
    """Whether two posts name the same place: their locations are equal once folded, or one
    (three characters or more) is inside the other (幸福路12号, 幸福路12号小区门口), or inside the
    other post's title and description (a post that left the location empty)."""
    a, b = compact(location), compact(other_location)
    if a and b:
        short, long = sorted((a, b), key=len)
        if short == long or (len(short) >= 3 and short in long):
            return True
    return (len(a) >= 3 and a in compact(other_text)) or (len(b) >= 3 and b in compact(text))
