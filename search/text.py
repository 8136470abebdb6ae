"""Text helpers shared by both search backends: folding, query cleaning, DB highlighting."""

import re
import unicodedata

import zhconv
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 100
TERM_SEPARATORS = re.compile(r"[,，、;；\s]+")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORDS = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff]+")


def fold(text):
    """Traditional to simplified characters, full-width to half-width, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    return zhconv.convert(text, "zh-cn").lower()


def clean_query(raw):
    """What a search box may send: printable, single-spaced, at most MAX_QUERY_LENGTH characters.

    Returns (query, truncated).
    """
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), truncated


def split_terms(text):
    seen, terms = set(), []
    for term in TERM_SEPARATORS.split(text or ""):
        term = term.strip()
        if term and term not in seen:
            seen.add(term)
            terms.append(term)
    return terms


def words(text):
    """Runs of letters, digits and Chinese characters: punctuation never reaches a query."""
    return WORDS.findall(text or "")


def bigrams(text):
    """Overlapping character pairs of each word (a single character stays itself)."""
    grams = []
    for word in words(text):
        if len(word) <= 2:
            grams.append(word)
        else:
            grams.extend(word[i : i + 2] for i in range(len(word) - 1))
    return list(dict.fromkeys(grams))


def fold_aligned(text):
    """`fold(text)` with one character per character of `text`, so positions carry over."""
    text = text or ""
    whole = fold(text)
    if len(whole) == len(text):
        return whole
    return "".join(f if len(f := fold(ch)) == 1 else ch.lower() for ch in text)


def term_spans(text, terms):
    """Where `terms` occur in `text` (folded: 路灯 is found in 路燈), overlaps merged."""
    folded = fold_aligned(text)
    spans = []
    for term in {fold(t) for t in terms if t}:
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_terms(text, terms):
    """HTML-escaped `text` with each occurrence of `terms` wrapped in <mark>."""
    text = text or ""
    pieces, last = [], 0
    for start, end in term_spans(text, terms):
        pieces += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def snippet(text, terms, width=120):
    """A window of `text` around the first term found, with the terms marked."""
    text = text or ""
    spans = term_spans(text, terms)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + mark_terms(piece, terms) + suffix)
