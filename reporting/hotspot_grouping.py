"""热点: grouping threads by average linkage on a sparse candidate graph (`reporting.hotspots`).

Average linkage (UPGMA) merges, again and again, the two groups whose threads are most alike on
average, and stops when no two groups are alike enough (`threshold`). It was chosen over single
linkage (connected components), which chains unrelated threads through one ambiguous middle
one (停车 … 停电 … 停水), and over k-means, which needs the number of topics in advance and
depends on its seeds. With unit vectors the average similarity of two groups is the dot
product of their vector sums divided by both sizes, so it is exact without keeping every pair;
a same-district pair adds `district_bonus` to its similarity, which over two groups is the dot
product of their district counts.

No O(n²): the average of two groups is at most the similarity of their most alike pair, so only
groups joined by a pair at or above the threshold can ever merge. Those pairs are found through
an inverted index of each thread's heaviest terms; each term's list is capped (its heaviest
threads) and each thread keeps its best candidates, so the work grows linearly with the
number of threads (see bench/bench_hot_topics.py).

Deterministic: threads are taken in the order they were received (`Thread.order`: the time,
then the primary key), every tie (equal similarity) goes to the pair received first, and a
merged group keeps the place of its earlier half, so the same data always gives the same
groups, whatever order the rows were inserted in.
"""

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .hotspot_text import cosine, heaviest


@dataclass(frozen=True)
class Thread:
    pk: int
    vector: dict  # unit {term: weight}
    district: int | None = None
    order: tuple = ()  # (received at, pk): the order of ties


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.1
    district_bonus: float = 0.05
    heavy_terms: int = 12  # terms of each thread in the inverted index
    posting_cap: int = 200  # threads kept per indexed term (its heaviest)
    candidates: int = 40  # best candidates of each thread checked exactly


@dataclass
class Group:
    first: int  # the place of its earliest thread in the order: the group's id and tie-break
    members: list
    total: dict  # the sum of the members' vectors
    districts: Counter
    version: int = 0
    neighbours: set = field(default_factory=set)

    @property
    def size(self):
        return len(self.members)


def pair_similarity(a, b, bonus):
    same_place = sum(n * b.districts.get(d, 0) for d, n in a.districts.items() if d is not None)
    return (cosine(a.total, b.total) + bonus * same_place) / (a.size * b.size)


def candidate_pairs(threads, settings):
    """{(i, j): similarity} for i < j (indexes into `threads`) at or above the threshold."""
    postings = defaultdict(list)
    heavy = []
    for index, thread in enumerate(threads):
        terms = heaviest(thread.vector, settings.heavy_terms)
        heavy.append(terms)
        for term, weight in terms:
            postings[term].append((-weight, thread.pk, index))
    for term, entries in postings.items():
        entries.sort()
        postings[term] = [
            (index, -weight) for weight, _pk, index in entries[: settings.posting_cap]
        ]
    pairs = {}
    for index, terms in enumerate(heavy):
        partial = defaultdict(float)
        for term, weight in terms:
            for other, other_weight in postings[term]:
                if other != index:
                    partial[other] += weight * other_weight
        best = sorted(partial.items(), key=lambda item: (-item[1], item[0]))
        for other in (other for other, _score in best[: settings.candidates]):
            key = (min(index, other), max(index, other))
            if key in pairs:
                continue
            a, b = threads[key[0]], threads[key[1]]
            similarity = cosine(a.vector, b.vector)
            if a.district is not None and a.district == b.district:
                similarity += settings.district_bonus
            if similarity >= settings.threshold:
                pairs[key] = similarity
    return pairs


def group_threads(threads, settings=Settings()):
    """Groups of `threads` (any order) as lists of primary keys in the order received, the
    groups in the order of their earliest thread; single threads are groups of one."""
    threads = sorted(threads, key=lambda thread: (thread.order, thread.pk))
    groups = {
        index: Group(index, [index], dict(thread.vector), Counter([thread.district]))
        for index, thread in enumerate(threads)
    }
    heap = []
    for (i, j), similarity in candidate_pairs(threads, settings).items():
        groups[i].neighbours.add(j)
        groups[j].neighbours.add(i)
        heap.append((-similarity, i, j, 0, 0))
    heapq.heapify(heap)
    while heap:
        negative, first_a, first_b, version_a, version_b = heapq.heappop(heap)
        if -negative < settings.threshold:
            break
        a, b = groups.get(first_a), groups.get(first_b)
        if a is None or b is None or a.version != version_a or b.version != version_b:
            continue  # one of them has merged since: its pairs were pushed again
        merged = merge(a, b, groups)
        for other_first in sorted(merged.neighbours):
            other = groups[other_first]
            similarity = pair_similarity(merged, other, settings.district_bonus)
            low, high = sorted((merged, other), key=lambda g: g.first)
            heapq.heappush(heap, (-similarity, low.first, high.first, low.version, high.version))
    return [
        [threads[i].pk for i in sorted(group.members)] for _first, group in sorted(groups.items())
    ]


def merge(a, b, groups):
    """Merge `b` into `a` (a came first); the sums of vectors and of districts add up."""
    for term, weight in b.total.items():
        a.total[term] = a.total.get(term, 0.0) + weight
    a.districts.update(b.districts)
    a.members.extend(b.members)
    a.version += 1
    del groups[b.first]
    for other_first in b.neighbours:
        other = groups.get(other_first)
        if other is not None:
            other.neighbours.discard(b.first)
            if other is not a:
                other.neighbours.add(a.first)
                a.neighbours.add(other.first)
    a.neighbours.discard(a.first)
    a.neighbours.discard(b.first)
    return a
