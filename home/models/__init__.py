"""Wagtail pages, one module per page family."""

from .analysis import AnalysisIndexPage, AnalysisPage
from .cases import TypicalCaseIndexPage, TypicalCasePage, TypicalCaseThread
from .pages import HomePage

__all__ = [
    "AnalysisIndexPage",
    "AnalysisPage",
    "HomePage",
    "TypicalCaseIndexPage",
    "TypicalCasePage",
    "TypicalCaseThread",
]
