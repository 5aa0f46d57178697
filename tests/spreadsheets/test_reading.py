"""Files as people really send them are read the same way; unsafe or oversized ones are refused."""

import io
import time
import zipfile

import openpyxl
import pytest

from spreadsheets.reading import SpreadsheetError, read_spreadsheet
from tests.spreadsheets.helpers import csv_bytes, ods_bytes, xlsx_bytes

ROWS = [
    ["Code", "Nom", "Latitude"],
    ["pole-asnieres", "Pôle social d'Asnières", "48,9145"],
    ["ccas-clichy", "CCAS de Clichy – Hôtel de ville", "48.9"],
]
EXPECTED_ROWS = [r for r in ROWS[1:]]


@pytest.mark.parametrize(
    "encoding,bom,delimiter",
    [
        ("utf-8", False, ";"),
        ("utf-8", True, ";"),
        ("utf-8", False, ","),
        ("utf-8", True, ","),
        ("cp1252", False, ";"),
        ("cp1252", False, ","),
        ("utf-8", False, "\t"),
    ],
)
def test_every_csv_dialect_reads_to_the_same_rows(encoding, bom, delimiter):
    rows = [[cell.replace(",", ".") if delimiter == "," else cell for cell in row] for row in ROWS]
    sheet = read_spreadsheet(csv_bytes(rows, delimiter, encoding, bom), "lieux.csv")
    assert sheet.headers == ["Code", "Nom", "Latitude"]
    assert [r[:2] for r in sheet.rows] == [r[:2] for r in EXPECTED_ROWS]
    assert sheet.delimiter == delimiter
    assert (
        sheet.encoding == {"cp1252": "cp1252", "utf-8": "utf-8-sig" if bom else "utf-8"}[encoding]
    )


def test_quoted_semicolons_do_not_fool_the_delimiter_detection():
    data = 'Code,Nom\r\npole-a,"Pôle; social"\r\n'.encode()
    sheet = read_spreadsheet(data, "x.csv")
    assert sheet.rows == [["pole-a", "Pôle; social"]]


def test_blank_lines_and_trailing_spaces_are_ignored_and_line_numbers_kept():
    data = csv_bytes([["Code ", " Nom"], ["a  ", "  A"], ["", ""], [" ", " "], ["b", "B "]])
    sheet = read_spreadsheet(data, "x.csv")
    assert sheet.headers == ["Code", "Nom"]
    assert sheet.rows == [["a", "A"], ["b", "B"]]
    assert sheet.line_numbers == [2, 5]


def test_blank_rows_of_an_xlsx_keep_the_line_numbers_excel_shows():
    """Errors point at the line the user sees in Excel, blank rows between included."""
    data = xlsx_bytes([["Code", "Nom"], ["a", "A"], [], ["b", "B"], [], [], ["c", "C"]])
    sheet = read_spreadsheet(data, "x.xlsx")
    assert sheet.rows == [["a", "A"], ["b", "B"], ["c", "C"]]
    assert sheet.line_numbers == [2, 4, 7]


def test_xlsx_and_ods_read_to_the_same_rows_as_csv():
    for data, name in ((xlsx_bytes(ROWS), "x.xlsx"), (ods_bytes(ROWS), "x.ods")):
        sheet = read_spreadsheet(data, name)
        assert sheet.format == name.split(".")[1]
        assert sheet.headers == ROWS[0]
        assert sheet.rows == EXPECTED_ROWS


def test_content_must_match_the_extension():
    with pytest.raises(SpreadsheetError, match="ne correspond pas à son extension"):
        read_spreadsheet(xlsx_bytes(ROWS), "lieux.csv")
    with pytest.raises(SpreadsheetError, match="ne correspond pas à son extension"):
        read_spreadsheet(csv_bytes(ROWS), "lieux.xlsx")
    with pytest.raises(SpreadsheetError, match="ne correspond pas à son extension"):
        read_spreadsheet(ods_bytes(ROWS), "lieux.xlsx")


def test_binary_junk_and_other_archives_are_refused():
    with pytest.raises(SpreadsheetError, match="binaires"):
        read_spreadsheet(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("readme.txt", "bonjour")
    with pytest.raises(SpreadsheetError, match="ni un classeur"):
        read_spreadsheet(stream.getvalue(), "x.xlsx")
    with pytest.raises(SpreadsheetError, match="Format non pris en charge"):
        read_spreadsheet(b"a;b\n", "x.pdf")


def test_an_oversized_upload_is_refused_with_its_size(settings):
    settings.SPREADSHEETS_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(SpreadsheetError, match="taille maximale"):
        read_spreadsheet(b"a;b\n" * 400, "x.csv")


def test_a_zip_bomb_is_refused_before_decompression(settings):
    settings.SPREADSHEETS_MAX_UNCOMPRESSED_SIZE = 1024 * 1024
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (5 * 1024 * 1024) + b"/>")
    data = stream.getvalue()
    assert len(data) < 50_000
    with pytest.raises(SpreadsheetError, match="se décompresse"):
        read_spreadsheet(data, "bombe.xlsx")


