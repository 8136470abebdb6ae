"""What the search engine holds: public issue threads and live public CMS pages.

Each document declares its fields, says which objects may be indexed (`get_queryset`, public
only) and how an object becomes a document (`prepare_<field>`). Nothing private is ever
prepared: no contact details, no internal notes, no text from before masking (``submitted_*``),
no unpublished, rejected or hidden thread.
"""

import hashlib
import json

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from elasticsearch_dsl import Completion, Date, Document, Float, Integer, Keyword, Text
from wagtail.models import Page

from feedback.models import Assignment, Issue, Message
from polls.models import Poll

from .analysis import TEXT_FIELDS, get_analysis, index_settings, zh_keyword


def chinese_text(analysis=None):
    """A full-text field analysed the way `analysis` says (default: the chosen analysis)."""
    return Text(**get_analysis(analysis).text_mapping())


class IndexedDocument(Document):
    """Shared behaviour: preparing a source dict, fingerprints, index bodies per analysis."""

    kind = ""  # the index name's suffix: <prefix>-<kind>
    text_fields = ()

    @classmethod
    def index_body(cls, analysis=None):
        """Settings and mappings of a new index, with the text fields analysed per `analysis`."""

        chosen = get_analysis(analysis)
        mappings = cls._doc_type.mapping.to_dict()
        for name in cls.text_fields:
            mappings["properties"][name] = chosen.text_mapping()
        settings = index_settings()
        settings["analysis"] = chosen.analysis_settings()
        return {"settings": settings, "mappings": mappings}

    @classmethod
    def prepare(cls, obj):
        """The document's source for `obj`, with a fingerprint that repair compares."""
        source = {}
        for name in cls._doc_type.mapping:
            if name == "fingerprint":
                continue
            preparer = getattr(cls, f"prepare_{name}", None)
            source[name] = preparer(obj) if preparer else getattr(obj, name, None)
        source = json.loads(json.dumps(source, default=_json_default))
        source["fingerprint"] = fingerprint(source)
        return source


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Cannot index {type(value).__name__}")


def fingerprint(source):
    data = {k: v for k, v in source.items() if k != "fingerprint"}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


class IssueThreadDocument(IndexedDocument):
    """A public issue thread: the moderated post, its public messages and its metadata."""

    kind = "issues"
    model = "issue"
    text_fields = tuple(TEXT_FIELDS)

    title = chinese_text()
    body = chinese_text()
    replies = chinese_text()
    location = chinese_text()
    title_suggest = Completion(analyzer=zh_keyword, preserve_separators=False, max_input_length=60)
    departments = Keyword()
    department_names = Keyword()
    category = Keyword()
    category_name = Keyword()
    district = Keyword()
    district_name = Keyword()
    status = Keyword()
    published_at = Date()
    last_activity_at = Date()
    year = Integer()
    support_count = Integer()
    satisfaction = Float()
    url = Keyword(index=False)
    fingerprint = Keyword(index=False)

    class Index:
        name = "echowall-issues-unused"  # real names come from search.analysis at run time

    @classmethod
    def get_queryset(cls):

        queryset = (
            Issue.objects.public()
            .select_related("category", "district")
            .prefetch_related(
                Prefetch(
                    "messages",
                    queryset=Message.objects.public().order_by("created_at", "pk"),
                    to_attr="indexed_messages",
                ),
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("department").order_by("pk"),
                    to_attr="indexed_assignments",
                ),
            )
        )
        return queryset.prefetch_related(
            Prefetch(
                "polls",
                queryset=Poll.objects.with_results()
                .filter(closed_at__isnull=False)
                .order_by("-round"),
                to_attr="indexed_closed_polls",
            )
        )

    @staticmethod
    def object_id(issue):
        return issue.pk

    @classmethod
    def prepare_replies(cls, issue):
        return "\n".join(m.body for m in issue.indexed_messages)

    @classmethod
    def prepare_title_suggest(cls, issue):
        return {"input": suggest_inputs(issue.title), "weight": min(issue.support_count, 1000) + 1}

    @classmethod
    def _departments(cls, issue):
        return list({a.department_id: a.department for a in issue.indexed_assignments}.values())

    @classmethod
    def prepare_departments(cls, issue):
        return [d.slug for d in cls._departments(issue)]

    @classmethod
    def prepare_department_names(cls, issue):
        return [d.name for d in cls._departments(issue)]

    @classmethod
    def prepare_category(cls, issue):
        return issue.category.slug

    @classmethod
    def prepare_category_name(cls, issue):
        return issue.category.name

    @classmethod
    def prepare_district(cls, issue):
        return issue.district.slug

    @classmethod
    def prepare_district_name(cls, issue):
        return issue.district.name

    @classmethod
    def prepare_status(cls, issue):
        # What the badge says, so that the status facet and filter agree with the wall.
        return issue.shown_status.value

    @classmethod
    def prepare_year(cls, issue):
        return timezone.localtime(issue.published_at).year if issue.published_at else None

    @classmethod
    def prepare_satisfaction(cls, issue):
        # Public satisfaction of the latest closed poll round (final results only), 0..1.
        rate = getattr(issue, "satisfaction_rate", None)
        if rate is None:
            polls = [p for p in getattr(issue, "indexed_closed_polls", []) if p.public_total]
            rate = polls[0].public_satisfaction_pct / 100 if polls else None
        try:
            return float(rate) if rate is not None else None
        except (TypeError, ValueError):
            return None

    @classmethod
    def prepare_url(cls, issue):
        return issue.get_absolute_url()


