from usines.editions.models import Edition


def current_edition(request) -> dict:
    """The edition every page names in its title, or None."""
    return {"current_edition": Edition.objects.current()}
