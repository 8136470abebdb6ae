"""The database fallback: the same interface as `IssueSearch`, without an engine.

Chinese has no spaces, so matching is by substring (``icontains``) over title, body and public
messages: the query is folded to simplified characters and half-width, each word is looked up
whole, with its synonyms, and long words also by their character pairs, so 路灯不亮 still finds
路灯坏了. Which rows count is the relevance floor both backends share (`search.floor`). Rows are
scored in SQL (title matches count most) and every page costs a constant number of queries
whatever the query (the number of words and pairs is capped).
"""

import operator
from functools import reduce

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.db.models.lookups import GreaterThanOrEqual
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from feedback.models import Assignment, Issue, Message

from . import hits, synonyms
from .base import BaseIssueSearch
from .floor import Floor, marked_terms
from .options import FACETS, sort_for
from .results import SearchPage, build_facets
from .text import bigrams, fold, mark_terms, words

MAX_TERMS = 12
MAX_FOUND = 10_000  # threads a database search counts at most


def query_terms(query):
    """(weighted terms, terms to mark): whole words and synonyms weigh more than pairs."""
    folded = fold(query)
    weighted = {}
    for word in words(folded):
        weighted[word] = 3
        if len(word) > 2:
            for gram in bigrams(word):
                weighted.setdefault(gram, 1)
    for expansion in synonyms.expansions(query):
        for alternative in expansion.alternatives:
            weighted.setdefault(alternative, 2)
    for word in words(query):  # the query as typed, in case the text itself is traditional
        weighted.setdefault(word.lower(), 3)
    terms = sorted(weighted.items(), key=lambda item: (-item[1], -len(item[0])))[:MAX_TERMS]
    return terms


