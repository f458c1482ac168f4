import csv
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

from usines import spreadsheets

TYPED = ['=HYPERLINK("http://x","x")', "=1+1", "+33 6", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", TYPED)
def test_a_csv_cell_that_looks_like_a_formula_reads_as_text(text):
    rows = list(
        csv.reader(
            StringIO(spreadsheets.csv_bytes(["nom"], [[text]]).decode("utf-8-sig")), delimiter=";"
        )
    )

    assert rows[1] == ["'" + text]


def test_an_xlsx_cell_that_looks_like_a_formula_is_text_and_control_characters_go():
    book = load_workbook(
        BytesIO(spreadsheets.xlsx_bytes(["nom", "places"], [["=1+1", 2], ["Ana\x07 Dupont", 3]]))
    )
    sheet = book.active

    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 2
    assert sheet["A3"].value == "Ana Dupont"


def test_ordinary_cells_are_unchanged():
    assert spreadsheets.neutralise("Dupont") == "Dupont"
    assert spreadsheets.neutralise(-3) == -3
