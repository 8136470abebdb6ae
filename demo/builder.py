"""Build the demo: reference data, accounts, then issues walked through the real workflow.

Each demo issue gets a target state and a forward plan of dated steps (submit, publish or reject,
assign, replies, notes, follow-ups, resolve, reopen, close, hide). Moderators work 7:30–22:30 any
day, departments answer in office hours on working days; each department has its own pace and
share of late answers (`tables.DepartmentRow`). All steps of all issues are then run in time
order with the clock set to each step's moment (`time_machine.travel(..., tick=False)`), through
the same model methods the site uses, so stamps, assignments, events, redactions and Wagtail log
entries are exactly what real use would have produced.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from core.conf import setting
from demo import bulletins, escalations, merges, text
from demo.accounts import build_group_account
from demo.cases import build_media_pages
from demo.desk_week import DeskWeek, support_votes
from demo.hot_topics import build_hot_topics
from demo.tables import BUS_LINES, CATEGORIES, DEPARTMENTS, DISTRICTS
from demo.topics import REJECTION_NOTES, TOPICS
from feedback.models import Category, Department, DepartmentStaff, District, Issue, Message
from feedback.permissions import DEPARTMENT_STAFF_GROUP, MODERATOR_GROUP, is_moderator
from feedback.privacy import mask_text
from feedback.services import add_follow_up, submit_issue
from feedback.workflow import Status
from reporting.desk_access import MEDIA_STAFF_GROUP

ADMIN_USERNAME = "admin"
MODERATOR_USERNAME = "moderator"
STAFF_SUFFIX = "_staff"
# Topics that draw more "me too" votes.
HOT_TOPICS = {
    "parking": 2.0,
    "noise": 1.6,
    "water": 1.5,
    "wage-arrears": 1.4,
    "schools": 1.5,
    "property-management": 1.4,
    "buses": 1.3,
    "drainage": 1.3,
}
# How far a dated plan may be moved to fit its state (see `Planner.plan`).
MAX_SHIFT_WEEKS = 8


def staff_username(department_slug):
    return department_slug.replace("-", "_") + STAFF_SUFFIX


def demo_usernames():
    return [ADMIN_USERNAME, MODERATOR_USERNAME, *(staff_username(d.slug) for d in DEPARTMENTS)]


def demo_email(username):
    """Demo accounts are recognised by name and this address, so a reset spares real ones."""
    return f"{username}@example.org"


def demo_accounts():
    User = get_user_model()
    names = demo_usernames()
    return User.objects.filter(username__in=names, email__in=[demo_email(n) for n in names])


# --- reference data and accounts -----------------------------------------------------------------


def build_reference_data():
    """Departments, categories, districts (updated in place when they exist): by slug."""
    departments = {}
    for order, row in enumerate(DEPARTMENTS):
        departments[row.slug], _created = Department.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.name,
                "short_name": row.short_name,
                "phone": row.phone,
                "description": row.description,
                "sort_order": order,
                "is_active": True,
            },
        )
    categories = {}
    for order, row in enumerate(CATEGORIES):
        categories[row.slug], _created = Category.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.name,
                "default_department": departments[row.department],
                "sort_order": order,
            },
        )
    districts = {}
    for order, row in enumerate(DISTRICTS):
        districts[row.slug], _created = District.objects.update_or_create(
            slug=row.slug, defaults={"name": row.name, "sort_order": order}
        )
    return departments, categories, districts


@dataclass
class Login:
    username: str
    role: str
    password: str  # "" when an existing account was left as it was


def build_accounts(departments, password):
    """Groups with Wagtail admin access, the superuser, a moderator and one staff account per
    department. Accounts that already exist keep their password, except the demo staff ones."""
    User = get_user_model()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    moderators, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    staff_group, _created = Group.objects.get_or_create(name=DEPARTMENT_STAFF_GROUP)
    moderators.permissions.add(access_admin)
    staff_group.permissions.add(access_admin)
    # One hash for every demo account: PBKDF2 takes a noticeable time per call.
    encoded = make_password(password)
    logins = []

    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create(
            username=ADMIN_USERNAME,
            email=demo_email(ADMIN_USERNAME),
            password=encoded,
            first_name="系统管理员",
            is_staff=True,
            is_superuser=True,
        )
        logins.append(Login(ADMIN_USERNAME, "superuser", password))
    else:
        logins.append(Login(ADMIN_USERNAME, "superuser (existing account)", ""))

    moderator, created = User.objects.get_or_create(
        username=MODERATOR_USERNAME,
        defaults={
            "email": demo_email(MODERATOR_USERNAME),
            "password": encoded,
            "first_name": "回音壁审核员",
        },
    )
    moderator.groups.add(moderators)
    logins.append(Login(MODERATOR_USERNAME, MODERATOR_GROUP, password if created else ""))

    staff = {}
    for slug, department in departments.items():
        username = staff_username(slug)
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "email": demo_email(username),
                "password": encoded,
                "first_name": f"{department.short_name or department.name}联络员",
                "is_active": True,
            },
        )
        user.groups.add(staff_group)
        DepartmentStaff.objects.update_or_create(user=user, defaults={"department": department})
        user.refresh_from_db()  # fresh reverse one-to-one cache for the permission checks
        staff[slug] = user
        logins.append(Login(username, f"{DEPARTMENT_STAFF_GROUP}: {department.name}", password))
    return admin, moderator, staff, logins


# --- planning ------------------------------------------------------------------------------------


@dataclass
class Step:
    at: datetime
    kind: str
    args: dict = field(default_factory=dict)


@dataclass
class Plan:
    """One demo issue: what it is about, where, and its dated steps."""

    target: str
    topic: object
    variant: int  # which of the topic's cases (title, body, finding, action)
    place: object
    post: object
    departments: list = field(default_factory=list)  # slugs, lead first
    steps: list = field(default_factory=list)
    reason: str = ""
    hidden: bool = False
    reopen: bool = False
    escalate: bool = False  # sent back until escalated (提级督办, `demo.escalations`)
    issue: Issue | None = None
    due_date: object = None
    follow_ups: dict = field(default_factory=dict)
    # 并单: the earlier thread's plan this report is merged into (`demo.merges`).
    merge_into: "Plan | None" = None
    desk_role: str = ""  # its part in the last complete week's TV desk (`demo.desk_week`)

    @property
    def last(self):
        return self.steps[-1].at


def quotas(total):
    """How many issues end in each state; the rest are closed (the bulk of a year's history)."""
    share = {
        Status.SUBMITTED: (0.045, 5),
        Status.REJECTED: (0.06, 3),
        Status.PUBLISHED: (0.025, 3),
        "overdue": (0.04, 3),
        Status.ASSIGNED: (0.05, 3),
        Status.ANSWERED: (0.125, 5),
        Status.RESOLVED: (0.13, 5),
    }
    counts = {key: max(minimum, round(total * part)) for key, (part, minimum) in share.items()}
    counts[Status.CLOSED] = total - sum(counts.values())
    if counts[Status.CLOSED] < 5:
        raise ValueError("too few issues for a demo with every state; use at least 40")
    return counts


class Planner:
    def __init__(self, rng, now):
        self.rng = rng
        self.now = now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.pace = {row.slug: row for row in DEPARTMENTS}
        self.due_days = setting("DEFAULT_DUE_DAYS")

    # time helpers --------------------------------------------------------------------------------

    def _days(self, median, low, high):
        value = self.rng.lognormvariate(math.log(median), 0.9)
        return timedelta(days=min(max(value, low), high))

    def _at_local(self, day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def moderator_hours(self, moment):
        local = moment.astimezone(self.tz)
        if time(7, 30) <= local.time() <= time(22, 30):
            return moment
        day = local.date() if local.time() < time(7, 30) else local.date() + timedelta(days=1)
        return self._at_local(day, 7, 30) + timedelta(minutes=self.rng.randint(0, 150))

    def office_hours(self, moment):
        """Working days 8:30–17:30; about one answer in ten is written in the evening anyway."""
        local = moment.astimezone(self.tz)
        if self.rng.random() < 0.1 and local.weekday() < 5 and local.hour < 22:
            return moment
        day = local.date()
        if local.time() > time(17, 30):
            day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        if day == local.date() and time(8, 30) <= local.time() <= time(17, 30):
            return moment
        return self._at_local(day, 8, 30) + timedelta(minutes=self.rng.randint(0, 240))

    def citizen_time(self, day):
        hour = self.rng.choices(
            range(24),
            weights=[1, 1, 0, 0, 0, 1, 2, 4, 6, 7, 7, 6, 5, 5, 5, 5, 5, 5, 6, 8, 9, 9, 6, 3],
        )[0]
        return self._at_local(day, hour, self.rng.randint(0, 59))

    # the plans ----------------------------------------------------------------------------------

    def created_for(self, target):
        low, high = {
            Status.SUBMITTED: (0.02, 2.5),
            Status.PUBLISHED: (0.2, 3),
            Status.REJECTED: (1, 364),
            "overdue": (14, 70),
            Status.ASSIGNED: (1, 9),
            Status.ANSWERED: (3, 75),
            Status.RESOLVED: (4, 45),
            Status.CLOSED: (35, 364),
        }[target]
        # Open issues crowd the last weeks by nature; spread the finished ones a little towards
        # the start of the year so that every month has its share.
        skew = 0.8 if target in (Status.CLOSED, Status.REJECTED) else 1.3
        age = low + (high - low) * self.rng.random() ** skew
        moment = self.now - timedelta(days=age)
        if target == Status.SUBMITTED:
            return moment
        return self.citizen_time(moment.astimezone(self.tz).date())

    def reply_delay(self, slug, due_days):
        pace = self.pace[slug]
        if self.rng.random() < pace.late_share:
            return timedelta(days=due_days + self.rng.uniform(0.5, 12))
        return self._days(pace.reply_days, 0.04, due_days - 0.6)

    def plan(self, plan):
        """Date the steps of `plan` so that every step is in the past and the state fits (an
        assigned issue on time or overdue, a resolved one not yet closed).

        A walk that misses is first moved by whole weeks, nearest first: weekday and time of
        day stay, so office and moderator hours still hold. That is what lets a reopened
        issue, whose first round alone can outlast its state's window, land at any moment;
        only when no shift fits is the issue walked again with new dates."""
        for _attempt in range(100):
            plan.steps, plan.follow_ups, plan.due_date = [], {}, None
            self._walk(plan, self.created_for(plan.target))
            if self._shift_to_fit(plan):
                return plan
        raise RuntimeError(f"could not plan a demo issue ending in {plan.target}")

    def _shift_to_fit(self, plan):
        oldest = self.now - timedelta(days=364)
        for weeks in sorted(range(-MAX_SHIFT_WEEKS, MAX_SHIFT_WEEKS + 1), key=abs):
            self._shift(plan, timedelta(weeks=weeks))
            if plan.steps[0].at >= oldest and self._fits(plan):
                return True
            self._shift(plan, -timedelta(weeks=weeks))
        return False

    def _shift(self, plan, delta):
        # In local time, so that the hour on the clock stays even across a daylight-saving change.
        for step in plan.steps:
            step.at = step.at.astimezone(self.tz) + delta
        if plan.due_date is not None:
            plan.due_date += delta

    def _fits(self, plan):
        if any(step.at >= self.now - timedelta(minutes=5) for step in plan.steps):
            return False
        today = timezone.localdate(self.now)
        due = plan.due_date
        if plan.target == Status.ASSIGNED:
            return due >= today
        if plan.target == "overdue":
            return due < today
        if plan.target == Status.RESOLVED:
            return self.now - plan.last < timedelta(days=28)
        if plan.target in (Status.SUBMITTED, Status.PUBLISHED):
            return self.now - plan.last < timedelta(days=3)
        return True

    def add_step(self, plan, at, kind, **args):
        """`_add` for the planners of other modules (`demo.merges`)."""
        return self._add(plan, at, kind, **args)

    def _add(self, plan, at, kind, **args):
        # Steps of one issue never share a moment, so the timeline keeps their order.
        if plan.steps and at <= plan.steps[-1].at:
            at = plan.steps[-1].at + timedelta(minutes=self.rng.randint(1, 20))
        plan.steps.append(Step(at, kind, args))
        return at

    def _walk(self, plan, created):
        rng, target = self.rng, plan.target
        t = self._add(plan, created, "submit")
        if target == Status.SUBMITTED:
            return
        t = self.moderator_hours(t + self._days(0.25, 0.015, 3))
        if target == Status.REJECTED:
            self._add(plan, t, "reject", reason=plan.reason)
            return
        t = self._add(plan, t, "publish")
        if target == Status.PUBLISHED:
            return
        t = self.moderator_hours(t + self._days(0.12, 0.01, 2))
        due_days = rng.choice((self.due_days,) * 6 + (5, 7, 15, 20))
        t = self._add(plan, t, "assign", departments=plan.departments, due_days=due_days)
        plan.due_date = timezone.localdate(t) + timedelta(days=due_days)
        rounds = escalations.rounds_of(plan)
        for round_number in range(rounds):
            last_round = round_number == rounds - 1
            if round_number:
                due_days = self.due_days
                plan.due_date = timezone.localdate(t) + timedelta(days=due_days)
            t = self._round(
                plan, t, due_days, stop=target if last_round else None, revisit=round_number > 0
            )
            if t is None:
                return
            # The reporter says it is not fixed, then the issue is reopened.
            t = self._follow_up(plan, t + self._days(2, 0.2, 8), "unhappy", published=True)
            by_reporter = rng.random() < 0.75
            t = (
                (t + timedelta(hours=rng.uniform(0.5, 30)))
                if by_reporter
                else (self.moderator_hours(t + self._days(1, 0.1, 4)))
            )
            t = self._add(plan, t, "reopen", by_reporter=by_reporter)

    def _round(self, plan, start, due_days, stop, revisit=False):
        """One round of answers from the assigned departments; returns the time of the resolve,
        or None when the plan ends in this round (`stop` is the target state)."""
        rng = self.rng
        lead, *others = plan.departments
        if stop in (Status.ASSIGNED, "overdue"):
            if rng.random() < 0.5:
                self._add(
                    plan, self.office_hours(start + self._days(1, 0.05, 4)), "note", department=lead
                )
            return None
        if rng.random() < 0.12:
            self._follow_up(plan, start + self._days(3, 1, 7), "waiting", published=True)
        interim = rng.random() < (0.6 if plan.variant in plan.topic.interims else 0.12)
        replies = [(self.office_hours(start + self.reply_delay(lead, due_days)), lead)]
        replies += [(self.office_hours(start + self.reply_delay(d, due_days)), d) for d in others]
        if rng.random() < 0.4:
            note_at = start + (min(replies)[0] - start) * rng.uniform(0.2, 0.9)
            replies.append((self.office_hours(note_at), None))
        last = start
        for at, department in sorted(replies, key=lambda item: item[0]):
            if department is None:
                last = self._add(plan, at, "note", department=lead)
            else:
                last = self._add(
                    plan,
                    at,
                    "reply",
                    department=department,
                    final=not interim,
                    lead=None if department == lead else lead,
                    revisit=revisit and department == lead,
                )
        if interim:
            if stop == Status.ANSWERED:
                return None
            last = self._add(
                plan,
                self.office_hours(last + self._days(8, 2, 30)),
                "reply",
                department=lead,
                final=True,
                lead=None,
                revisit=revisit,
            )
        elif stop == Status.ANSWERED:
            return None
        resolved = self._add(
            plan, self.office_hours(last + self._days(0.6, 0.01, 12)), "resolve", department=lead
        )
        votes_at = resolved + self._days(1, 0.1, 4)
        # A round that ends in a reopen was rated "dissatisfied" by its reporter, always: its
        # reopen comes later still, so `plan` moves the whole walk into the past if need be.
        if votes_at < self.now or stop is None:
            self._add(plan, votes_at, "votes", reporter_happy=stop is not None)
        if stop == Status.RESOLVED:
            if rng.random() < 0.3:
                self._follow_up(plan, resolved + self._days(1, 0.1, 5), "thanks", published=True)
            return None
        if stop == Status.CLOSED:
            t = resolved
            if rng.random() < 0.35:
                t = self._follow_up(
                    plan, resolved + self._days(1, 0.1, 5), "thanks", published=True
                )
            close_at = max(t, resolved + timedelta(days=rng.uniform(7, 30)))
            self._add(plan, self.moderator_hours(close_at), "close")
            return None
        return resolved

    def _follow_up(self, plan, at, mood, published):
        key = len(plan.follow_ups)
        plan.follow_ups[key] = None
        at = self._add(plan, at, "follow_up", key=key, mood=mood, pii=self.rng.random() < 0.15)
        if published:
            at = self._add(
                plan,
                self.moderator_hours(at + self._days(0.3, 0.02, 2)),
                "publish_follow_up",
                key=key,
            )
        return at

    def add_pending_follow_up(self, plan):
        """A follow-up still waiting for the moderator, written in the last few days."""
        start = max(plan.last, self.now - timedelta(days=4))
        at = start + (self.now - start) * self.rng.uniform(0.2, 0.8)
        self._follow_up(plan, at, self.rng.choice(("waiting", "unhappy")), published=False)
        plan.steps[-1].args["pii"] = self.rng.random() < 0.5

    def add_reopen_for_reassignment(self, plan, at=None):
        at = at or plan.last + (self.now - plan.last) * self.rng.uniform(0.1, 0.6)
        self._add(plan, at, "reopen", by_reporter=False, reassign=False)
        plan.target = Status.REOPENED

    def add_hide(self, plan):
        at = plan.last + (self.now - plan.last) * self.rng.uniform(0.05, 0.5)
        self._add(plan, self.moderator_hours(at), "hide")
        if plan.last >= self.now:  # the moderator's hours pushed it past now
            plan.steps[-1].at = plan.steps[-2].at + (self.now - plan.steps[-2].at) / 2


# --- running the plans ---------------------------------------------------------------------------


class Builder:
    """Plans `count` issues and runs them through the workflow at their dates."""

    def __init__(self, count, seed, password, now=None):
        self.rng = random.Random(seed)
        self.count = count
        self.password = password
        self.now = now or timezone.now()

    def build(self):
        departments, categories, districts = build_reference_data()
        self.departments, self.categories = departments, categories
        self.districts = {row.slug: districts[row.slug] for row in DISTRICTS}
        self.admin, self.moderator, self.staff, self.logins = build_accounts(
            departments, self.password
        )
        editors = bulletins.build_editors(self.password, self.logins, Login)
        escalations.build_supervisor(self.password, self.logins, Login)
        build_group_account(
            "media_editor", MEDIA_STAFF_GROUP, "行风视线编辑", self.password, self.logins, Login
        )
        plans = self.make_plans()
        timeline = bulletins.BulletinTimeline(self.now, *editors)
        self.run(plans, [*timeline.actions(), *self.desk.actions()])
        self.set_support_counts(plans)
        build_media_pages(self, plans)
        self.hot_topic_weeks = build_hot_topics(self.now, timeline.hot_spot_periods())
        return plans

    def make_plans(self):
        rng = self.rng
        planner = Planner(rng, self.now)
        weights = [topic.weight for topic in TOPICS]
        plans = []
        self.desk = DeskWeek(planner)
        counts = quotas(self.count)
        for target, number in counts.items():
            for index in range(number):
                topic = rng.choices(TOPICS, weights=weights)[0]
                rural = topic.category == "rural"
                district = rng.choice(
                    [d for d in DISTRICTS if any(map(text.is_village, d.estates))]
                    if rural
                    else DISTRICTS
                )
                place = text.pick_place(rng, district, BUS_LINES, rural=rural)
                variant = rng.randrange(len(topic.bodies))
                reason, pii = "", None
                if target == Status.REJECTED:
                    reason = rng.choice(sorted(REJECTION_NOTES))
                    post = text.rejected_post(rng, reason, place)
                else:
                    # Half of the moderation queue (and a few others) shows masking suggestions.
                    if (target == Status.SUBMITTED and index % 2 == 0) or rng.random() < 0.08:
                        pii = rng.choice(("mobile", "mobile", "id_number", "plate"))
                        if pii == "plate" and topic.category != "traffic":
                            pii = "mobile"
                    post = None  # written once the plan dates it (below)
                departments = [topic.departments[0]]
                if len(topic.departments) > 1 and rng.random() < 0.2:
                    departments.append(topic.departments[1])
                plan = Plan(
                    target=target,
                    topic=topic,
                    variant=variant,
                    place=place,
                    post=post,
                    departments=departments,
                    reason=reason,
                )
                plan.reopen = target in (
                    Status.ASSIGNED,
                    Status.ANSWERED,
                    Status.RESOLVED,
                    Status.CLOSED,
                ) and (rng.random() < 0.12 or index == 0)
                plan.escalate = escalations.escalates(target, index)
                planner.plan(plan)
                self.desk.steer(plan)
                if post is None:
                    # Written on the day it is received: a date it mentions is never later.
                    received = timezone.localtime(plan.steps[0].at)
                    plan.post = text.issue_post(rng, topic, variant, place, received, pii)
                plans.append(plan)
        open_plans = [
            p for p in plans if p.target in (Status.ASSIGNED, Status.ANSWERED, Status.RESOLVED)
        ]
        for plan in rng.sample(open_plans, min(len(open_plans), max(3, self.count // 30))):
            planner.add_pending_follow_up(plan)
        # A few resolved issues wait, reopened, for a moderator to pick other departments.
        resolved = [
            p for p in plans if p.target == Status.RESOLVED and not p.reopen and not p.desk_role
        ]
        for plan in rng.sample(resolved, min(len(resolved), max(2, self.count // 60))):
            planner.add_reopen_for_reassignment(plan, self.desk.reopen_moment(plan))
        hideable = [
            p for p in plans if p.target in (Status.ANSWERED, Status.CLOSED) and not p.follow_ups
        ]
        for plan in rng.sample(hideable, min(len(hideable), max(2, self.count // 80))):
            plan.hidden = True
            planner.add_hide(plan)
        merges.plan_merges(planner, plans)
        return plans

    def run(self, plans, media_actions=()):
        """Every step in time order; `media_actions` [(moment, callable)] are the media site's
        (`demo.bulletins`: drafting and reviewing bulletins), run at their moment too."""
        media = [
            (at, -1, order, Step(at, "media", {"action": action}))
            for order, (at, action) in enumerate(media_actions)
        ]
        steps = sorted(
            [
                *(
                    (step.at, number, order, step)
                    for number, plan in enumerate(plans)
                    for order, step in enumerate(plan.steps)
                ),
                *media,
            ],
            key=lambda item: item[:3],
        )
        with time_machine.travel(steps[0][0], tick=False) as traveller:
            for at, number, _order, step in steps:
                traveller.move_to(at)
                getattr(self, f"do_{step.kind}")(plans[number], **step.args)

    # the steps -----------------------------------------------------------------------------------

    def do_media(self, plan, action):
        action()

    def _moderator(self):
        """Mostly the moderator; now and then the superuser (when it may moderate)."""
        if self.rng.random() < 0.15 and is_moderator(self.admin):
            return self.admin
        return self.moderator

    def do_submit(self, plan):
        post = plan.post
        category = (
            self.categories[plan.topic.category]
            if plan.target != Status.REJECTED
            else (self.rng.choice(list(self.categories.values())))
        )
        plan.issue = submit_issue(
            {
                "title": post.title,
                "body": post.body,
                "location": post.location,
                "category": category,
                "district": self.districts[plan.place.district.slug],
                "display_name": post.display_name,
                "contact_phone": post.contact_phone,
                "contact_email": post.contact_email,
                # Some reporters tick "the TV programme may contact me" (a fixed rule: the
                # random sequence of the rest of the demo stays as it was).
                "tv_contact_consent": bool(post.contact_phone or post.contact_email)
                and len(post.title) % 3 == 0,
                "photos": [],
            }
        )

    def do_publish(self, plan):
        issue = plan.issue
        issue.publish(
            self._moderator(),
            title=mask_text(issue.submitted_title),
            body=mask_text(issue.submitted_body),
            location=mask_text(issue.submitted_location),
        )

    def do_reject(self, plan, reason):
        plan.issue.reject(self._moderator(), reason, REJECTION_NOTES[reason])

    def do_assign(self, plan, departments, due_days):
        plan.issue.assign(
            self._moderator(),
            [self.departments[slug] for slug in departments],
            timezone.localdate() + timedelta(days=due_days),
        )

    def do_reply(self, plan, department, final, lead, revisit=False):
        dept = self.departments[department]
        body = text.reply_text(
            self.rng,
            plan.topic,
            plan.variant,
            plan.place,
            dept,
            timezone.localtime(),
            final=final,
            lead=self.departments[lead] if lead else None,
            revisit=revisit,
        )
        plan.issue.post_reply(self.staff[department], dept, body)

    def do_resolve(self, plan, department):
        plan.issue.resolve(
            self.staff[department], self.departments[department], text.resolution_note(self.rng)
        )

    def do_reopen(self, plan, by_reporter, reassign=True):
        plan.issue.reopen(
            None if by_reporter else self._moderator(),
            text.reopen_note(self.rng, by_reporter),
            by_reporter=by_reporter,
            reassign=reassign,
        )

    def do_votes(self, plan, reporter_happy):
        """The reporter's verdict (most reporters give one) and a few readers' votes."""
        poll = plan.issue.polls.filter(closed_at__isnull=True).order_by("-round").first()
        if poll is None or not poll.is_open():
            return
        rng = self.rng
        happy_choices = ("satisfied",) * 6 + ("basically_satisfied",) * 3 + ("dissatisfied",)
        if rng.random() < 0.75 or not reporter_happy:
            verdict = rng.choice(happy_choices) if reporter_happy else "dissatisfied"
            poll.record_reporter_verdict(verdict)
        for number in range(rng.choice((0, 0, 1, 2, 3, 4, 6, 9))):
            poll.record_public_vote(
                rng.choice(happy_choices + ("dissatisfied",)),
                browser_key=f"demo-browser-{plan.issue.pk}-{poll.round}-{number}",
                address_key=f"demo-address-{rng.randrange(10**9)}",
            )

    def do_merge(self, plan, note):
        merges.merge(self, plan, note)

    def do_close(self, plan):
        plan.issue.close(self._moderator())

    def do_hide(self, plan):
        plan.issue.hide(self._moderator(), text.hidden_reason(self.rng))

    def do_note(self, plan, department):
        by_moderator = self.rng.random() < 0.25
        now = timezone.now()
        body = text.note_text(self.rng, moderator=by_moderator)
        Message.objects.create(
            issue=plan.issue,
            kind=Message.Kind.NOTE,
            body=body,
            submitted_body=body,
            department=None if by_moderator else self.departments[department],
            author=self.moderator if by_moderator else self.staff[department],
            moderation=Message.Moderation.PUBLISHED,
            published_at=now,
        )

    def do_follow_up(self, plan, key, mood, pii):
        department = self.departments[plan.departments[0]] if plan.departments else None
        body = text.follow_up_text(self.rng, mood, department, personal_data=pii)
        plan.follow_ups[key] = add_follow_up(plan.issue, {"body": body, "photos": []})

    def do_publish_follow_up(self, plan, key):
        message = plan.follow_ups[key]
        message.publish(self._moderator(), body=mask_text(message.submitted_body))

    # "me too" -------------------------------------------------------------------------------------

    def set_support_counts(self, plans):
        """Citizens' "me too" votes: a count per thread, then its dated rows (`support_votes`)."""
        public = [p for p in plans if p.issue.is_public]
        for plan in public:
            age_days = (self.now - plan.issue.created_at).days
            base = self.rng.lognormvariate(math.log(5), 1.0) * HOT_TOPICS.get(plan.topic.key, 1)
            plan.issue.support_count = min(int(base * (1 + age_days / 120)), 900)
        support_votes(self.rng, public, self.now)
        Issue.objects.bulk_update([p.issue for p in public], ["support_count"], batch_size=200)