def _contains(term):
    messages = Message.objects.public().filter(issue=OuterRef("pk"), body__icontains=term)
    return (
        Case(
            When(title__icontains=term, then=Value(4)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        Case(
            When(Q(body__icontains=term) | Q(location__icontains=term), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        Case(When(Exists(messages), then=Value(1)), default=Value(0), output_field=IntegerField()),
    )


def _found(term):
    """The thread's title, body, location or one of its public messages contains `term`."""
    messages = Message.objects.public().filter(issue=OuterRef("pk"), body__icontains=term)
    return (
        Q(title__icontains=term)
        | Q(body__icontains=term)
        | Q(location__icontains=term)
        | Q(Exists(messages))
    )


def term_counts(terms):
    """How many public threads contain each term, and how many there are: one query."""
    if not terms:
        return {}, 0
    row = Issue.objects.public().aggregate(
        total=Count("pk"),
        **{f"t{i}": Count("pk", filter=_found(term)) for i, term in enumerate(terms)},
    )
    return {term: row[f"t{i}"] for i, term in enumerate(terms)}, row["total"]


def floor_condition(query):
    """The relevance floor (search.floor) as a condition on public threads."""
    floor = Floor(query)
    condition = Q(pk__in=[])
    for requirement in floor.requirements(*term_counts(floor.terms)):
        found = [_found(term) for term in requirement.terms]
        if requirement.needed == 1:
            condition |= reduce(operator.or_, found)
        elif requirement.needed == len(found):
            condition |= reduce(operator.and_, found)
        else:
            count = sum(
                (
                    Case(When(f, then=Value(1)), default=Value(0), output_field=IntegerField())
                    for f in found
                ),
                Value(0),
            )
            condition |= Q(GreaterThanOrEqual(count, requirement.needed))
    return condition


class DatabaseIssueSearch(BaseIssueSearch):
    """Public issue threads searched in the database."""

    backend = "database"

    def _filtered(self):
        queryset = Issue.objects.public()
        for name, value in self.filters.items():
            field = FACETS[name].database_field
            if name == "department":
                # Any round's department, as a subquery: one row per issue without DISTINCT.
                assigned = Assignment.objects.filter(**{field: value}).values("issue_id")
                queryset = queryset.filter(pk__in=assigned)
            elif name == "year":
                queryset = queryset.annotate(facet_year=ExtractYear(field)).filter(
                    facet_year=int(value)
                )
            elif name == "status":
                queryset = queryset.shown_as(value)  # as the badges say, like the wall's filter
            else:
                queryset = queryset.filter(**{field: value})
        return queryset

    def _matching(self):
        """(threads found, with a score; how many, or None when not counted yet)."""
        queryset = self._filtered()
        if not self.query:
            return queryset.annotate(score=Value(0, output_field=IntegerField())), None
        # The floor costs a scan with many LIKEs: run it once, then work on its ids.
        found = list(
            queryset.filter(floor_condition(self.query)).values_list("pk", flat=True)[:MAX_FOUND]
        )
        score = Value(0, output_field=IntegerField())
        for term, weight in query_terms(self.query):
            title, body, replies = _contains(term)
            score = score + (title + body + replies) * Value(weight)
        return Issue.objects.filter(pk__in=found).annotate(score=score), len(found)

    def _sort_fields(self):
        return sort_for(self.sort_key, self.query).database

    def ranked_ids(self, size=10):
        queryset, _total = self._matching()
        return list(queryset.order_by(*self._sort_fields()).values_list("pk", flat=True)[:size])

    def page(self, number=1, size=None):
        size = self.default_size(size)
        number = self.page_number(number)
        queryset, total = self._matching()
        total = queryset.count() if total is None else total
        rows = hits.for_rows(queryset.order_by(*self._sort_fields()))
        rows = list(rows[(number - 1) * size : number * size])
        return SearchPage(
            hits=hits.rendered_hits(rows, marked_terms(self.query) if self.query else []),
            total=total,
            number=number,
            size=size,
            facets=build_facets(self._facet_counts(queryset), self.filters),
            backend=self.backend,
        )

    def _facet_counts(self, queryset):
        ids = queryset.values("pk")
        base = Issue.objects.filter(pk__in=ids).with_shown_status()

        def grouped(qs, key):
            return {str(row[key]): row["n"] for row in qs}

        counts = {}
        for name, facet in FACETS.items():
            key = facet.database_field
            if name == "department":
                rows = Assignment.objects.filter(issue__in=ids).values(key)
                rows = rows.annotate(n=Count("issue", distinct=True))
            elif name == "year":
                key = "facet_year"
                rows = base.annotate(facet_year=ExtractYear(facet.database_field)).values(key)
                rows = rows.annotate(n=Count("pk"))
            else:
                rows = base.values(key).annotate(n=Count("pk"))
            counts[name] = grouped(rows.order_by(), key)
        return counts

    def suggest(self, prefix, size=8):
        prefix = " ".join((prefix or "").split())[:60]
        if not prefix:
            return []
        folded = fold(prefix)
        condition = Q(title__icontains=folded) | Q(title__icontains=prefix)
        rows = (
            Issue.objects.public()
            .filter(condition)
            .annotate(
                starts=Case(
                    When(title__startswith=folded, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("-starts", "-support_count", "-published_at")
            .values_list("pk", flat=True)[: size * 4]
        )
        return hits.summaries(list(rows), size)

    def more_like_this(self, text, size=5):
        grams = bigrams(fold(text))[:20]
        if not grams:
            return []
        shared = Value(0, output_field=IntegerField())
        for gram in grams:
            shared = shared + Case(
                When(title__icontains=gram, then=Value(2)),
                When(body__icontains=gram, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        needed = max(2, len(grams) * 3 // 10)
        rows = (
            Issue.objects.public()
            .annotate(shared=shared)
            .filter(shared__gte=needed)
            .order_by("-shared", "-support_count", "-pk")
            .values_list("pk", flat=True)[: size * 3]
        )
        return hits.summaries(list(rows), size)


def page_text_fields():
    """Lookups from `Page` to every page type's own text fields (rich text included: Chinese is
    stored as is in its HTML), e.g. ``typicalcasepage__problem``. StreamFields are left out:
    their JSON escapes Chinese as \\uXXXX, so a substring match cannot find it."""
    lookups, own = [], {f.name for f in Page._meta.get_fields()}
    for model in get_page_models():
        if model is Page:
            continue
        for field in model._meta.get_fields():
            text = isinstance(field, (CharField, TextField)) and not isinstance(field, StreamField)
            if text and field.concrete and field.name not in own:
                lookups.append(f"{model._meta.model_name}__{field.name}")
    return lookups


class DatabasePageSearch:
    """Live public CMS pages searched in the database (title and search description)."""

    backend = "database"

    def results(self, query, size=5):

        if not query:
            return []
        folded = fold(query)
        condition = Q()
        text_fields = page_text_fields()
        for term in {folded, query}:
            condition |= Q(title__icontains=term) | Q(search_description__icontains=term)
            for lookup in text_fields:
                condition |= Q(**{f"{lookup}__icontains": term})
        pages = Page.objects.live().public().filter(depth__gt=1).filter(condition).specific()
        return [
            {
                "title_html": mark_terms(page.title, [folded, query]),
                "snippet_html": mark_terms(page.search_description[:120], [folded, query]),
                "url": page.get_url() or page.url_path,
                "page_type": str(page.specific_class._meta.verbose_name),
            }
            for page in pages[:size]
        ]
