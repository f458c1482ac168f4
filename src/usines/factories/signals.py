"""Events other apps may follow without factories depending on them."""

from django.dispatch import Signal

# Sent with `participation` once a site is registered for an edition.
participation_registered = Signal()
