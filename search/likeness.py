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


def term_counts(title, body, places=()):
    """The bag of pairs of a post: {pair: count}, title pairs counted TITLE_WEIGHT times. The
    `places` are taken out first: where the problem is counts apart (`same_place`), so that
    two problems at one crossing do not read alike by its name."""
    counts = Counter(pairs(without_places(body, places)))
    for pair in pairs(without_places(title, places)):
        counts[pair] += TITLE_WEIGHT
    return counts


def without_places(text, places):
    """`text` folded, each place (two characters or more) cut out: pairs never join across."""
    text = fold(text)
    for place in sorted({compact(p) for p in places}, key=len, reverse=True):
        if len(place) >= 2:
            text = text.replace(place, " | ")
    return text


def compact(text):
    return "".join(fold(text).split())


@dataclass(frozen=True)
class DocumentCounts:
    """How many threads of the window contain each pair (`df`), out of `total`. A pair not
    counted (it is not in the new post, so it only lengthens the other one) counts as rare."""

    df: dict
    total: int

    def idf(self, pair):
        df = self.df.get(pair, 1)
        return math.log((1 + self.total) / (1 + df)) + 1


def weights(counts, documents):
    return {pair: (1 + math.log(tf)) * documents.idf(pair) for pair, tf in counts.items() if tf > 0}


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
    moderator reads as "the words they share" (停车位, 晚上). Runs of common pairs only are left
    out (a run must hold a pair rarer than in half the threads)."""
    rare_enough = math.log(2) + 1  # the idf of a pair in half of the threads
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
                if max(documents.idf(g) for g in grams) >= rare_enough:
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
