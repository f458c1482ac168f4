"""Role isolation, generated from the URL configuration.

Every URL pattern of the project (the admin and i18n aside) is requested as each
role, with GET, with POST (an empty form) and with any other method its API
operation declares. Path parameters come from one shared world (matrix_world.py): a
published site A in Auvergne-Rhône-Alpes (region 84) with its host, bookings, a
waiting list, a class of teacher A with its name list and its coach, a prospect, a
teacher waiting for confirmation and a site waiting for moderation. A secret in a
URL (a booking's token, an invitation) is the real one only for the role holding
it; the others put a well-formed wrong one.

NAMESPACE_RULES and URL_RULES say, by namespace and by URL name where one differs,
which roles reach a page, which may read the world's private data (markers such as
the booker's name) and which may change the world. A new view is covered as soon
as it is in the URL configuration: a pattern without a rule, or a path parameter
without a value, fails `test_the_matrix_covers_every_url_pattern`.

Each cell runs in a transaction rolled back afterwards, so that no cell changes the
world for the next. A cell fails when it answers 5xx or raises; when a refused role
is not refused (anonymous: a redirect to the log-in page; logged in: 403, 404 or
405); when an allowed role cannot GET its page; when a private marker appears in
an answer to a role that may not read it; or when a role that may not change the
world changed it. Each role's test lists every failing cell at once.
"""

import logging
import re
import traceback
from dataclasses import dataclass, replace
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from usines.api.api import api
from usines.tests.matrix_world import (
    ANONYMOUS,
    FRESH,
    HOST_A,
    NATIONAL,
    ORGANISER_OTHER,
    RELAY_OTHER,
    ROLES,
    SUPERUSER,
    TEACHER_A,
    TOKEN_VISITOR,
    World,
    build_world,
    world_state,
)

# --- Roles (matrix_world.py creates them) ---------------------------------------------

NOT_LOGGED_IN = frozenset({ANONYMOUS, TOKEN_VISITOR})
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - NOT_LOGGED_IN
SITE_A = frozenset({HOST_A, NATIONAL, SUPERUSER})
ORGANISERS = frozenset({ORGANISER_OTHER, NATIONAL, SUPERUSER})
NATIONWIDE = frozenset({NATIONAL, SUPERUSER})
NOBODY = frozenset()

LOGIN_URL = "/accounts/login/"
REFUSALS = frozenset({403, 404, 405})


