"""DOCX loader: Word files written with python-docx in the test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ckg.loaders.registry import load_file
from ckg.loaders.structure import StructuredDocument


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.title = "Northshire Early Help Strategy"
    cp.author = "Northshire County Council"
    cp.subject = "Early help"
    cp.created = dt.datetime(2024, 3, 1, 9, 30)
    d.add_paragraph("Northshire Early Help Strategy 2024-2027", style="Title")
    d.add_heading("Introduction", level=1)
    d.add_paragraph("Early help means support for families as soon as problems emerge.")
    d.add_heading("Our priorities", level=2)
    d.add_paragraph("Reduce waiting times for CAMHS.", style="List Bullet")
    d.add_paragraph("Targeted youth support in every district.", style="List Bullet 2")
    d.add_paragraph("Support for care leavers.", style="List Bullet")
    d.add_paragraph("Agree the pooled budget.", style="List Number")
    d.add_paragraph("Publish the commissioning plan.", style="List Number")
    d.add_heading("Funding", level=1)
    d.add_paragraph("The budget is set out below.")
    t = d.add_table(rows=4, cols=3)
    data = [
        ["Service", "Provider", "Budget"],
        ["CAMHS", "Sussex Partnership", "£2,827,361"],
        ["Early Help Hubs", "Northshire County Council", "£1,250,000"],
        ["Total", "", "£4,077,361"],
    ]
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    merged = t.cell(3, 0).merge(t.cell(3, 1))  # "Total" spans two grid columns
    merged.text = "Total"
    d.add_paragraph("Figures are for 2024/25.")
    d.add_heading("Contacts", level=1)
    p = d.add_paragraph("Jane Smith, Head of Early Help")
    p.add_run().add_break()
    p.add_run("County Hall, Northshire")
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def doc(tmp_path_factory) -> StructuredDocument:
    d = load_file(make_docx(tmp_path_factory.mktemp("docx") / "early-help.docx"))
    d.validate()
    return d


def test_title_and_core_properties(doc):
    assert doc.title == "Northshire Early Help Strategy 2024-2027"
    assert doc.blocks[0].kind == "title"
    assert doc.metadata["title"] == "Northshire Early Help Strategy"
    assert doc.metadata["author"] == "Northshire County Council"
    assert doc.metadata["created"].startswith("2024-03-01")
    assert doc.media_type.endswith("wordprocessingml.document")


def test_headings_and_sections(doc):
    heads = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert heads == [("Introduction", 1), ("Our priorities", 2), ("Funding", 1), ("Contacts", 1)]
    para = next(b for b in doc.blocks if b.text.startswith("Early help means"))
    assert para.section == ("Introduction",)


def test_list_items_with_markers_and_nesting(doc):
    items = [(b.text, b.level, b.marker) for b in doc.blocks if b.kind == "list_item"]
    assert items == [
        ("Reduce waiting times for CAMHS.", 0, "•"),
        ("Targeted youth support in every district.", 1, "•"),
        ("Support for care leavers.", 0, "•"),
        ("Agree the pooled budget.", 0, "1."),
        ("Publish the commissioning plan.", 0, "2."),
    ]
    assert all(b.section == ("Introduction", "Our priorities") for b in doc.blocks if b.kind == "list_item")


def test_table_in_document_order_with_merged_cell_once(doc):
    kinds = [b.kind for b in doc.blocks]
    first_row = kinds.index("table_row")
    assert doc.blocks[first_row - 1].text == "The budget is set out below."
    assert doc.blocks[first_row + 4].text == "Figures are for 2024/25."
    rows = [[c.text for c in b.cells] for b in doc.blocks if b.kind == "table_row"]
    assert rows[:3] == [
        ["Service", "Provider", "Budget"],
        ["CAMHS", "Sussex Partnership", "£2,827,361"],
        ["Early Help Hubs", "Northshire County Council", "£1,250,000"],
    ]
    assert rows[3] == ["Total", "£4,077,361"]
    assert all(b.section == ("Funding",) for b in doc.blocks if b.kind == "table_row")


def test_line_breaks_kept_inside_a_paragraph(doc):
    contact = next(b for b in doc.blocks if b.text.startswith("Jane Smith"))
    assert contact.text == "Jane Smith, Head of Early Help\nCounty Hall, Northshire"


def test_offsets(doc):
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        for c in b.cells:
            assert doc.text[c.start : c.end] == c.text


def test_vertical_merge_kept_once(tmp_path):
    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Area", "Team"
    a = t.cell(1, 0).merge(t.cell(2, 0))
    a.text = "Crawley"
    t.cell(1, 1).text, t.cell(2, 1).text = "Early help", "Social care"
    path = tmp_path / "v.docx"
    d.save(str(path))
    rows = [[c.text for c in b.cells] for b in load_file(path).blocks if b.kind == "table_row"]
    assert rows == [["Area", "Team"], ["Crawley", "Early help"], ["", "Social care"]]


def test_heading_numbering_and_outline_levels(tmp_path):
    """A paragraph with an outline level but no heading style still heads a section."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("Leaving care")
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), "2")
    p._p.get_or_add_pPr().append(lvl)
    d.add_paragraph("Personal advisers support every care leaver.")
    path = tmp_path / "o.docx"
    d.save(str(path))
    doc = load_file(path)
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 3), ("paragraph", 0)]
    assert doc.blocks[1].section == ("Leaving care",)
