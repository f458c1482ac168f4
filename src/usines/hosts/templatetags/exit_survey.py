"""The exit survey's QR code on the check-in page: the code of the day's slot under
way (or the next, or the last), for visitors to scan as they leave."""

from django import template
from django.urls import reverse
from django.utils import timezone

from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.surveys.links import exit_token, qr_svg

register = template.Library()


def exit_slot(participation, day) -> Slot | None:
    """The slot whose visitors leave next: the latest one started, else the first."""
    slots = Slot.objects.filter(
        visit__participation=participation, day=day, is_cancelled=False, audience=Audience.PUBLIC
    ).order_by("starts_at")
    started = slots.filter(starts_at__lte=timezone.now()).last()
    return started or slots.first()


@register.inclusion_tag("hosts/_exit_survey.html", takes_context=True)
def exit_survey(context, participation, day) -> dict:
    slot = exit_slot(participation, day)
    if slot is None:
        return {"slot": None}
    url = context["request"].build_absolute_uri(reverse("surveys:exit", args=[exit_token(slot.pk)]))
    return {
        "slot": slot,
        "url": url,
        "svg": qr_svg(url, str(slot)),
        "codes_url": reverse("hosts:exit_codes", args=[participation.site_id, day.pk]),
    }
