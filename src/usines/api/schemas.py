"""The public API's shapes: a contract partners build on, so names do not change."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import BaseModel, StrictBool, StrictInt


class DaySchema(Schema):
    date: date
    audience: str
    bookings_open_at: datetime
    bookings_close_at: datetime


class EditionSchema(Schema):
    id: int
    name: str
    year: int
    days: list[DaySchema]
    max_party_size: int
    factories: int
    places_left: int


class NextSlotSchema(Schema):
    id: int
    start: datetime
    end: datetime
    audience: str
    available: int


class SiteSchema(Schema):
    id: int
    name: str
    commune: str
    postcode: str
    department: str
    region: str
    naf: str
    sector: str = Field(description="Sector code, e.g. metallurgie (see the `sector` filter)")
    sector_label: str
    activity: str = Field(description="NAF division label")
    headcount_band: str
    lat: float
    lon: float
    visit_title: str
    minimum_age: int
    jobs: list[str]
    accessibility: list[str]
    places_left: int = Field(
        description="Places left on the open slots the filters ask for (day, audience)"
    )
    next_slot: NextSlotSchema | None = Field(
        None, description="The first of those slots with places left; null when all are full"
    )
    distance_km: float | None = Field(None, description="Only when `near` is given")
    url: str


class SitePage(Schema):
    items: list[SiteSchema]
    count: int = Field(description="Sites matching the filters, on every page")


class SiteDetailSchema(SiteSchema):
    address: str
    description: str
    visit_description: str
    rules: str
    duration_minutes: int


class SlotSchema(Schema):
    id: int
    day: date
    start: datetime
    end: datetime
    audience: str
    capacity: int
    booked: int
    available: int


# A booking's input and answer are plain pydantic models. ninja's Schema reads its
# input through a getter made for Django objects, 10 µs per model; these two are
# built from JSON and from a dict, once per booking of the rush.
class BookingIn(BaseModel):
    slot: int = Field(..., ge=1, le=2**63 - 1)
    party_size: StrictInt = Field(..., description="A whole number (not a boolean)")
    name: str
    email: str
    postcode: str = ""
    idempotency_key: str | None = Field(None, max_length=64)
    next_edition_news: StrictBool = Field(
        False,
        description=(
            "The visitor ticked, themselves, a box asking for news of the next edition: "
            "they are e-mailed a link to confirm it (double opt-in), apart from the ticket."
        ),
    )
    consent: StrictBool = Field(
        ...,
        description=(
            "true once the person booking has agreed to the consent text (GET "
            "/api/v1/consent) and confirmed they are 15 or over; anything else is refused "
            "with 422 `consent_required`"
        ),
    )


class ConsentOut(Schema):
    version: str = Field(..., description="The key of the text kept on the booking")
    text: str = Field(..., description="The text the person agrees to, in the asked language")
    privacy_url: str


class BookingOut(BaseModel):
    token: str
    status: str
    slot: int
    site: int
    site_name: str
    start: datetime
    party_size: StrictInt = Field(..., description="A whole number (not a boolean)")
    name: str
    email: str
    checkin_code: str
    url: str


class ErrorOut(Schema):
    code: str
    detail: str
    errors: dict[str, list[str]] = {}


class CommuneSchema(Schema):
    insee_code: str
    name: str
    department: str
    postcode: str
    label: str
    lat: float
    lon: float