def test_xlsx_is_parsed_with_defused_xml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_an_xlsx_declaring_a_million_rows_is_refused_quickly():
    book = openpyxl.Workbook()
    book.active["A1"] = "Code"
    book.active["A1000000"] = "x"
    stream = io.BytesIO()
    book.save(stream)
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="plus de 200"):
        read_spreadsheet(stream.getvalue(), "x.xlsx")
    assert time.monotonic() - started < 2


def test_an_xlsx_with_16000_columns_is_refused_quickly():
    # XLSX stops at 16,384 columns (XFD); the 50,000-column case exists only in CSV and ODS.
    book = openpyxl.Workbook()
    book.active["A1"] = "Code"
    book.active.cell(row=1, column=16_000, value="trop loin")
    stream = io.BytesIO()
    book.save(stream)
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="colonnes"):
        read_spreadsheet(stream.getvalue(), "x.xlsx")
    assert time.monotonic() - started < 2


def _ods_with_content(rows_xml):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            "<office:spreadsheet><table:table>" + rows_xml + "</table:table></office:spreadsheet>"
            "</office:body></office:document-content>",
        )
    return stream.getvalue()


def _ods_row(*values, repeat=1):
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def test_an_ods_with_a_million_empty_rows_before_data_is_refused_quickly():
    data = _ods_with_content(
        _ods_row("Code") + '<table:table-row table:number-rows-repeated="1000000">'
        "<table:table-cell/></table:table-row>" + _ods_row("x")
    )
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="lignes"):
        read_spreadsheet(data, "x.ods")
    assert time.monotonic() - started < 1


def test_trailing_formatted_blank_rows_of_libreoffice_are_ignored():
    data = _ods_with_content(
        _ods_row("Code")
        + _ods_row("a")
        + '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert read_spreadsheet(data, "x.ods").rows == [["a"]]


def test_an_ods_with_50000_columns_is_refused():
    data = _ods_with_content(
        _ods_row("Code") + '<table:table-row><table:table-cell office:value-type="string" '
        'table:number-columns-repeated="50000"><text:p>x</text:p></table:table-cell>'
        "</table:table-row>"
    )
    with pytest.raises(SpreadsheetError, match="colonnes"):
        read_spreadsheet(data, "x.ods")


def test_a_csv_with_a_million_blank_lines_is_refused_quickly():
    data = b"Code;Nom\r\n" + b"\r\n" * 1_000_000 + b"a;b\r\n"
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="lignes"):
        read_spreadsheet(data, "x.csv")
    assert time.monotonic() - started < 2


def test_a_csv_with_too_many_columns_is_refused():
    with pytest.raises(SpreadsheetError, match="colonnes"):
        read_spreadsheet(";".join(["x"] * 500).encode(), "x.csv")


def _xlsx_declaring(data, dimension):
    """The same workbook with another <dimension ref> in its sheet (a writer that got it wrong)."""
    source, stream = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index('<dimension ref="') + len('<dimension ref="')
                end = text.index('"', start)
                content = (text[:start] + dimension + text[end:]).encode()
            target.writestr(item, content)
    return stream.getvalue()


@pytest.mark.parametrize("dimension", ["A1:B2", "A1"])
def test_an_xlsx_declaring_fewer_rows_than_it_holds_is_read_whole(dimension):
    rows = [["Code", "Nom"], ["a", "Un"], ["b", "Deux"], ["c", "Trois"]]
    sheet = read_spreadsheet(_xlsx_declaring(xlsx_bytes(rows), dimension), "x.xlsx")
    assert sheet.headers == ["Code", "Nom"]
    assert [row[:2] for row in sheet.rows] == [["a", "Un"], ["b", "Deux"], ["c", "Trois"]]


def test_an_ods_cell_comment_is_not_part_of_the_value():
    comment = (
        "<office:annotation><dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>Agent"
        "</dc:creator><text:p>à vérifier</text:p></office:annotation>"
    )
    data = _ods_with_content(
        _ods_row("Code", "Nom")
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string">'
        + comment
        + "<text:p>Asnières–Gennevilliers</text:p></table:table-cell></table:table-row>"
    )
    sheet = read_spreadsheet(data, "x.ods")
    assert [row[:2] for row in sheet.rows] == [["a", "Asnières–Gennevilliers"]]
