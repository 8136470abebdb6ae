"""Wagtail pages, one module per page family."""

from .bulletins import BulletinIndexPage, BulletinPage, BulletinSettings
from .pages import HomePage

__all__ = ["BulletinIndexPage", "BulletinPage", "BulletinSettings", "HomePage"]