# --- Rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who reaches a URL pattern.

    allow: the roles the page is for (GET answers < 400; any method < 500). Anyone
        else is refused: anonymous roles with a redirect to the log-in page when
        `login`, else with 403/404/405; logged-in roles with 403/404/405 (or a
        redirect when `refuses_by_redirect`: the view reports the refusal in a
        message).
    sees: the roles that may read the world's private markers in the answer; each
        marker of `shows` must be in their GET answer (it proves the world is wired).
    touches: the roles whose requests may change the world (default: `allow`).
    get: False for an action answering POST only: its GET is a 405 for everyone.
    """

    allow: frozenset[str]
    sees: frozenset[str] = NOBODY
    login: bool = True
    get: bool = True
    touches: frozenset[str] | None = None
    refuses_by_redirect: bool = False
    shows: tuple[str, ...] = ()

    def may_change(self, role: str) -> bool:
        return role in (self.allow if self.touches is None else self.touches)


PUBLIC = Rule(allow=EVERYONE, login=False)
TOKEN_PAGE = Rule(allow=frozenset({TOKEN_VISITOR}), sees=frozenset({TOKEN_VISITOR}), login=False)
HOSTS = Rule(allow=SITE_A, sees=SITE_A)
TEACHERS = Rule(allow=frozenset({TEACHER_A}), sees=frozenset({TEACHER_A}))
CONSOLE = Rule(allow=ORGANISERS, sees=NATIONWIDE)
CONSOLE_OBJECT = Rule(allow=NATIONWIDE, sees=NATIONWIDE)  # an object of region 84
# Every organiser reads the editions; only national ones set them up.
EDITION_SETUP = Rule(allow=NATIONWIDE, sees=NATIONWIDE)

NAMESPACE_RULES = {
    "": PUBLIC,  # healthz, sitemap.xml
    "web": PUBLIC,
    "api": PUBLIC,
    "accounts": PUBLIC,
    # sites_for(): a host its team's sites, an organiser its region's (or all): a
    # regional organiser of 84 would reach site A too; the one of region 11 does not.
    "hosts": HOSTS,
    # A teacher reaches the class bookings of the school it is confirmed in.
    "teachers": TEACHERS,
    # Only relays have a prospect list; the other territory's relay sees none of 84.
    "relays": Rule(allow=frozenset({RELAY_OTHER})),
    # Organisers only; a regional organiser of another region sees no data of 84.
    "console": CONSOLE,
    # The surveys' links: the booking's token, or the slot's or class's signed link.
    "surveys": TOKEN_PAGE,
}

URL_RULES = {
    # The ticket and the waiting-list entry: only with their secret token.
    "web:booking": replace(TOKEN_PAGE, shows=("booker name", "ticket code")),
    "web:booking_change": replace(TOKEN_PAGE, get=False),
    "web:booking_cancel": TOKEN_PAGE,
    "web:booking_ics": TOKEN_PAGE,
    "web:waitlist_entry": TOKEN_PAGE,
    "web:waitlist_accept": replace(TOKEN_PAGE, get=False),
    "web:waitlist_leave": replace(TOKEN_PAGE, get=False),
    "web:booking_pdf": TOKEN_PAGE,
    # A visitor's copy of the booking's data and its deletion: only with the token.
    "web:booking_data": replace(TOKEN_PAGE, shows=("booker name",)),
    "web:booking_delete": replace(TOKEN_PAGE, shows=("booker name",)),
    # A reminder's one-click answers: a page with one button, only with the token.
    "web:booking_coming": TOKEN_PAGE,
    "web:booking_not_coming": TOKEN_PAGE,
    # A ballot's entry: only with its secret link.
    "web:ballot_entry": replace(TOKEN_PAGE, shows=("ballot entrant",)),
    "web:ballot_withdraw": replace(TOKEN_PAGE, get=False),
    # "My bookings": anyone may ask for the link and open one (a wrong one says it is
    # expired); the list itself needs the session the right link opens.
    "web:my_bookings_open": replace(PUBLIC, touches=frozenset({TOKEN_VISITOR})),
    "web:my_bookings_close": replace(PUBLIC, get=False),
    # The next edition's list: its links confirm or unsubscribe only with their secret
    # (a wrong one says it is not valid); the form answers anyone the same.
    "web:mailinglist_confirm": replace(PUBLIC, touches=frozenset({TOKEN_VISITOR})),
    "web:mailinglist_unsubscribe": replace(PUBLIC, touches=frozenset({TOKEN_VISITOR})),
    "api:create_booking": replace(PUBLIC, get=False),
    "api:get_booking": replace(TOKEN_PAGE, shows=("booker name", "booker e-mail")),
    "api:cancel_booking": TOKEN_PAGE,
    # django-ninja's root of the API: nothing there, a 404 for everyone.
    "api:api-root": Rule(allow=NOBODY, login=False),
    # The PMTiles basemap exists only when MAP_BASEMAP is pmtiles (then for everyone);
    # the tests draw maps without one: a 404 for everyone. Its own tests serve a file.
    "basemap": Rule(allow=NOBODY, login=False),
    "accounts:logout": replace(PUBLIC, get=False),
    "accounts:confirm": replace(PUBLIC, touches=frozenset({TOKEN_VISITOR})),
    "accounts:password_reset_confirm": replace(PUBLIC, touches=frozenset({TOKEN_VISITOR})),
    # Where a log-in lands: every account, each sent on to its own pages.
    "hosts:home": Rule(allow=LOGGED_IN, sees=frozenset({HOST_A}), shows=("pending site",)),
    # Any account may register a site of its own.
    "hosts:register_site": Rule(allow=LOGGED_IN),
    # Only right after trying this site's SIRET (kept in the session): no one here.
    "hosts:request_to_join": Rule(allow=NOBODY),
    "hosts:take_part_again": replace(HOSTS, get=False),
    "hosts:submit": replace(HOSTS, get=False),
    "hosts:publish": replace(HOSTS, get=False),
    "hosts:withdraw": replace(HOSTS, get=False),
    "hosts:message_day": replace(HOSTS, get=False),
    "hosts:delete_photo": replace(HOSTS, get=False),
    "hosts:checkin_submit": replace(HOSTS, get=False),
    "hosts:walkins_submit": replace(HOSTS, get=False),
    "hosts:checkin_api": replace(HOSTS, get=False),
    "hosts:walkins_api": replace(HOSTS, get=False),
    "hosts:undo_submit": replace(HOSTS, get=False),
    "hosts:undo_api": replace(HOSTS, get=False),
    "hosts:set_release_time": replace(HOSTS, get=False),
    "hosts:release_now": replace(HOSTS, get=False),
    "hosts:admit_offer": replace(HOSTS, get=False),
    "hosts:admit_walk_ins": replace(HOSTS, get=False),
    "hosts:slot": replace(HOSTS, shows=("booker name",)),
    "hosts:export": replace(HOSTS, shows=("booker name", "booker e-mail")),
    "hosts:host_class": replace(HOSTS, shows=("class list name", "class note")),
    # Links of team invitations mailed earlier: sent on to the invitation's page.
    "hosts:accept_invitation": Rule(allow=EVERYONE, login=False),
    # Every invitation's page: its holder reads it (anyone with a wrong link: 404);
    # accepting needs the invited, confirmed address, else a message says why.
    "web:invitation": Rule(
        allow=frozenset({FRESH}), sees=frozenset({FRESH}), login=False, refuses_by_redirect=True
    ),
    # Every account may say which school it teaches at.
    "teachers:home": Rule(allow=LOGGED_IN, sees=frozenset({TEACHER_A}), shows=("class's school",)),
    "teachers:invite_colleague": Rule(allow=LOGGED_IN, get=False),
    # The school office's link: no account needed, only the link.
    "teachers:confirm_teacher": Rule(
        allow=EVERYONE,
        login=False,
        sees=frozenset({TOKEN_VISITOR}),
        touches=frozenset({TOKEN_VISITOR}),
        shows=("pending teacher", "class's school"),
    ),
    "teachers:accept_invitation": Rule(
        allow=frozenset({FRESH}), sees=frozenset({FRESH}), shows=("class's school",)
    ),
    # Any account may look at a school slot; all but confirmed teachers are sent home.
    "teachers:book": Rule(allow=LOGGED_IN, sees=frozenset({TEACHER_A})),
    "teachers:booking": replace(TEACHERS, shows=("class ticket code",)),
    "teachers:cancel": replace(TEACHERS, get=False),
    # Any account may open a school-day ballot; all but confirmed teachers are sent home.
    "teachers:ballot": Rule(allow=LOGGED_IN, sees=frozenset({TEACHER_A})),
    # Any account may open the search; all but confirmed teachers are sent home.
    "teachers:find_visits": Rule(allow=LOGGED_IN, sees=frozenset({TEACHER_A})),
    "relays:prospect": Rule(allow=NATIONWIDE, sees=NATIONWIDE, shows=("prospect contact",)),
    "console:moderation": replace(CONSOLE, shows=("pending site",)),
    "console:decide": replace(CONSOLE_OBJECT, shows=("pending site",)),
    "console:edits": replace(CONSOLE, shows=("edited text",)),
    "console:edit_seen": replace(CONSOLE_OBJECT, get=False),
    "console:teachers": replace(CONSOLE, shows=("pending teacher",)),
    # The view is the organisers'; the service refuses a teacher of another region.
    "console:confirm_teacher": replace(CONSOLE, get=False, touches=NATIONWIDE),
    "console:table_export": replace(CONSOLE, shows=("region 84 figures",)),
    # The impact figures: every organiser, each in its scope (answers about its sites).
    "console:impact": CONSOLE,
    "console:impact_export": CONSOLE,
    "console:snapshot": replace(CONSOLE, get=False),
    "console:refresh": replace(CONSOLE, get=False),
    "console:coaches": replace(CONSOLE, shows=("class's school",)),
    "console:coach_requests_geojson": replace(CONSOLE, shows=("class's school",)),
    "console:accept_coach": replace(CONSOLE_OBJECT, get=False),
    "console:split_coach": replace(CONSOLE_OBJECT, get=False),
    "console:coach_sheet": CONSOLE_OBJECT,
    # The review of every proposal in the organiser's scope; another region's sees none.
    "console:accept_all_coaches": replace(CONSOLE, shows=("class's school",)),
    # Only for an accepted coach: the world's coach is a proposal, a 404 for everyone
    # (console/tests/test_teachers_coach_plan.py covers the scope of an accepted one).
    "console:coach_driver": Rule(allow=NOBODY),
    # The help desk: any organiser searches its scope; a booking of region 84 (the
    # class's) opens for the national ones only, and so do its actions.
    "console:desk": CONSOLE,
    "console:desk_booking": replace(CONSOLE_OBJECT, shows=("class ticket code", "class's school")),
    "console:desk_resend": replace(CONSOLE_OBJECT, get=False),
    "console:desk_change": replace(CONSOLE_OBJECT, get=False),
    "console:desk_cancel": replace(CONSOLE_OBJECT, get=False),
    # The selection is checked against the organiser's scope; an empty one does nothing.
    "console:bulk_decide": replace(CONSOLE, get=False),
    # The reference population is national: national organisers import it.
    "console:import_establishments": Rule(allow=NATIONWIDE, sees=NATIONWIDE),
    "console:import_sizes": Rule(allow=NATIONWIDE, sees=NATIONWIDE),
    "console:scheduled_jobs": CONSOLE,
    # The list is national: every organiser reads its counts, national ones its addresses.
    "console:mailing_list": CONSOLE,
    "console:mailing_list_export": Rule(
        allow=NATIONWIDE, sees=NATIONWIDE, shows=("subscriber e-mail",)
    ),
    # Only a national organiser invites organisers or withdraws their role.
    "console:invite_organiser": Rule(allow=NATIONWIDE, sees=NATIONWIDE),
    "console:withdraw_organiser": replace(CONSOLE_OBJECT, get=False),
    # Host A of site A (region 84): the organiser of region 11 does not reach it.
    "console:withdraw_host": replace(CONSOLE_OBJECT, get=False),
    # The relay canvasses Paris (region 11): its regional organiser may withdraw it.
    "console:withdraw_relay": replace(CONSOLE, get=False),
    "console:carry_over": replace(CONSOLE, get=False),
    # Site A's ballot (region 84): the organiser of region 11 does not reach it.
    "console:ballot": CONSOLE_OBJECT,
    "console:ballot_log": CONSOLE_OBJECT,
    "console:ballot_draw": replace(CONSOLE_OBJECT, get=False),
    "console:edition_create": EDITION_SETUP,
    "console:edition_edit": EDITION_SETUP,
    "console:edition_phases": EDITION_SETUP,
    "console:edition_targets": EDITION_SETUP,
    "console:edition_noshow": EDITION_SETUP,
    "console:prepare_next_edition": replace(EDITION_SETUP, get=False),
    "console:invite_previous_hosts": replace(EDITION_SETUP, get=False),
    # Every organiser reads the questionnaires and its scope's hosts' feedback; only
    # national ones edit the questionnaires.
    "console:survey_question_add": EDITION_SETUP,
    "console:survey_question": EDITION_SETUP,
    "console:survey_question_move": replace(EDITION_SETUP, get=False),
    "console:survey_question_delete": replace(EDITION_SETUP, get=False),
}


def rule_for(name: str) -> Rule | None:
    if name in URL_RULES:
        return URL_RULES[name]
    return NAMESPACE_RULES.get(name.rpartition(":")[0])


# --- Path parameters ------------------------------------------------------------------

# A URL name carrying a secret → the role holding it and the world's secret it is.
SECRETS = {
    "web:booking": (TOKEN_VISITOR, "booking"),
    "web:booking_change": (TOKEN_VISITOR, "booking"),
    "web:booking_cancel": (TOKEN_VISITOR, "booking"),
    "web:booking_ics": (TOKEN_VISITOR, "booking"),
    "web:booking_pdf": (TOKEN_VISITOR, "booking"),
    "web:booking_data": (TOKEN_VISITOR, "booking"),
    "web:booking_delete": (TOKEN_VISITOR, "booking"),
    "web:booking_coming": (TOKEN_VISITOR, "booking"),
    "web:booking_not_coming": (TOKEN_VISITOR, "booking"),
    "web:my_bookings_open": (TOKEN_VISITOR, "bookings_link"),
    "web:mailinglist_confirm": (TOKEN_VISITOR, "mailinglist"),
    "web:mailinglist_unsubscribe": (TOKEN_VISITOR, "mailinglist"),
    "api:get_booking": (TOKEN_VISITOR, "booking"),
    "api:cancel_booking": (TOKEN_VISITOR, "booking"),
    "web:waitlist_entry": (TOKEN_VISITOR, "waitlist"),
    "web:waitlist_accept": (TOKEN_VISITOR, "waitlist"),
    "web:waitlist_leave": (TOKEN_VISITOR, "waitlist"),
    "accounts:confirm": (TOKEN_VISITOR, "sign_up"),
    "accounts:password_reset_confirm": (TOKEN_VISITOR, "password_reset"),
    "teachers:confirm_teacher": (TOKEN_VISITOR, "school_office"),
    "hosts:accept_invitation": (FRESH, "team_invitation"),
    "web:invitation": (FRESH, "team_invitation"),
    "teachers:accept_invitation": (FRESH, "colleague_invitation"),
    "surveys:before": (TOKEN_VISITOR, "booking"),
    "surveys:after": (TOKEN_VISITOR, "booking"),
    "surveys:exit": (TOKEN_VISITOR, "exit_survey"),
    "surveys:class": (TOKEN_VISITOR, "class_survey"),
    "web:ballot_entry": (TOKEN_VISITOR, "ballot_entry"),
    "web:ballot_withdraw": (TOKEN_VISITOR, "ballot_entry"),
}
SECRET_PARAMS = {"token", "uidb64"}
# What a role not holding the secret puts in the URL: well formed, but wrong.
WRONG_SECRETS = {"token": "Wr0ngT0kenWr0ngT0kenWr0ngT0kenWr0ng", "uidb64": "OTk5OTk5"}

# A path parameter → its value in the world, for the URL name asking.
PARAMS = {
    "site_id": lambda world, name: world.site_a.pk,
    "slot_id": lambda world, name: (
        world.school_slot.pk if name == "teachers:book" else world.public_slot.pk
    ),
    "day_id": lambda world, name: world.public_slot.day_id,
    "booking_id": lambda world, name: world.class_booking.pk,
    "participation_id": lambda world, name: world.pending_participation.pk,
    "event_id": lambda world, name: world.edit.pk,
    "photo_id": lambda world, name: world.photo.pk,
    "group_id": lambda world, name: world.class_booking.class_group_id,
    "pool_id": lambda world, name: world.pool.pk,
    "request_id": lambda world, name: world.coach_request.pk,
    "prospect_id": lambda world, name: world.prospect.pk,
    "link_id": lambda world, name: world.pending_link.pk,
    "network_id": lambda world, name: world.network.pk,
    "relay_id": lambda world, name: world.relay.pk,
    "user_id": lambda world, name: (
        world.users[HOST_A if name == "console:withdraw_host" else ORGANISER_OTHER].pk
    ),
    "fmt": lambda world, name: "csv",  # text, so that a leak shows in the body
    "table": lambda world, name: "impact-regions" if name == "console:impact_export" else "regions",
    "slug": lambda world, name: world.site_a.commune.department.region.slug,
    "code": lambda world, name: world.site_a.commune.department_id,
    "language": lambda world, name: "en",
    "edition_id": lambda world, name: world.public_slot.day.edition_id,
    "audience": lambda world, name: "public",
    "moment": lambda world, name: "before",
    "key": lambda world, name: "recommend_industry",
    "ballot_id": lambda world, name: (
        world.school_ballot.pk if name == "teachers:ballot" else world.ballot.pk
    ),
}


# --- The URL patterns -----------------------------------------------------------------

SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
BASE_METHODS = ("GET", "POST")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    params: tuple[str, ...]
    methods: tuple[str, ...]


def _api_methods() -> dict[str, set[str]]:
    """Each operationId of the API's schema → the methods it declares."""
    methods: dict[str, set[str]] = {}
    for operations in api.get_openapi_schema()["paths"].values():
        for method, operation in operations.items():
            methods.setdefault(operation["operationId"], set()).add(method.upper())
    return methods


