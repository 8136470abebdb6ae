"""The media site's demo: a year of monthly results bulletins and the last three quarters' ones.

Each is drafted in the builder's timeline at its period's end plus 7 minutes (as the hourly
`draft_bulletins` would), so its figures are those of that moment and later outcomes do not
change it; three days later at 10:00 the editor writes a commentary and submits it to the
workflow, and the next day the chief editor approves it (published). The latest monthly
bulletin is left awaiting the chief editor's approval: the newcomer's first task in the admin.
PDFs are not rendered while loading (a second each): the `pdf/` route renders one on first
request, the worker on the next publication.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.html import escape

from demo.hot_topics import hot_spots_block
from home.models import BulletinIndexPage, BulletinPage, BulletinSettings
from reporting.periods import Period

EDITOR_USERNAME, CHIEF_EDITOR_USERNAME = "editor", "chief_editor"
EDITORS, CHIEF_EDITORS = "Editors", "Chief editors"  # made by home's migration 0005
MONTHS, QUARTERS = 12, 3
DRAFT_DELAY = timedelta(minutes=7)


def build_editors(password, logins, login_class):
    """The editor (编辑) and the chief editor (总编辑) accounts, listed with the demo logins."""
    User = get_user_model()
    accounts = {}
    for username, group, first_name in (
        (EDITOR_USERNAME, EDITORS, "编辑部编辑"),
        (CHIEF_EDITOR_USERNAME, CHIEF_EDITORS, "总编辑"),
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "password": make_password(password),
                "first_name": first_name,
            },
        )
        user.groups.add(Group.objects.get(name=group))
        accounts[username] = user
        logins.append(login_class(username, group, password if created else ""))
    return accounts[EDITOR_USERNAME], accounts[CHIEF_EDITOR_USERNAME]


def reset_bulletins():
    """What `load_initial_data --reset` removes of the media site: the bulletins (the index and
    the editors' accounts stay)."""
    for page in BulletinPage.objects.order_by("-path"):
        page.delete()


class BulletinTimeline:
    """Dated actions [(moment, callable)] for the builder's timeline."""

    def __init__(self, now, editor, chief_editor):
        self.now, self.editor, self.chief_editor = now, editor, chief_editor
        self.index = BulletinIndexPage.objects.get()
        self.settings = BulletinSettings.for_site(self.index.get_site())

    def periods(self):
        today = self.now.date()
        periods = []
        for kind, count in (("month", MONTHS), ("quarter", QUARTERS)):
            period = Period.latest_complete(kind, today)
            for _number in range(count):
                periods.append(period)
                period = period.previous()
        return periods

    def hot_spot_periods(self):
        """The months whose bulletins carry the hot spots of their month: the latest (awaiting
        approval) and the one before (published)."""
        latest_month = Period.latest_complete("month", self.now.date())
        return [latest_month, latest_month.previous()]

    def actions(self):
        latest_month = Period.latest_complete("month", self.now.date())
        actions = []
        for period in self.periods():
            drafted = period.end + DRAFT_DELAY
            submitted = drafted + timedelta(days=3, hours=10)
            approved = submitted + timedelta(days=1)
            if drafted >= self.now:
                continue
            actions.append((drafted, self.drafter(period)))
            if period == latest_month:
                # Left for the newcomer to approve: submitted as soon as possible.
                submitted = min(submitted, self.now - timedelta(minutes=1))
                actions.append((max(submitted, drafted), self.submitter(period)))
            elif approved < self.now:
                actions.append((submitted, self.submitter(period)))
                actions.append((approved, self.approver(period)))
        return actions

    def page(self, period):
        return BulletinPage.objects.child_of(self.index).get(slug=BulletinPage.slug_for(period))

    def drafter(self, period):
        return lambda: BulletinPage.draft_for(self.index, period, self.settings)

    def submitter(self, period):
        def submit():
            page = self.page(period)
            page.commentary = commentary(page)
            if period in self.hot_spot_periods():
                page.body = [hot_spots_block()]
            page.save_revision(user=self.editor)
            page.get_workflow().start(page, self.editor)

        return submit

    def approver(self, period):
        def approve():
            page = self.page(period)
            task_state = page.current_workflow_task_state
            task_state.task.specific.on_action(task_state, self.chief_editor, "approve")

        return approve


def commentary(page):
    """The editor's commentary: what the frozen figures say, in the bulletin's own words."""
    figures = page.frozen
    named = {unit.name for units in figures.lists["named"].values() for unit in units}
    praised = {unit.name for units in figures.lists["praised"].values() for unit in units}
    parts = [f"<p>{escape(page.summary)}</p>"]
    if praised:
        parts.append(f"<p>提出表扬：{escape('、'.join(sorted(praised)))}，办理及时、答复规范。</p>")
    if named:
        parts.append(
            f"<p>予以通报：{escape('、'.join(sorted(named)))}，请于下期前整改并报送整改情况。</p>"
        )
    if not named and not praised:
        parts.append("<p>本期各单位样本较少，暂不排名，请继续做好诉求办理工作。</p>")
    return "".join(parts)
