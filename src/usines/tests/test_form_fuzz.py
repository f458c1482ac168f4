"""Hypothesis feeds every public form and every JSON endpoint of the pages with
arbitrary input: never a server error, and nothing half-written (a slot's counters
always equal its bookings)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit
from usines.factories.models import Slot
from usines.testsupport import SlotFactory, assert_counters_match_rows

EXAMPLES = 40

# What a hostile or clumsy client types: text of any kind, numbers of any size,
# control characters, formula starts, nothing at all.
VALUES = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.sampled_from(["", "0", "-1", "1e400", "NaN", "=1+1", "\x00", "9" * 40, "true", "12"]),
)


def form(fields: list[str]):
    return st.fixed_dictionaries({}, optional={name: VALUES for name in fields})


def _counters_hold() -> None:
    for slot in Slot.objects.all():
        assert_counters_match_rows(slot)


@pytest.fixture
def world(db, no_rate_limits):
    slot = SlotFactory(capacity=12)
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(host)
    booking = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300")).booking
    return {"slot": slot, "host": host, "booking": booking}


@pytest.fixture
def no_rate_limits(settings):
    # Hundreds of posts from one address: the limits have tests of their own.
    settings.RATELIMIT_ENABLE = False


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
BOOKING_FIELDS = ["party_size", "name", "email", "postcode", "consent", "idempotency_key"]


def test_the_public_booking_and_waiting_list_forms(client, world):
    slot = world["slot"]

    @FUZZ
    @given(data=form(BOOKING_FIELDS), waitlist=st.booleans())
    def post(data, waitlist):
        path = "liste-attente" if waitlist else "reserver"
        response = client.post(f"/creneau/{slot.pk}/{path}/", data)
        assert response.status_code < 500
        _counters_hold()

    post()


def test_a_bookings_private_pages(client, world):
    token = world["booking"].token

    @FUZZ
    @given(data=form(["party_size"]), action=st.sampled_from(["modifier", "annuler"]))
    def post(data, action):
        response = client.post(f"/reservation/{token}/{action}/", data)
        assert response.status_code < 500
        _counters_hold()

    post()


def test_sign_up_log_in_and_password_reset(client, world):
    @FUZZ
    @given(
        data=form(["role", "first_name", "last_name", "email", "password", "username"]),
        path=st.sampled_from(
            ["/accounts/inscription/", "/accounts/login/", "/accounts/mot-de-passe/"]
        ),
    )
    def post(data, path):
        assert client.post(path, data).status_code < 500

    post()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)


def test_the_check_in_json_endpoints(client, world):
    client.force_login(world["host"])
    site = world["slot"].visit.participation.site
    base = f"/hote/site/{site.pk}/accueil/{world['slot'].day_id}/api/"

    @FUZZ
    @given(
        body=st.one_of(
            st.dictionaries(
                st.sampled_from(["code", "category", "count", "client_key"]), JSON_VALUES
            ),
            JSON_VALUES,
        ),
        endpoint=st.sampled_from(["checkin", "walkins"]),
    )
    def post(body, endpoint):
        response = client.post(base + endpoint, json.dumps(body), "application/json")
        assert response.status_code < 500

    post()
