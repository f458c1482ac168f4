"""`{% site_menu %}`: the menu of the user's role (ui/navigation.py), drawn by
ui/partials/site_menu.html."""

from django import template

from usines.ui.navigation import menu_links

register = template.Library()


@register.inclusion_tag("ui/partials/site_menu.html", takes_context=True)
def site_menu(context) -> dict:
    request = context.get("request")
    has_user = request is not None and hasattr(request, "user")
    return {"links": menu_links(request) if has_user else []}
