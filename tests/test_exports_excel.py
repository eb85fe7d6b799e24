"""The coordinator's spreadsheets as their users open them: the ";" CSV read back the way Excel
with Finnish settings converts cells, and the XLSX read back with openpyxl (cell types, labels,
frozen header, autofilter, file name)."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from exports import excel_fi
from exports.responses import export_filename
from tests.test_coordinator import HOSTILE, coordinator  # noqa: F401 (fixture)


def finnish_excel_reads(cell: str):
    """What Excel with fi-FI settings makes of a CSV cell: ("number", float), ("date", ...),
    ("time", ...) or ("text", str). Written independently of reports.excel_fi, from Excel's
    rules: decimal comma and space thousands separator; d.m, d.m.y, d-m, d/m, m-yy and y-m-d
    dates; h:mm and h.mm times; a leading apostrophe or any other character keeps text."""
    value = cell.strip()
    if value == "":
        return ("empty", None)
    number = value.replace("\u00a0", " ").replace(" ", "")
    if re.fullmatch(r"[+-]?(\d+|\d*,\d+)([eE][+-]?\d+)?%?", number):
        return ("number", float(number.rstrip("%").replace(",", ".")))
    if re.fullmatch(r"\d{1,2}[:.]\d{2}([:.]\d{2})?", value) and int(re.split(r"[:.]", value)[0]) < 24 \
            and int(re.split(r"[:.]", value)[1]) < 60:
        return ("time", value)
    parts = re.fullmatch(r"(\d+)([./-])(\d+)(?:\2(\d+))?\.?", value)
    if parts:
        a, b, c = int(parts.group(1)), int(parts.group(3)), parts.group(4)
        candidates = []
        if c is None:
            candidates += [(2026, b, a), (1900 + b if b < 100 else b, a, 1)]  # d.m  or  m.yy
        else:
            candidates += [(int(c) if int(c) > 99 else 2000 + int(c), b, a), (a, b, int(c))]  # d.m.y  or  y-m-d
        for year, month, day in candidates:
            try:
                return ("date", date(year, month, day))
            except ValueError:
                continue
    return ("text", value)


@pytest.mark.parametrize("text, written", [
    ("2-4", "2–4"),  # size class: Excel would make it 2 April
    ("5-9", "5–9"),
    ("10-49", "10–49"),  # October 1949
    ("50+", "50+"),
    ("1234567-8", "1234567-8"),  # a business ID is no date
    ("12.5", "'12.5"),  # 12 May in Finnish Excel
    ("1/2", "'1/2"),
    ("091", "'091"),  # a municipality code keeps its leading zero
    ("507", "507"),  # same value as a number
    ("12:30", "'12:30"),
    ("=1+1", "'=1+1"),
    ("+358401234567", "'+358401234567"),
    ("-2+3", "'-2+3"),
    ("Mikkeli", "Mikkeli"),
    ("under_100k", "under_100k"),
])
def test_text_cells_stay_text_in_finnish_excel(text, written):
    cell = excel_fi.text_cell(text)
    assert cell == written
    kind, value = finnish_excel_reads(cell)
    assert kind == "text" or (kind == "number" and cell == text and not text.startswith("0")), (kind, value)


@pytest.mark.parametrize("value, written, read", [
    (12.5, "12,5", 12.5), (12.0, "12", 12.0), (7, "7", 7.0), (66.666, "66,67", 66.67), (-3.25, "-3,25", -3.25),
    (0.0, "0", 0.0),
])
def test_numbers_are_numbers_in_finnish_excel(value, written, read):
    assert excel_fi.number_cell(value) == written
    assert finnish_excel_reads(written) == ("number", read)


def test_reader_converts_what_excel_converts():
    assert finnish_excel_reads("2-4")[0] == "date" and finnish_excel_reads("10-49") == ("date", date(1949, 10, 1))
    assert finnish_excel_reads("12.5")[0] == "date" and finnish_excel_reads("12,5") == ("number", 12.5)


def test_semicolon_csv_reads_back_in_finnish_excel(app, coordinator, walker):  # noqa: F811
    token = walker.start()
    walker.walk(token, overrides={"company_name": HOSTILE[0], "goals_12m": "12.5", "personnel": "2-4",
                                  "business_id": "0737546-2"})
    response = coordinator.get("/koordinaattori/vienti.csv?yhteystiedot=1")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    json_rows = coordinator.get("/koordinaattori/vienti.json?yhteystiedot=1").get_json()["responses"]
    by_id = {r["response_id"]: r for r in json_rows}
    numeric = [n for n, name in enumerate(header)
               if name.startswith(("level_", "competence_")) or name == "maturity_index"]
    for row in body:
        source = by_id[int(row[header.index("response_id")])]
        for n in numeric:
            expected = source[header[n]]
            if expected is None:
                assert row[n] == ""
            else:
                assert finnish_excel_reads(row[n]) == ("number", pytest.approx(round(expected, 2))), header[n]
        for n, name in enumerate(header):
            kind, _value = finnish_excel_reads(row[n])
            assert kind != "date" and kind != "time", (name, row[n])
            assert not row[n].startswith(excel_fi.FORMULA_STARTS), (name, row[n])
    mine = next(r for r in body if r[header.index("business_id")] == "0737546-2")
    assert mine[header.index("personnel")] == "2–4"
    assert mine[header.index("goals_12m")] == "'12.5"
    assert mine[header.index("company_name")] == "'" + HOSTILE[0]
    assert any("," in row[numeric[0]] for row in body)  # decimal commas are used


def test_xlsx_is_ready_to_analyse(app, coordinator, walker):  # noqa: F811
    token = walker.start()
    walker.walk(token, overrides={"company_name": HOSTILE[0], "contact_phone": "040 123 4567",
                                  "business_id": "0737546-2", "municipality": "491"})
    response = coordinator.get("/koordinaattori/vienti.xlsx?yhteystiedot=1&municipality=491&lang=en")
    disposition = response.headers["Content-Disposition"]
    assert f"digianalyysi-mikkeli-{app.extensions['clock'].today_iso()}.xlsx" in disposition
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["responses"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["A"].width and sheet.column_dimensions["A"].width >= 6
    rows = list(sheet.iter_rows(values_only=False))
    header = [c.value for c in rows[0]]
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not (isinstance(cell.value, str) and cell.value.startswith("'")), cell.value
    mine = next(r for r in rows[1:] if r[header.index("business_id")].value == "0737546-2")
    value = {name: mine[n].value for n, name in enumerate(header)}
    assert value["company_name"] == HOSTILE[0]  # a string cell, shown literally, never a formula
    assert value["contact_phone"] == "+358401234567"
    assert isinstance(value["response_id"], int)
    assert isinstance(value["submitted_at"], datetime)
    db_time = next(r for r in coordinator.get("/koordinaattori/vienti.json?yhteystiedot=1").get_json()["responses"]
                   if r["response_id"] == value["response_id"])["submitted_at"]
    helsinki = datetime.fromisoformat(db_time).astimezone(ZoneInfo("Europe/Helsinki")).replace(tzinfo=None)
    assert abs((value["submitted_at"] - helsinki).total_seconds()) < 1  # stored UTC, shown in Finnish time
    assert isinstance(value["maturity_index"], (int, float)) and isinstance(value["level_website"], (int, float))
    assert isinstance(value["website_state"], int) or value["website_state"] == "na"
    assert isinstance(value["website_state_label"], str) and value["website_state_label"]
    assert value["municipality"] == "491" and value["municipality_label"] == "Mikkeli"
    assert isinstance(value["personnel"], str) and value["personnel_label"]
    assert value["organisation_label"] and value["maturity_level_label"]
    assert header.index("personnel_label") == header.index("personnel") + 1
    codebook = [[c.value for c in r] for r in workbook["codebook"].iter_rows()]
    municipality_codes = [r[6] for r in codebook if r[2] == "municipality"]
    assert "046" in municipality_codes  # codes with a leading zero stay text


@pytest.mark.parametrize("values, name", [
    ([], "digianalyysi-kaikki-2026-11-23.xlsx"),
    (["Mikkeli"], "digianalyysi-mikkeli-2026-11-23.xlsx"),
    (["2026-01-01 – …", "C Teollisuus", "Pieksämäki"],
     "digianalyysi-2026-01-01-c-teollisuus-pieksamaki-2026-11-23.xlsx"),
    (['<script>"x"</script>'], "digianalyysi-script-x-script-2026-11-23.xlsx"),
])
def test_export_filename(values, name):
    assert export_filename(values, date(2026, 11, 23), "xlsx") == name
