"""Query-time synonym expansion from the editors' `SynonymGroup` list.

The groups are cached and the cache is dropped whenever a group is saved or deleted, so an
editor's change applies to the next search without a deploy or a re-index.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import SynonymGroup
from .text import fold, split_terms

CACHE_KEY = "search:synonym-groups:v1"


def groups():
    """Active groups as tuples of folded terms, cached until an editor changes one."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = [
            tuple(dict.fromkeys(fold(term) for term in split_terms(terms)))
            for terms in SynonymGroup.objects.filter(is_active=True).values_list("terms", flat=True)
        ]
        cached = [group for group in cached if len(group) > 1]
        cache.set(CACHE_KEY, cached, 3600)
    return cached


@receiver([post_save, post_delete], sender=SynonymGroup)
def _drop_cache(**kwargs):
    cache.delete(CACHE_KEY)


@dataclass(frozen=True)
class Expansion:
    term: str  # the word found in the query
    alternatives: tuple  # the other words of its group


def expansions(query):
    """The synonym groups a query touches: each word found in it and its alternatives."""
    folded = fold(query)
    found = []
    for group in groups():
        for term in sorted(group, key=len, reverse=True):
            if term and term in folded:
                found.append(Expansion(term, tuple(t for t in group if t != term)))
                break
    return found


def variants(query, limit=6):
    """The query rewritten with each alternative in place of the word it stands for."""
    folded = fold(query)
    rewritten = []
    for expansion in expansions(query):
        for alternative in expansion.alternatives:
            rewritten.append(folded.replace(expansion.term, alternative))
    return list(dict.fromkeys(rewritten))[:limit]


def load_from_file(path, replace=False):
    """Seed groups from a text file: one group a line, words separated by commas or spaces."""
    lines = [line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    if replace:
        SynonymGroup.objects.all().delete()
    existing = {tuple(g.term_list()) for g in SynonymGroup.objects.all()}
    created = 0
    for line in lines:
        terms = split_terms(line.replace("=>", ","))
        if len(terms) > 1 and tuple(terms) not in existing:
            SynonymGroup.objects.create(terms=", ".join(terms))
            existing.add(tuple(terms))
            created += 1
    cache.delete(CACHE_KEY)
    return created
