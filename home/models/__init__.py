"""Wagtail pages, one module per page family."""

from .cases import TypicalCaseIndexPage, TypicalCasePage, TypicalCaseThread
from .pages import HomePage

__all__ = ["HomePage", "TypicalCaseIndexPage", "TypicalCasePage", "TypicalCaseThread"]
