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
    heavy_terms: int = 8  # terms of each thread in the inverted index
    posting_cap: int = 100  # threads kept per indexed term (its heaviest)
    candidates: int = 20  # best candidates of each thread checked exactly


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


def cross(a, b):
    """[Σ over pairs of their cosine, pairs in the same district] between two groups: the dot
    product of their vector sums and of their district counts."""
    same = sum(n * b.districts.get(d, 0) for d, n in a.districts.items() if d is not None)
    return [cosine(a.total, b.total), same]


def candidate_pairs(threads, settings):
    """{(i, j): similarity} for i < j (indexes into `threads`) at or above the threshold."""
    postings = defaultdict(list)
    heavy = []
    for index, thread in enumerate(threads):
        terms = heaviest(thread.vector, settings.heavy_terms)
        heavy.append(terms)
        for term, weight in terms:
            postings[term].append((-weight, index))
    for term, entries in postings.items():
        entries.sort()
        postings[term] = [(index, -weight) for weight, index in entries[: settings.posting_cap]]
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
            same = int(a.district is not None and a.district == b.district)
            similarity = cosine(a.vector, b.vector)
            if similarity + settings.district_bonus * same >= settings.threshold:
                pairs[key] = [similarity, same]
    return pairs


class Linkage:
    """The groups and, for each pair of neighbouring groups, their `cross` sums (kept up to date
    by addition when groups merge, so a merge costs one addition per neighbour it already had)."""

    def __init__(self, threads, settings):
        self.settings = settings
        self.groups = {
            index: Group(index, [index], dict(thread.vector), Counter([thread.district]))
            for index, thread in enumerate(threads)
        }
        self.pairs = candidate_pairs(threads, settings)
        self.heap = []
        for (i, j), sums in self.pairs.items():
            self.groups[i].neighbours.add(j)
            self.groups[j].neighbours.add(i)
            self.heap.append((-self.average(self.groups[i], self.groups[j], sums), i, j, 0, 0))
        heapq.heapify(self.heap)

    def average(self, a, b, sums):
        return (sums[0] + self.settings.district_bonus * sums[1]) / (a.size * b.size)

    def sums(self, a, b):
        key = (min(a.first, b.first), max(a.first, b.first))
        return self.pairs.pop(key, None) or cross(a, b)

    def run(self):
        while self.heap:
            negative, first_a, first_b, version_a, version_b = heapq.heappop(self.heap)
            if -negative < self.settings.threshold:
                break
            a, b = self.groups.get(first_a), self.groups.get(first_b)
            if a is None or b is None or a.version != version_a or b.version != version_b:
                continue  # one of them has merged since: its pairs were pushed again
            self.merge(a, b)
        return self.groups

    def merge(self, a, b):
        """Merge `b` into `a` (a came first); sums of vectors, districts and pairs add up."""
        self.pairs.pop((a.first, b.first), None)
        others = sorted((a.neighbours | b.neighbours) - {a.first, b.first})
        crossed = {}
        for first in others:
            other = self.groups[first]
            with_a, with_b = self.sums(a, other), self.sums(b, other)
            crossed[first] = [with_a[0] + with_b[0], with_a[1] + with_b[1]]
            other.neighbours.discard(b.first)
            other.neighbours.add(a.first)
        for term, weight in b.total.items():
            a.total[term] = a.total.get(term, 0.0) + weight
        a.districts.update(b.districts)
        a.members.extend(b.members)
        a.version += 1
        a.neighbours = set(others)
        del self.groups[b.first]
        for first in others:
            other = self.groups[first]
            low, high = sorted((a, other), key=lambda g: g.first)
            self.pairs[(low.first, high.first)] = crossed[first]
            similarity = self.average(a, other, crossed[first])
            heapq.heappush(
                self.heap, (-similarity, low.first, high.first, low.version, high.version)
            )


def group_threads(threads, settings=Settings()):
    """Groups of `threads` (any order) as lists of primary keys in the order received, the
    groups in the order of their earliest thread; single threads are groups of one."""
    threads = sorted(threads, key=lambda thread: (thread.order, thread.pk))
    groups = Linkage(threads, settings).run()
    return [
        [threads[i].pk for i in sorted(group.members)] for _first, group in sorted(groups.items())
    ]