def _declared(name: str, api_methods: dict[str, set[str]]) -> set[str]:
    """The methods of an API URL name's operation: its operationId ends with the
    view's name, which is also its URL name."""
    short = name.rpartition(":")[2]
    return {
        method
        for operation_id, found in api_methods.items()
        if operation_id == short or operation_id.endswith("_" + short)
        for method in found
    }


def _walk(patterns, prefix: str = "", namespaces: tuple[str, ...] = ()):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, route, inner)
        else:
            name = ":".join((*namespaces, entry.name or "<no name>"))
            yield name, route


API_DOCUMENTATION = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def url_patterns() -> list[Pattern]:
    api_methods = _api_methods()
    found = []
    for name, route in _walk(get_resolver().url_patterns):
        extra: set[str] = set()
        if name.startswith("api:") and name not in API_DOCUMENTATION:
            extra = _declared(name, api_methods) - set(BASE_METHODS)
        found.append(
            Pattern(
                name=name,
                route=route,
                params=tuple(PARAMETER.findall(route)),
                methods=BASE_METHODS + tuple(sorted(extra)),
            )
        )
    return found


def uncovered(pattern: Pattern) -> list[str]:
    """Why the matrix cannot request a pattern: no rule, a parameter without a value."""
    problems = []
    if rule_for(pattern.name) is None:
        problems.append(f"{pattern.name} ({pattern.route}): no rule for it or its namespace")
    for param in pattern.params:
        if param in SECRET_PARAMS and pattern.name not in SECRETS:
            problems.append(f"{pattern.name}: which secret of the world is its {param}?")
        elif param not in SECRET_PARAMS and param not in PARAMS:
            problems.append(f"{pattern.name}: no value for the parameter {param}")
    return problems


