"""PDF downloads: a template rendered to HTML and printed by WeasyPrint."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    """The template printed as a PDF attachment called `filename`."""
    from weasyprint import HTML  # slow to import: loaded with the first PDF, not at start-up

    html = render_to_string(template, context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
