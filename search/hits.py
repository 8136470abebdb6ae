"""What a search shows comes from the database, whatever the index still holds.

The index may lag behind the database (the outbox is applied after the commit, or the engine is
down): a thread hidden a minute ago, or a message masked since, can still be in it. So every
search surface (results, suggestions, similar threads) takes only ids from the engine, keeps
those that are public now and renders the current public text, marked here, in a constant
number of queries.
"""

from django.db.models import Prefetch
from django.urls import reverse

from feedback.models import Issue, Message
from feedback.workflow import Status

from .models import PendingIndexUpdate
from .results import Hit
from .text import mark_terms, snippet, term_spans

SNIPPET_WIDTH = 120
MAX_LAGGING = 1000  # ids sent to the engine to leave out; the outbox is short in practice


def for_rows(queryset):
    """`queryset` (of public threads) with everything a result row shows, in a constant
    number of queries."""
    messages = Prefetch(
        "messages",
        queryset=Message.objects.public().order_by("created_at", "pk"),
        to_attr="search_messages",
    )
    return queryset.for_list().prefetch_related(messages)


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


def summaries(ids, size):
    """Suggestions and similar threads: the public ones among `ids`, in that order, one entry
    per title (two threads named alike read as a duplicate in a list of titles)."""
    rows = {
        row["pk"]: row
        for row in Issue.objects.public().filter(pk__in=ids).values("pk", "title", "status")
    }
    found, titles = [], set()
    for pk in ids:
        row = rows.get(pk)
        if row is None or row["title"] in titles:
            continue
        titles.add(row["title"])
        found.append(summary(row))
        if len(found) == size:
            break
    return found


def summary(row):
    return {
        "id": row["pk"],
        "title": row["title"],
        "url": reverse("feedback:issue", args=[row["pk"]]),
        "status": str(Status(row["status"]).label) if row["status"] in Status.values else "",
    }


def lagging_ids():
    """Threads the index may still show although they are no longer public: an index update is
    pending for them (one query; the engine leaves them out of counts and facets too)."""
    return list(
        PendingIndexUpdate.objects.filter(model=PendingIndexUpdate.Model.ISSUE)
        .exclude(object_id__in=Issue.objects.public().values("pk"))
        .values_list("object_id", flat=True)[:MAX_LAGGING]
    )
