from .analysis import AnalysisIndexPage, AnalysisPage
from .bulletins import BulletinIndexPage, BulletinPage, BulletinSettings
from .cases import TypicalCaseIndexPage, TypicalCasePage, TypicalCaseThread
from .pages import HomePage

__all__ = [
    "AnalysisIndexPage",
    "AnalysisPage",
    "BulletinIndexPage",
    "BulletinPage",
    "BulletinSettings",
    "HomePage",
    "TypicalCaseIndexPage",
    "TypicalCasePage",
    "TypicalCaseThread",
]
