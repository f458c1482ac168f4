"""Numbers and dates written the way the page's language writes them.

Django's localisation gives the separators (French: "89 706", "71,9"; English:
"89,706", "71.9"); these filters add what it lacks: a percentage with a no-break
space before its sign, and a span of days that names the month once when it can
("3–7 mars", "31 juil. – 7 fév.")."""

from datetime import date

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language

register = template.Library()

NO_BREAK_SPACE = "\u00a0"


@register.filter
def percent(value: float | None, decimals: int = 1) -> str:
    """`71.94` → "71,9 %" in French, "71.9 %" in English; nothing for None."""
    if value is None or value == "":
        return ""
    # Rounded first: number_format cuts the decimals it does not show.
    rounded = round(float(value), decimals)
    figure = number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{figure}{NO_BREAK_SPACE}%"


@register.simple_tag
def date_range(start: date, end: date) -> str:
    """From `start` to `end` in the active language's month names, the month and year
    written once when both days share them."""
    if start == end:
        return date_format(start, "j F")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'j F')}"
    if start.year == end.year:
        return f"{date_format(start, 'j N')} – {date_format(end, 'j N')}"
    return f"{date_format(start, 'j N Y')} – {date_format(end, 'j N Y')}"


@register.simple_tag
def colon() -> str:
    """The colon after a label: "Code :" in French (a no-break space before it),
    "Code:" in English. Loaded in every template (TEMPLATES' builtins)."""
    return f"{NO_BREAK_SPACE}:" if get_language().startswith("fr") else ":"
