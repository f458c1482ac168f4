"""Each role's menu: the pages it works in, listed under the header of every page.

The menus are defined here once, by URL names reversed when a page is drawn, so
that `ui`, below the page apps, needs none of them. A page of the menu is marked
`aria-current="page"` when it is the page shown."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from usines.accounts.models import Role


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str | Promise
    # Further pages of the same item (the steps after its first page).
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str | Promise
    current: bool


PUBLIC_MENU = (
    MenuItem("web:home", _("Find a visit")),
    MenuItem(
        "web:my_bookings_request",
        _("My bookings"),
        also=("web:my_bookings_sent", "web:my_bookings"),
    ),
    MenuItem("web:open_data", _("Open data")),
)

MENUS: dict[str, tuple[MenuItem, ...]] = {
    Role.VISITOR: PUBLIC_MENU,
    Role.HOST: (
        MenuItem("hosts:home", _("My sites")),
        MenuItem("hosts:register_site", _("Register a site")),
    ),
    Role.TEACHER: (
        MenuItem("teachers:home", _("My classes")),
        MenuItem("teachers:find_visits", _("Find a visit for a class")),
    ),
    Role.RELAY: (
        MenuItem(
            "relays:prospects",
            _("My prospects"),
            also=("relays:add_prospect", "relays:import_prospects"),
        ),
    ),
    Role.ORGANISER: (
        MenuItem("console:moderation", _("Moderation")),
        MenuItem("console:edits", _("Changes to approved visits")),
        MenuItem("console:teachers", _("Teachers to confirm")),
        MenuItem("console:cockpit", _("Cockpit")),
        MenuItem("console:attendance_overview", _("Attendance")),
        MenuItem("console:impact", _("Impact")),
        MenuItem("console:recruitment", _("Recruitment")),
        MenuItem(
            "console:representativeness",
            _("Representativeness"),
            also=("console:import_establishments", "console:import_sizes"),
        ),
        MenuItem(
            "console:coaches",
            _("Coaches"),
            also=("console:accept_all_coaches", "console:coach_driver"),
        ),
        MenuItem("console:directory", _("School directory")),
        MenuItem("console:desk", _("Help desk"), also=("console:desk_booking",)),
        MenuItem("console:ballots", _("Ballots"), also=("console:ballot",)),
        MenuItem("console:scheduled_jobs", _("Scheduled work")),
        MenuItem(
            "console:surveys",
            _("Surveys"),
            also=(
                "console:survey_questionnaire",
                "console:survey_question_add",
                "console:survey_question",
                "console:survey_feedback",
            ),
        ),
        MenuItem(
            "console:prospects",
            _("Prospects"),
            also=("console:add_prospect", "console:import_prospects"),
        ),
        MenuItem("console:networks", _("Partner networks"), also=("console:network",)),
        MenuItem(
            "console:people",
            _("People"),
            also=("console:invite_organiser", "console:invite_host", "console:invite_relay"),
        ),
        MenuItem("console:mailing_list", _("Next edition list")),
        MenuItem(
            "console:editions",
            _("Editions"),
            also=(
                "console:edition",
                "console:edition_create",
                "console:edition_edit",
                "console:edition_phases",
                "console:edition_targets",
            ),
        ),
    ),
}


def menu_for(user) -> tuple[MenuItem, ...]:
    """The menu of the user's role; the public one for anyone not logged in, the
    organisers' one for a superuser (who reaches every organiser page)."""
    if not user.is_authenticated:
        return PUBLIC_MENU
    if user.is_superuser:
        return MENUS[Role.ORGANISER]
    return MENUS.get(user.role, PUBLIC_MENU)


def menu_links(request: HttpRequest) -> list[MenuLink]:
    """The menu of the request's user, each page's address reversed now, the item
    of the page shown marked current."""
    match = request.resolver_match
    shown = match.view_name if match else ""
    return [
        MenuLink(reverse(item.url_name), item.label, shown in (item.url_name, *item.also))
        for item in menu_for(request.user)
    ]
