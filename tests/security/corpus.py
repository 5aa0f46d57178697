"""The bad-input corpus: hostile and malformed files, built in code so that no binary blob is
committed and each case says what it is."""

import io
import struct
import zipfile
import zlib

from PIL import Image


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def decompression_bomb_png(side=40_000):
    """A few hundred bytes declaring a 40,000 × 40,000 image (1.6 billion pixels)."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def truncated_jpeg():
    """A real photograph-like JPEG cut in the middle of its pixel data."""
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 80).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) // 2]


def svg_with_script():
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
    )


def text_named_jpg():
    return "Ceci n'est pas une image, malgré son nom.".encode()


BAD_IMAGES = {
    "bombe-de-decompression.png": decompression_bomb_png,
    "jpeg-tronque.jpg": truncated_jpeg,
    "script.svg": svg_with_script,
    "texte-deguise.jpg": text_named_jpg,
}


def text_named_xlsx():
    return "code;nom\npole-x;Pôle X\n".encode()


def binary_named_csv():
    return bytes(range(256)) * 40


def zip_bomb_xlsx():
    """An .xlsx whose sheet claims to unpack to about 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 1024 * 1024))
    return buffer.getvalue()


ENTITY_EXPANSION = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    "]>"
)


def _with_member_replaced(data, member, replace, level=None):
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = replace(content.decode())
            archive.writestr(item, content, compresslevel=level)
    return buffer.getvalue()


def _with_member_added(data, member, content):
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    return buffer.getvalue()


def _poison(xml):
    """The same document, with entity declarations and a cell that expands them: a naive
    parser reads it (a thousand « lol »), a defused one refuses it."""
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    return ENTITY_EXPANSION + body.replace("Pôle X", "&lol3;")


def entity_expansion_xlsx():
    """A real workbook whose sheet declares and uses entities (« billion laughs »)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Code", "Nom"])
    book.active.append(["pole-x", "Pôle X"])
    stream = io.BytesIO()
    book.save(stream)

    return _with_member_replaced(stream.getvalue(), "xl/worksheets/sheet1.xml", _poison)


def entity_expansion_ods():
    """A real ODS file whose content.xml declares entities."""
    import tablib

    dataset = tablib.Dataset(["pole-x", "Pôle X"], headers=["Code", "Nom"])

    return _with_member_replaced(dataset.export("ods"), "content.xml", _poison)


def comment_bomb_xlsx(megabytes=20):
    """A real workbook (about 25 kB) whose sheet holds a 20-MB XML comment: an XML parser that
    reads a long token again at each new buffer (expat before 2.6) spends half a minute on it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Code", "Nom"])
    book.active.append(["pole-x", "Pôle X"])
    stream = io.BytesIO()
    book.save(stream)
    comment = "<!--" + " " * (megabytes * 1024 * 1024) + "-->"

    return _with_member_replaced(
        stream.getvalue(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("<sheetData>", "<sheetData>" + comment, 1),
        level=9,
    )


def exponent_ods():
    """A 2-kB ODS with one number cell `office:value="1e1000000"`: `int(Decimal(...))` of it
    alone takes most of a minute."""
    import tablib

    dataset = tablib.Dataset(["pole-x", 42], headers=["Code", "Capacité"])

    return _with_member_replaced(
        dataset.export("ods"),
        "content.xml",
        lambda xml: xml.replace('office:value="42"', 'office:value="1e1000000"'),
    )


def unlisted_entities_xlsx():
    """A workbook whose cells point into a sharedStrings part that declares entities and that
    neither the workbook relations nor the content types list: a reader that only checks the
    parts it opens never sees the entities (openpyxl then fails on the missing strings)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Code", "Nom"])
    book.active.append(["pole-x", "Pôle X"])
    stream = io.BytesIO()
    book.save(stream)
    strings = ["Code", "Nom", "pole-x", "Pôle X"]

    def shared(xml):
        for index, text in enumerate(strings):
            xml = xml.replace(f'"inlineStr"><is><t>{text}</t></is>', f'"s"><v>{index}</v>')
        return xml

    data = _with_member_replaced(stream.getvalue(), "xl/worksheets/sheet1.xml", shared)
    table = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" '
        'uniqueCount="4">' + "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>"
    )
    return _with_member_added(data, "xl/sharedStrings.xml", _poison(table))


BAD_SPREADSHEETS = {
    "texte-deguise.xlsx": text_named_xlsx,
    "binaire.csv": binary_named_csv,
    "bombe-zip.xlsx": zip_bomb_xlsx,
    "entites-xml.xlsx": entity_expansion_xlsx,
    "entites-xml.ods": entity_expansion_ods,
    "bombe-commentaire.xlsx": comment_bomb_xlsx,
    "exposant-geant.ods": exponent_ods,
    "entites-non-listees.xlsx": unlisted_entities_xlsx,
}

HOSTILE_TEXT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
