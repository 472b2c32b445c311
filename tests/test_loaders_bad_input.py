"""Every way a file can be bad ends as one ``LoadError`` with a clear reason, never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckg.errors import LoadError
from ckg.loaders.registry import iter_input_files, load_file, sniff
from ckg.settings import Settings


def _pdf_bytes(
    text: str = "Northshire Youth Justice Plan", pages: int = 2, encrypt: str | None = None
) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for i in range(pages):
        c.setFont("Helvetica", 11)
        for j in range(30):
            c.drawString(60, 780 - 20 * j, f"{text}: line {j} on page {i + 1} about early help services.")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def good_pdf() -> bytes:
    return _pdf_bytes()


def _fail(path: Path, data: bytes, reason: str, settings: Settings | None = None) -> LoadError:
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load_file(path, settings)
    assert reason in info.value.reason, info.value.reason
    assert "\n" not in str(info.value) and info.value.path == str(path)
    return info.value


@pytest.mark.parametrize("name", ["e.txt", "e.pdf", "e.docx", "e.html", "e.md"])
def test_empty_file(tmp_path, name):
    _fail(tmp_path / name, b"", "empty file")


def test_whitespace_only_text_is_empty(tmp_path):
    _fail(tmp_path / "w.txt", b"  \n\n\t \n", "empty file")


def test_binary_junk_named_txt(tmp_path):
    junk = bytes(range(256)) * 40
    _fail(tmp_path / "junk.txt", junk, "binary")


def test_png_named_txt(tmp_path):
    _fail(tmp_path / "img.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "looks like a PNG image")


def test_truncated_pdf(tmp_path, good_pdf):
    _fail(tmp_path / "half.pdf", good_pdf[: len(good_pdf) // 2], "corrupt or truncated PDF")


def test_pdf_with_broken_body(tmp_path, good_pdf):
    # the header and the end marker survive, everything in between is noise
    data = good_pdf[:20] + b"\x00garbage" * 200 + b"\n%%EOF\n"
    _fail(tmp_path / "broken.pdf", data, "PDF")


def test_encrypted_pdf_with_a_password(tmp_path):
    _fail(tmp_path / "locked.pdf", _pdf_bytes(encrypt="s3cret"), "encrypted PDF (password protected)")


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path):
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1)
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(_pdf_bytes(encrypt=enc))
    doc = load_file(path)
    assert "Northshire Youth Justice Plan" in doc.text


def test_pdf_that_is_really_png(tmp_path):
    _fail(tmp_path / "scan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a PDF (looks like a PNG image)")


def test_pdf_that_is_really_html(tmp_path):
    _fail(
        tmp_path / "page.pdf",
        b"<!DOCTYPE html><html><body>Not found</body></html>",
        "not a PDF (looks like an HTML page)",
    )


def test_image_only_pdf_has_no_text(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    _fail(tmp_path / "scan.pdf", buf.getvalue(), "no extractable text (scanned or image-only?)")


def test_docx_that_is_a_zip_of_junk(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", b"\x00\x01 this is not xml <<<")
        zf.writestr("[Content_Types].xml", b"junk")
    _fail(tmp_path / "junk.docx", buf.getvalue(), "not a Word document")


def test_zip_that_is_not_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a,b\n1,2\n")
    _fail(
        tmp_path / "data.docx", buf.getvalue(), "not a Word document (ZIP archive without word/document.xml)"
    )


def test_docx_that_is_a_pdf(tmp_path, good_pdf):
    _fail(tmp_path / "x.docx", good_pdf, "not a Word document (looks like a PDF document)")


def test_truncated_docx(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Hello " * 200)
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    _fail(tmp_path / "cut.docx", data[: len(data) // 2], "not a Word document")


def test_legacy_doc_named_docx(tmp_path):
    _fail(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "legacy Office file")


def test_html_that_is_binary(tmp_path):
    _fail(tmp_path / "x.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, "not an HTML page")


def test_html_without_text(tmp_path):
    _fail(
        tmp_path / "blank.html",
        b"<html><head><script>x=1</script></head><body> </body></html>",
        "no extractable text",
    )


def test_too_large(tmp_path, good_pdf):
    tiny = Settings(max_file_mb=0)
    _fail(tmp_path / "big.pdf", good_pdf, "larger than 0 MB", settings=tiny)


def test_unsupported_and_missing(tmp_path):
    with pytest.raises(LoadError, match=r"unsupported file type '\.xlsx'"):
        load_file(tmp_path / "sheet.xlsx")
    with pytest.raises(LoadError, match="file not found"):
        load_file(tmp_path / "missing.pdf")


def test_cp1252_text_decodes_pound_signs(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes("Budget: £2.9 million for CAMHS – agreed\n".encode("cp1252"))
    doc = load_file(path)
    assert "£2.9 million" in doc.text and "â" not in doc.text


def test_utf16_text_with_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Early help: £500,000\n".encode("utf-16"))
    assert "£500,000" in load_file(path).text


def test_sniff():
    assert sniff(b"%PDF-1.4") == "a PDF document"
    assert sniff(b"PK\x03\x04rest") == "a ZIP archive"
    assert sniff(b"  <!doctype html><html>") == "an HTML page"
    assert sniff(b"plain words") == "text"


def test_iter_input_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("b/z.pdf", "a.txt", "b/notes.md", "b/sheet.xlsx", ".hidden/x.txt", "b/.secret.txt", "c.HTML"):
        (tmp_path / rel).write_text("x")
    files, notes = iter_input_files([tmp_path, tmp_path / "a.txt", tmp_path / "nope.pdf"])
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a.txt", "b/notes.md", "b/z.pdf", "c.HTML"]
    assert any("sheet.xlsx" in n and "unsupported" in n for n in notes)
    assert any("nope.pdf" in n and "not found" in n for n in notes)
    assert all("\n" not in n for n in notes)


# ---------------------------------------------------------------------------- fuzzing
FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".pdf", ".docx", ".html", ".txt", ".md"]))
def test_random_bytes_only_ever_raise_load_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    try:
        doc = load_file(path)
    except LoadError:
        return
    doc.validate()


@FUZZ
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=40)), min_size=1, max_size=6))
def test_mutated_pdf_only_ever_raises_load_error(tmp_path_factory, good_pdf, cuts):
    data = bytearray(good_pdf)
    for where, junk in cuts:
        i = int(where * (len(data) - 1))
        data[i : i + len(junk)] = junk
    path = tmp_path_factory.mktemp("fuzz") / "m.pdf"
    path.write_bytes(bytes(data))
    try:
        doc = load_file(path)
    except LoadError:
        return
    doc.validate()


@FUZZ
@given(where=st.floats(0, 1), junk=st.binary(min_size=1, max_size=64))
def test_mutated_docx_only_ever_raises_load_error(tmp_path_factory, where, junk):
    import docx

    d = docx.Document()
    d.add_heading("Plan", 1)
    d.add_paragraph("Text " * 50)
    buf = io.BytesIO()
    d.save(buf)
    data = bytearray(buf.getvalue())
    i = int(where * (len(data) - 1))
    data[i : i + len(junk)] = junk
    path = tmp_path_factory.mktemp("fuzz") / "m.docx"
    path.write_bytes(bytes(data))
    try:
        doc = load_file(path)
    except LoadError:
        return
    doc.validate()
