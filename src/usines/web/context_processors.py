from usines.editions.models import Edition


def current_edition(request) -> dict:
    return {"current_edition": Edition.objects.current()}
