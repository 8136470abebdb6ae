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


def mark_terms(text, terms):
    """HTML-escape `text`, then wrap each occurrence of `terms` in <mark> (longest first)."""
    escaped = escape(text or "")
    escaped_terms = sorted({escape(t) for t in terms if t}, key=len, reverse=True)
    if not escaped_terms:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(t) for t in escaped_terms), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


def snippet(text, terms, width=120):
    """A window of `text` around the first term found, with the terms marked."""
    text = text or ""
    positions = [text.lower().find(t.lower()) for t in terms if t]
    positions = [p for p in positions if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + mark_terms(piece, terms) + suffix)
