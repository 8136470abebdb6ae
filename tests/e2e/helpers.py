"""What browser tests do again and again: build a small city, log staff in, solve the captcha,
fill the submit form. Steps go through the browser; set-up goes through the real model methods.
"""

from dataclasses import dataclass

from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from feedback.models import Category, Department, DepartmentStaff, District
from feedback.permissions import DEPARTMENT_STAFF_GROUP, MODERATOR_GROUP
from feedback.services import submit_issue

SERVER_START_TIMEOUT = 60  # seconds; a loaded CI machine starts Django slowly
PASSWORD = "e2e-password-1"


@dataclass
class City:
    housing: Department
    transport: Department
    building: Category
    traffic: Category
    east: District
    west: District
    moderator: object
    housing_staff: object
    transport_staff: object


def build_city():
    housing = Department.objects.create(
        name="市住房和城乡建设局", short_name="住建局", slug="housing"
    )
    transport = Department.objects.create(
        name="市交通运输局", short_name="交通局", slug="transport"
    )
    building = Category.objects.create(name="城乡建设", slug="building", default_department=housing)
    traffic = Category.objects.create(name="交通出行", slug="traffic", default_department=transport)
    east = District.objects.create(name="城东街道", slug="east")
    west = District.objects.create(name="城西街道", slug="west")
    access_admin = Permission.objects.get(codename="access_admin")
    moderators, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    staff_group, _created = Group.objects.get_or_create(name=DEPARTMENT_STAFF_GROUP)
    moderators.permissions.add(access_admin)
    staff_group.permissions.add(access_admin)
    users = get_user_model().objects
    moderator = users.create_user("moderator", password=PASSWORD, first_name="审核员")
    moderator.groups.add(moderators)
    clerks = {}
    for username, department in (("housing_staff", housing), ("transport_staff", transport)):
        clerk = users.create_user(username, password=PASSWORD)
        clerk.groups.add(staff_group)
        DepartmentStaff.objects.create(user=clerk, department=department)
        clerks[username] = clerk
    return City(housing, transport, building, traffic, east, west, moderator, **clerks)


def log_in(page, username, password=PASSWORD):
    """Log in to the Wagtail admin through its login form; lands on the dashboard."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def log_out(page):
    page.context.clear_cookies()


def solve_captcha(page, form="form"):
    """Type the captcha's answer, read from the database the server shares with the test."""
    scope = page.locator(form)
    hashkey = scope.locator("input[name$=captcha_0]").input_value()
    answer = CaptchaStore.objects.get(hashkey=hashkey).response
    scope.locator("input[name$=captcha_1]").fill(answer)


def fill_submit_form(page, city, title, body, phone="13812345678", email="", location="", name=""):
    """Fill /wall/new/ as a citizen would (the page must be open); does not send it."""
    page.fill("#id_title", title)
    page.fill("#id_body", body)
    page.select_option("#id_category", label=city.building.name)
    page.select_option("#id_district", label=city.east.name)
    if location:
        page.fill("#id_location", location)
    if name:
        page.fill("#id_display_name", name)
    if phone:
        page.fill("#id_contact_phone", phone)
    if email:
        page.fill("#id_contact_email", email)
    solve_captcha(page, "form.submit-form")


def city_issue(city, **overrides):
    """An issue submitted as a citizen would, in the city's first category and district; walk
    it further with the model methods (`issue.publish(city.moderator)`, ...)."""
    data = {
        "title": "幸福小区门口路灯坏了",
        "body": "幸福路12号小区门口的路灯坏了一个多月，晚上很不安全。",
        "location": "幸福路12号",
        "category": city.building,
        "district": city.east,
        "display_name": "王先生",
        "contact_phone": "13812345678",
        "contact_email": "",
        "photos": [],
    }
    data.update(overrides)
    return submit_issue(data)
