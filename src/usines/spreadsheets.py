"""Tables as downloads: CSV for any program, XLSX for spreadsheets. Every export of
the project (attendee lists, cockpit tables, coach plan) goes through here."""

import csv
from io import BytesIO, StringIO

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(header: list, lines: list[list]) -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")  # what French spreadsheet programs expect
    writer.writerow([str(cell) for cell in header])
    writer.writerows(lines)
    # A BOM so that spreadsheet programs read the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: list, lines: list[list], title: str = "", widths=()) -> bytes:
    """One sheet: a bold, frozen header row, then the lines."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.title = str(title)[:31]
    sheet.append([str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(line)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(header: list, lines: list[list], fmt: str, filename: str, **xlsx) -> HttpResponse:
    """The table as `filename.csv` or `filename.xlsx`; any other format is a 404."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, lines), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, lines, **xlsx), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
