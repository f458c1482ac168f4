"""Look-ups every page starts with."""

from django.http import Http404
from django.utils.translation import gettext as _

from usines.editions.models import Edition


def current_edition_or_404() -> Edition:
    """The edition the platform runs now; 404 while none is published."""
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(_("No edition is published yet."))
    return edition
