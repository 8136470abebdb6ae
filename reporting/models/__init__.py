"""The reporting app's stored results, one module per concern:

- `hotspots`: TermFrequencies (the idf background), HotTopicRun, HotTopic, HotTopicMember (热点);
- `desk`: DeskWeek, DeskDecision, ContactView (the TV programme 行风视线's weekly desk).
"""

from .desk import ContactView, DeskDecision, DeskWeek
from .hotspots import HotTopic, HotTopicMember, HotTopicRun, TermFrequencies

__all__ = [
    "ContactView",
    "DeskDecision",
    "DeskWeek",
    "HotTopic",
    "HotTopicMember",
    "HotTopicRun",
    "TermFrequencies",
]
