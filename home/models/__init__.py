"""Wagtail pages, one module per page family."""

from .pages import HomePage

__all__ = ["HomePage"]
