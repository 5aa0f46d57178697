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


# --- Bounded cost: byte checks of every XML member, bounded numbers, a child process --------


def _xlsx_with(member, content, rows=ROWS):
    """A real workbook with one more member, which neither the relations nor the content types
    list (no reader opens it, yet it is checked)."""
    stream = io.BytesIO(xlsx_bytes(rows))
    with zipfile.ZipFile(stream, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    return stream.getvalue()


def _refused_quickly(data, name, match):
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match=match) as caught:
        read_spreadsheet(data, name)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{elapsed:.1f} s"
    return str(caught.value)


def test_the_comment_bomb_is_refused_in_well_under_two_seconds():
    """25 kB holding a 20-MB XML comment: half a minute of expat before the byte checks."""
    from tests.security.corpus import comment_bomb_xlsx

    data = comment_bomb_xlsx()
    assert len(data) < 40_000
    message = _refused_quickly(data, "bombe.xlsx", "commentaire XML")
    assert "xl/worksheets/sheet1.xml" in message


def test_the_exponent_ods_is_refused_naming_the_cell():
    from tests.security.corpus import exponent_ods

    message = _refused_quickly(exponent_ods(), "exposant.ods", "hors des limites")
    assert "cellule B2" in message and "1e1000000" in message


def test_an_unlisted_shared_strings_part_declaring_entities_is_refused():
    """It used to end in an IndexError traceback: openpyxl never opened the part."""
    from tests.security.corpus import unlisted_entities_xlsx

    message = _refused_quickly(unlisted_entities_xlsx(), "x.xlsx", "DTD ou d'entités")
    assert "xl/sharedStrings.xml" in message


def test_cells_pointing_at_missing_shared_strings_are_refused_in_french():
    from tests.security.corpus import unlisted_entities_xlsx

    data = unlisted_entities_xlsx()
    source, stream = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item.filename))
    with pytest.raises(SpreadsheetError, match="ne peut pas être lu"):
        read_spreadsheet(stream.getvalue(), "x.xlsx")


@pytest.mark.parametrize(
    "content,match",
    [
        ("<a><!-- un commentaire --></a>", "commentaire XML"),
        ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "DTD ou d'entités"),
        ("<a><![CDATA[ texte ]]></a>", "section CDATA"),
        ('<?xml version="1.0"?><a/><?php echo 1; ?>', "instruction de traitement"),
        ('<?xml version="1.0" encoding="cp037"?><a/>', "encodage autre que UTF-8"),
        ("<a/>".encode("utf-16"), "encodage autre que UTF-8"),
        ("<a/>".encode("utf-16-be"), "encodage autre que UTF-8"),
        (" " * 600_000 + "<!-- caché derrière des espaces --><a/>", "commentaire XML|démesuré"),
        ('<a v="' + "x" * 2_000_000 + '"/>', "élément XML démesuré"),
    ],
)
def test_every_xml_member_is_checked_listed_or_not(content, match):
    _refused_quickly(_xlsx_with("xl/extra/anything.xml", content), "x.xlsx", match)


def test_the_same_markup_is_refused_in_an_ods():
    stream = io.BytesIO(ods_bytes(ROWS))
    with zipfile.ZipFile(stream, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Configurations2/extra.xml", "<a><!-- x --></a>")
    _refused_quickly(stream.getvalue(), "x.ods", "commentaire XML")


def test_binary_members_and_the_xml_declaration_are_accepted():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4 + b"<!--<?"
    data = _xlsx_with("xl/media/image1.png", png)
    sheet = read_spreadsheet(data, "x.xlsx")
    assert sheet.rows == EXPECTED_ROWS
    declared = _xlsx_with("xl/extra.xml", '<?xml version="1.0" encoding="UTF-8"?><a>é</a>')
    assert read_spreadsheet(declared, "x.xlsx").rows == EXPECTED_ROWS


def test_one_oversized_xml_member_is_refused_naming_it(settings):
    settings.SPREADSHEETS_MAX_PART_SIZE = 100_000
    data = _xlsx_with("xl/extra.xml", "<a>" + "<b/>" * 30_000 + "</a>")
    message = _refused_quickly(data, "x.xlsx", "se décompresse")
    assert "xl/extra.xml" in message


def _xlsx_with_number(text):
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Code", "Nombre"], ["a", 42]])))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<v>42</v>", f"<v>{text}</v>".encode())
            target.writestr(item, content)
    return stream.getvalue()


@pytest.mark.parametrize("text", ["1e400", "-1e31", "1" + "0" * 40])
def test_an_xlsx_number_out_of_bounds_is_refused_naming_the_cell(text):
    message = _refused_quickly(_xlsx_with_number(text), "x.xlsx", "hors des limites")
    assert "cellule B2" in message


@pytest.mark.parametrize("text", ["1e1000000", "-1e30", "1e-1000000", "12abc", "1" * 150])
def test_an_ods_number_out_of_bounds_or_malformed_is_refused_naming_the_cell(text):
    data = _ods_with_content(
        _ods_row("Code", "Nombre")
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p>'
        f'</table:table-cell><table:table-cell office:value-type="float" office:value="{text}"/>'
        "</table:table-row>"
    )
    message = _refused_quickly(data, "x.ods", "hors des limites")
    assert "cellule B2" in message


def test_ordinary_numbers_still_read():
    from decimal import Decimal

    data = _ods_with_content(
        _ods_row("Code", "Petit", "Grand")
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p>'
        '</table:table-cell><table:table-cell office:value-type="float" '
        'office:value="4.44089209850063E-16"/><table:table-cell office:value-type="float" '
        'office:value="1.5e3"/></table:table-row>'
    )
    assert read_spreadsheet(data, "x.ods").rows == [["a", Decimal("4.44089209850063E-16"), 1500]]
    assert read_spreadsheet(_xlsx_with_number("48.9145"), "x.xlsx").rows == [["a", 48.9145]]


def test_a_number_written_as_text_is_bounded_by_the_widgets_too():
    from spreadsheets.widgets import DecimalWidget, IntegerWidget

    started = time.monotonic()
    for value in ("1e1000000", "1E+999999", "-1e40"):
        with pytest.raises(ValueError, match="hors des limites"):
            IntegerWidget().clean(value)
        with pytest.raises(ValueError, match="hors des limites"):
            DecimalWidget().clean(value)
    for value in ("inf", "NaN", float("inf")):
        with pytest.raises(ValueError, match="n'est pas un nombre"):
            IntegerWidget().clean(value)
    assert time.monotonic() - started < 1
    assert IntegerWidget().clean("1,5e3") == 1500
