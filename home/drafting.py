"""Drafting results bulletins when their period ends (`manage.py draft_bulletins`, from cron).

For each kind the settings enable, the latest complete period is drafted once its end plus the
cut-off delay has passed, unless a bulletin of that period exists (live or draft): running it
every hour, twice at once or after a failure drafts each bulletin exactly once. A draft is not
live; editors find it in the admin, add their commentary and submit it to the chief editor.
"""

from django.utils import timezone

from reporting.bulletins import KINDS
from reporting.periods import Period

from .models import BulletinIndexPage, BulletinPage, BulletinSettings


def due_periods(bulletin_settings, now=None, kinds=None):
    """The latest complete period of each enabled kind whose drafting time has come."""
    now = now or timezone.now()
    kinds = kinds or bulletin_settings.drafted_kinds()
    periods = [Period.latest_complete(kind, timezone.localdate(now)) for kind in kinds]
    return [period for period in periods if bulletin_settings.draft_time(period) <= now]


def draft_bulletins(kinds=None, period=None, now=None):
    """Draft what is due (or the one `period` asked for): [(page, created)]."""
    index = BulletinIndexPage.objects.first()
    if index is None:
        return []
    bulletin_settings = BulletinSettings.for_site(index.get_site())
    if period is not None:
        periods = [period]
    else:
        periods = due_periods(bulletin_settings, now, [k for k in kinds or [] if k in KINDS])
    return [BulletinPage.draft_for(index, period, bulletin_settings) for period in periods]