def suggest_inputs(title, limit=24):
    """Completion inputs: the title and its tails, so that typing a word inside it suggests it."""
    title = " ".join((title or "").split())
    inputs = [title]
    for start in range(1, len(title) - 1):
        if len(inputs) >= limit:
            break
        tail = title[start:].lstrip()
        if len(tail) >= 2 and tail not in inputs:
            inputs.append(tail)
    return inputs


class CmsPageDocument(IndexedDocument):
    """A live, public Wagtail page (typical cases, results bulletins, the home page...)."""

    kind = "pages"
    model = "page"
    text_fields = ("title", "search_text")

    title = chinese_text()
    search_text = chinese_text()
    page_type = Keyword()
    url = Keyword(index=False)
    date = Date()
    fingerprint = Keyword(index=False)

    class Index:
        name = "echowall-pages-unused"

    @classmethod
    def get_queryset(cls):

        return Page.objects.live().public().filter(depth__gt=1).specific().order_by("pk")

    @staticmethod
    def object_id(page):
        return page.pk

    @classmethod
    def prepare_search_text(cls, page):

        parts = [page.search_description or ""]
        own_fields = {f.name for f in Page._meta.get_fields()}
        for model_field in type(page)._meta.get_fields():
            if model_field.name in own_fields or not getattr(model_field, "concrete", False):
                continue
            value = getattr(page, model_field.name, None)
            if hasattr(model_field, "get_searchable_content"):
                parts.extend(str(p) for p in model_field.get_searchable_content(value))
            elif isinstance(value, str):
                parts.append(value)
        # What a page type adds beyond its own fields (a case's departments, an analysis's topics).
        extra = getattr(page, "search_extra_text", None)
        if extra is not None:
            parts.append(extra())
        return strip_tags("\n".join(p for p in parts if p)).strip()

    @classmethod
    def prepare_page_type(cls, page):
        return str(page.specific_class._meta.verbose_name)

    @classmethod
    def prepare_url(cls, page):
        return page.get_url() or page.url_path

    @classmethod
    def prepare_date(cls, page):
        return page.last_published_at or page.first_published_at


DOCUMENTS = {document.model: document for document in (IssueThreadDocument, CmsPageDocument)}
