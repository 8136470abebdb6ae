"""What a search shows comes from the database, whatever the index still holds.

The index may lag behind the database (the outbox is applied after the commit, or the engine is
down): a thread hidden a minute ago, or a message masked since, can still be in it. So every
search surface (results, suggestions, similar threads) takes only ids from the engine, keeps
those that are public now and renders the current public text, marked here, in a constant
number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse

from feedback.models import Issue, Message
from feedback.workflow import Status, shown_status
from polls.models import poll_prefetch

from .models import PendingIndexUpdate
from .results import Hit
from .text import fold, mark_terms, snippet, term_spans

SNIPPET_WIDTH = 120
MAX_LAGGING = 1000  # pending updates looked at; the outbox is short in practice


def for_rows(queryset):
    """`queryset` (of public threads) with everything a result row shows, in a constant
    number of queries."""
    messages = Prefetch(
        "messages",
        queryset=Message.objects.public().order_by("created_at", "pk"),
        to_attr="search_messages",
    )
    return queryset.for_list().prefetch_related(poll_prefetch(), messages)


def public_threads(ids):
    """{id: issue} for the ids that are public now, with what a result row shows."""
    return for_rows(Issue.objects.public()).in_bulk(ids)


def rendered_hits(issues, terms):
    """Result rows in the order given: title and snippet marked on the current public text."""
    return [render_hit(issue, terms) for issue in issues]


def render_hit(issue, terms):
    """The body around the first term found, else the first public message with one."""
    texts = [issue.body, *(m.body for m in getattr(issue, "search_messages", []))]
    chosen = next((text for text in texts if term_spans(text, terms)), issue.body)
    return Hit(
        issue=issue,
        title_html=mark_terms(issue.title, terms),
        snippet_html=snippet(chosen, terms, SNIPPET_WIDTH),
    )


def summaries(ids, size, typed=None):
    """Suggestions and similar threads: the public ones among `ids`, in that order, one entry
    per title (two threads named alike read as a duplicate in a list of titles). With `typed`
    (suggestions), only titles that still contain what was typed: not one a moderator changed."""
    rows = {
        row["pk"]: row
        for row in Issue.objects.public()
        .filter(pk__in=ids)
        .values("pk", "title", "status", "reopen_count")
    }
    found, titles = [], set()
    for pk in ids:
        row = rows.get(pk)
        if row is None or row["title"] in titles or not _contains(row["title"], typed):
            continue
        titles.add(row["title"])
        found.append(summary(row))
        if len(found) == size:
            break
    return found


def _contains(title, typed):
    if typed is None:
        return True
    return "".join(fold(typed).split()) in "".join(fold(title).split())


def summary(row):
    return {
        "id": row["pk"],
        "title": row["title"],
        "url": reverse("wall:issue", args=[row["pk"]]),
        "status": (
            str(shown_status(row["status"], row["reopen_count"]).label)
            if row["status"] in Status.values
            else ""
        ),
    }


@dataclass
class Lag:
    """Threads whose index update is still pending (one query): `gone` are no longer public
    (left out of the engine's counts and facets too), `changed` are public with new text (their
    rows are checked against the current text before they are shown)."""

    gone: list = field(default_factory=list)
    changed: set = field(default_factory=set)

    @classmethod
    def now(cls):
        public = Issue.objects.public().filter(pk=OuterRef("object_id"))
        rows = (
            PendingIndexUpdate.objects.filter(model=PendingIndexUpdate.Model.ISSUE)
            .annotate(public=Exists(public))
            .values_list("object_id", "public")[:MAX_LAGGING]
        )
        lag = cls()
        for pk, is_public in rows:
            if is_public:
                lag.changed.add(pk)
            else:
                lag.gone.append(pk)
        return lag


def still_found(issue, requirements):
    """Whether the thread's current public text meets the relevance floor (search.floor)."""
    texts = [issue.title, issue.body, issue.location]
    texts += [m.body for m in getattr(issue, "search_messages", [])]
    text = fold("\n".join(texts))
    return any(sum(1 for term in r.terms if term in text) >= r.needed for r in requirements)
