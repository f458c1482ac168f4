"""What search engines and link previews read: schema.org data of a factory's visit."""

import json

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from usines.factories.models import Participation, Slot

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def event_structured_data(
    request: HttpRequest, participation: Participation, slots: list[Slot]
) -> SafeString | None:
    """A schema.org Event for a visit: when, where, free, and whether places are left."""
    if not slots:
        return None
    site, visit = participation.site, participation.visit
    url = request.build_absolute_uri()
    places_left = sum(slot.available for slot in slots)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{visit.title} – {site.name}",
        "description": visit.description,
        "url": url,
        "startDate": localtime(min(slot.starts_at for slot in slots)).isoformat(),
        "endDate": localtime(max(slot.ends_at for slot in slots)).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "location": {
            "@type": "Place",
            "name": site.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": site.address,
                "postalCode": site.postcode,
                "addressLocality": site.commune.name,
                "addressRegion": site.commune.department.region.name,
                "addressCountry": "FR",
            },
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": round(site.latitude, 5),
                "longitude": round(site.longitude, 5),
            },
        },
        "organizer": {"@type": "Organization", "name": site.company.name},
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/InStock"
            if places_left
            else "https://schema.org/SoldOut",
        },
    }
    if visit.minimum_age:
        data["typicalAgeRange"] = f"{visit.minimum_age}-"
    return json_ld(data)
