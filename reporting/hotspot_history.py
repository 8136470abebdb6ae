"""热点 over time: a topic's lineage in the previous period, its growth, its weekly trend and the
"growing" and "recurring" marks (`reporting.hotspots`).

- Lineage: the topic of the previous period of the same kind and length whose centroid is the
  most alike (cosine ≥ LINEAGE_THRESHOLD), each previous topic continuing at most one topic;
  pairs are settled best first, ties by the topics' lowest thread ids. growth = size − the
  lineage's size (a topic with no lineage grew by its whole size).
- Growing: it grew in each of the last 2 periods (its growth and its lineage's growth > 0).
- Trend: the threads of each of the last 8 ISO weeks (the period's last week last) that match
  the topic's centroid (cosine ≥ MATCH_THRESHOLD), whether or not they were grouped.
- Recurring: at least MIN_SIZE matching threads in at least 3 of the last 4 of those weeks, so
  the mark is the same for a weekly run and an on-demand one.
"""

from .hotspot_text import cosine

LINEAGE_THRESHOLD = 0.35
MATCH_THRESHOLD = 0.25
TREND_WEEKS = 8
RECURRING_WEEKS = 4
RECURRING_PRESENT = 3


def link_lineage(drafts, previous_topics):
    """Set `draft.lineage` to a previous `HotTopic` (or None), one-to-one, best match first."""
    pairs = []
    for draft in drafts:
        for topic in previous_topics:
            similarity = cosine(draft.centroid, topic.centroid)
            if similarity >= LINEAGE_THRESHOLD:
                pairs.append((-similarity, draft.members[0], topic.rank, draft, topic))
    pairs.sort(key=lambda pair: pair[:3])
    taken_drafts, taken_topics = set(), set()
    for _similarity, first, _rank, draft, topic in pairs:
        if first in taken_drafts or topic.pk in taken_topics:
            continue
        taken_drafts.add(first)
        taken_topics.add(topic.pk)
        draft.lineage = topic
    for draft in drafts:
        lineage = draft.lineage
        draft.previous_size = lineage.size if lineage else 0
        draft.growth = draft.size - draft.previous_size
        draft.growing = bool(lineage and draft.growth > 0 and lineage.growth > 0)


def add_trends(drafts, weekly_threads, min_size):
    """Set `draft.trend` and `draft.recurring`. `weekly_threads`: one list of unit vectors per
    week, oldest first. An inverted index of the centroids' terms keeps it to the terms the
    thread and a centroid share."""
    index = {}
    for number, draft in enumerate(drafts):
        for term, weight in draft.centroid.items():
            index.setdefault(term, []).append((number, weight))
    counts = [[0] * len(weekly_threads) for _draft in drafts]
    for week, vectors in enumerate(weekly_threads):
        for vector in vectors:
            scores = {}
            for term, weight in vector.items():
                for number, centroid_weight in index.get(term, ()):
                    scores[number] = scores.get(number, 0.0) + weight * centroid_weight
            for number, score in scores.items():
                if score >= MATCH_THRESHOLD:
                    counts[number][week] += 1
    for draft, trend in zip(drafts, counts, strict=True):
        draft.trend = trend
        recent = trend[-RECURRING_WEEKS:]
        draft.recurring = sum(1 for n in recent if n >= min_size) >= RECURRING_PRESENT
