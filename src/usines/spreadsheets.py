"""Tables as downloads: CSV for any program, XLSX for spreadsheets. Every export of
the project (attendee lists, cockpit tables, coach plan, open data) goes through here.

Cells come from what anyone may type (a visitor's name, a site's name): a text
starting with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula
in a spreadsheet program. CSV cells get a leading apostrophe (the usual defence);
XLSX cells are written as text, never as formulas, without the control characters
the format cannot hold.

Dates and times stay what they are: real date cells in XLSX (shown the French way,
sortable and computable), dates written the French way in the CSV. An aware
datetime is written in the project's time zone.
"""

import csv
import re
from datetime import date, datetime, time
from io import BytesIO, StringIO

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# How each kind of moment reads: (strftime for the CSV, number format for XLSX).
MOMENT_FORMATS = (  # datetime first: a datetime is also a date
    (datetime, "%d/%m/%Y %H:%M", "dd/mm/yyyy hh:mm"),
    (date, "%d/%m/%Y", "dd/mm/yyyy"),
    (time, "%H:%M", "hh:mm"),
)
_NOT_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def _is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """A cell that a spreadsheet program opening the CSV reads as text, never as a formula."""
    return "'" + value if _is_formula_like(value) else value


def _printable(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _local(value):
    """An aware datetime as the wall-clock time of the project's zone, without zone
    (spreadsheets know none); anything else unchanged."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _moment_format(value) -> tuple[str, str] | None:
    for kind, text, number in MOMENT_FORMATS:
        if isinstance(value, kind):
            return text, number
    return None


def _csv_cell(value):
    value = _local(value)
    formats = _moment_format(value)
    return value.strftime(formats[0]) if formats else value


def csv_rows(header: list, lines: list[list]) -> list[list]:
    """The header and lines as CSV rows, every cell neutralised."""
    return [[neutralise(str(cell)) for cell in header]] + [
        [neutralise(cell) for cell in line] for line in lines
    ]


def csv_bytes(header: list, lines: list[list]) -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")  # what French spreadsheet programs expect
    writer.writerows(csv_rows(header, [[_csv_cell(cell) for cell in line] for line in lines]))
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
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else _local(cell)
                for cell in line
            ]
        )
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # a typed text starting with "=": text, not a formula
                cell.data_type = "s"
            elif formats := _moment_format(cell.value):
                cell.number_format = formats[1]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(header: list, lines: list[list], fmt: str, filename: str, **xlsx) -> HttpResponse:
    """The table as `filename.csv` or `filename.xlsx`; any other format is a 404.
    The name keeps only ASCII letters, digits, dots, dashes and underscores."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, lines), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, lines, **xlsx), content_type=XLSX)
    else:
        raise Http404
    safe_name = _NOT_FILENAME.sub("-", filename).strip("-") or "export"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.{fmt}"'
    return response