def path_for(world: World, pattern: Pattern, role: str) -> str:
    """The pattern's path with the world's values; a secret only for its holder."""
    values = {}
    holder, secret = SECRETS.get(pattern.name, (None, None))
    for param in pattern.params:
        if param not in SECRET_PARAMS:
            values[param] = PARAMS[param](world, pattern.name)
        elif role == holder:
            values[param] = world.secrets[secret][param]
        else:
            values[param] = WRONG_SECRETS[param]
    return "/" + PARAMETER.sub(lambda m: quote(str(values[m.group(1)]), safe=""), pattern.route)


# --- Requesting a cell ----------------------------------------------------------------

TEXT_TYPES = ("text/", "application/json", "application/geo+json", "application/javascript")


def _text(response) -> str | None:
    """The answer's body as text, or None for a binary file (PDF, XLSX, image)."""
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(TEXT_TYPES) and "xml" not in content_type:
        return None
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace")


def _contains(text: str, marker: str) -> bool:
    """Whether the text holds the marker, as is or escaped in JSON ("Zo\\u00e9")."""
    escaped = marker.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
    return marker in text or escaped in text


def _where(error: BaseException) -> str:
    """The innermost frame of the project's code (tests aside) in a traceback."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "/src/usines/" in frame.filename and "/tests/" not in frame.filename
    ]
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{frame.filename.split('/src/')[-1]}:{frame.lineno}"


def _send(client: Client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    if method == "POST":
        return client.post(path, {})
    return client.generic(method, path)


def check_cell(
    world: World, pattern: Pattern, rule: Rule, role: str, method: str, client: Client, baseline
) -> list[str]:
    """Request one cell in a transaction rolled back afterwards; what went wrong."""
    path = path_for(world, pattern, role)
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return [f"{path} does not resolve"]
    if match.route != pattern.route:
        return [f"{path} resolves to {match.route!r}, not {pattern.route!r}"]
    changed: list[str] = []
    try:
        with transaction.atomic():
            try:
                response = _send(client, method, path)
                if not rule.may_change(role):
                    after = world_state()
                    changed = [table for table, rows in after.items() if rows != baseline[table]]
            finally:
                transaction.set_rollback(True)
    except Exception as error:  # a crash is a 500 for the visitor: report it with the rest
        return [f"raised {type(error).__name__}: {error} at {_where(error)}"]

    problems = []
    status = response.status_code
    allowed = role in rule.allow
    location = response.get("Location", "")
    if status >= 500:
        problems.append(f"status {status}")
    elif allowed:
        if method == "GET" and rule.get and status >= 400:
            problems.append(f"status {status} for a role the page is for")
        if method == "GET" and not rule.get and status != 405:
            problems.append(f"status {status} to GET on an action that only takes POST")
    elif role in NOT_LOGGED_IN and rule.login:
        if not (status == 302 and location.startswith(LOGIN_URL)):
            problems.append(f"status {status} {location} instead of a redirect to log in")
    else:
        refusals = REFUSALS | ({302} if rule.refuses_by_redirect else set())
        if status not in refusals:
            problems.append(f"status {status} {location} instead of a refusal")
    text = _text(response)
    if role not in rule.sees and text is not None:
        leaked = [label for label, marker in world.markers.items() if _contains(text, marker)]
        if leaked:
            problems.append(f"status {status} shows {', '.join(leaked)}")
    if role in rule.sees and method == "GET" and rule.shows:
        missing = [label for label in rule.shows if not _contains(text or "", world.markers[label])]
        if missing:
            problems.append(f"status {status}: the page should show {', '.join(missing)}")
    if changed:
        problems.append(f"status {status} changed {', '.join(changed)}")
    return problems


# --- Tests ----------------------------------------------------------------------------


@pytest.fixture
def world(db, settings, tmp_path, caplog):
    # Hundreds of 404s and 405s are expected: keep the log for what fails.
    caplog.set_level(logging.ERROR, logger="django.request")
    # The matrix posts hundreds of times from one address: the rate limits have
    # their own tests (src/usines/tests/test_rate_limits.py).
    settings.RATELIMIT_ENABLE = False
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_what_it_may(role, world):
    client = Client()
    if role in world.users:
        client.force_login(world.users[role])
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    baseline = world_state()
    failures = []
    for pattern in url_patterns():
        if problems := uncovered(pattern):
            failures += problems
            continue
        rule = rule_for(pattern.name)
        for method in pattern.methods:
            # Each cell starts logged in as the role, whatever the last one did
            # (a log-out, a message in a cookie).
            client.cookies.clear()
            for key, value in cookies.items():
                client.cookies[key] = value
            for problem in check_cell(world, pattern, rule, role, method, client, baseline):
                failures.append(f"{pattern.name} × {role} × {method}: {problem}")
    assert not failures, f"{len(failures)} cells fail:\n" + "\n".join(failures)


def test_the_matrix_covers_every_url_pattern():
    patterns = url_patterns()
    api_methods = _api_methods()
    missing = []
    for pattern in patterns:
        missing += uncovered(pattern)
        is_operation = pattern.name.startswith("api:") and pattern.name not in API_DOCUMENTATION
        if is_operation and not _declared(pattern.name, api_methods):
            missing.append(f"{pattern.name}: no operation of the OpenAPI schema")
    unused = (set(URL_RULES) | set(SECRETS)) - {pattern.name for pattern in patterns}
    missing += [f"{name}: a rule for a URL name that no longer exists" for name in sorted(unused)]
    assert not missing, "\n".join(missing)

    names = {pattern.name for pattern in patterns}
    assert {"hosts:slot", "console:decide", "teachers:booking", "api:cancel_booking"} <= names
    extra = sum(len(pattern.methods) - len(BASE_METHODS) for pattern in patterns)
    cells = sum(len(pattern.methods) for pattern in patterns) * len(ROLES)
    print(
        f"\nRole matrix: {len(patterns)} URL patterns × {len(ROLES)} roles × "
        f"{len(BASE_METHODS)} methods ({', '.join(BASE_METHODS)}), plus {extra} other method(s) "
        f"declared by API operations × {len(ROLES)} roles = {cells} cells"
    )
