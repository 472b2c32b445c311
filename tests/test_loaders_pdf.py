"""PDF loader: real PDFs drawn with reportlab in the test session, plus the real West Sussex PDFs.

Each generated PDF carries what council reports carry: a big title, numbered headings,
paragraphs wrapping over lines, bullets, a table, a running header and a "Page N of M"
footer on every page; the assertions are about what a reader of the text would expect.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from ckg.loaders import pdf
from ckg.loaders.pdf_blocks import Stats, _join_line
from ckg.loaders.registry import load_file
from ckg.loaders.structure import StructuredDocument

UNSEEN = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-unseen"

BODY = (
    "The council and its partners will commission early help services for children and families "
    "across the county, with a single point of access and a shared assessment. "
)


def make_report(
    path: Path,
    *,
    meta_title: str = "Microsoft Word - strategy_v3.docx",
    grid: bool = False,
    encrypt: str | None = None,
) -> Path:
    """A three-plus page report: title, numbered headings, wrapped paragraphs, bullets, a table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        ListFlowable,
        ListItem,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    ss = getSampleStyleSheet()
    title = ParagraphStyle("T", parent=ss["Title"], fontName="Helvetica-Bold", fontSize=26, leading=30)
    h1 = ParagraphStyle("H1", parent=ss["Heading1"], fontName="Helvetica-Bold", fontSize=16, leading=20)
    h2 = ParagraphStyle("H2", parent=ss["Heading2"], fontName="Helvetica-Bold", fontSize=13, leading=16)
    body = ParagraphStyle(
        "B", parent=ss["BodyText"], fontName="Helvetica", fontSize=10, leading=13, spaceAfter=8
    )

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, "Northshire Children's Commissioning Strategy 2024-2027")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {doc.page} of 4")
        canvas.drawString(2 * cm, 1.2 * cm, "commissioning@northshire.example.gov.uk")
        canvas.restoreState()

    story = [
        Paragraph("Northshire Children and Young People's Commissioning Strategy", title),
        Spacer(1, 12),
        Paragraph("1 Introduction", h1),
    ]
    story += [Paragraph(BODY * 4, body) for _ in range(2)]
    story += [
        Paragraph("1.1 Our priorities", h2),
        Paragraph("We have agreed these priorities:", body),
        ListFlowable(
            [
                ListItem(Paragraph(t, body), value="•")
                for t in (
                    "Improve emotional wellbeing and mental health services for young people.",
                    "Reduce the number of children who need to come into care.",
                    "Support care leavers into education, employment and training.",
                )
            ],
            bulletType="bullet",
            start="•",
            leftIndent=18,
        ),
        Paragraph(BODY * 3, body),
        PageBreak(),
        Paragraph("2 Funding", h1),
        Paragraph("The table below shows the budget for each service.", body),
    ]
    rows = [
        ["Service", "Provider", "Budget"],
        ["CAMHS Tier 3", "Sussex Partnership Trust", "£2,827,361"],
        ["Early Help Hubs", "Northshire County Council", "£1,250,000"],
        ["Youth Offending Service", "Northshire County Council", "£640,500"],
    ]
    table = Table(rows, colWidths=[5.5 * cm, 6.5 * cm, 3.5 * cm])
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 12), Paragraph(BODY * 5, body), Paragraph("2.1 Pooled budgets", h2)]
    story += [Paragraph(BODY * 6, body) for _ in range(9)]
    story += [
        Paragraph("3 Contacts", h1),
        Paragraph("For more information contact the commissioning team.", body),
    ]
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, title=meta_title, author="Northshire County Council", encrypt=encrypt
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def _load(path: Path) -> StructuredDocument:
    doc = load_file(path)
    doc.validate()
    return doc


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> StructuredDocument:
    return _load(make_report(tmp_path_factory.mktemp("pdf") / "strategy.pdf"))


def test_title_from_largest_text_when_metadata_is_a_word_file_name(report):
    assert report.title == "Northshire Children and Young People's Commissioning Strategy"
    assert report.blocks[0].kind == "title"
    assert report.media_type == "application/pdf"
    assert report.metadata["author"] == "Northshire County Council"
    assert report.metadata["pages"] == "4"


def test_metadata_title_used_when_it_is_a_real_title(tmp_path):
    doc = _load(make_report(tmp_path / "r.pdf", meta_title="Northshire Strategy 2024"))
    assert doc.title == "Northshire Strategy 2024"


def test_numbered_headings_and_section_paths(report):
    heads = [(b.text, b.level) for b in report.blocks if b.kind == "heading"]
    assert heads == [
        ("1 Introduction", 1),
        ("1.1 Our priorities", 2),
        ("2 Funding", 1),
        ("2.1 Pooled budgets", 2),
        ("3 Contacts", 1),
    ]
    para = next(b for b in report.blocks if b.text.startswith("The table below"))
    assert para.section == ("2 Funding",)
    pooled = [b for b in report.blocks if b.section == ("2 Funding", "2.1 Pooled budgets")]
    assert pooled and all(b.kind == "paragraph" for b in pooled)


def test_wrapped_lines_join_into_one_paragraph(report):
    intro = [b for b in report.blocks if b.section == ("1 Introduction",) and b.kind == "paragraph"]
    assert len(intro) == 2
    assert intro[0].text == (BODY * 4).strip()


def test_bullets_become_list_items(report):
    items = [b for b in report.blocks if b.kind == "list_item"]
    assert [b.text for b in items] == [
        "Improve emotional wellbeing and mental health services for young people.",
        "Reduce the number of children who need to come into care.",
        "Support care leavers into education, employment and training.",
    ]
    assert {b.marker for b in items} == {"•"} and {b.level for b in items} == {0}
    assert items[0].section == ("1 Introduction", "1.1 Our priorities")


@pytest.mark.parametrize("grid", [False, True])
def test_table_rows_and_cells(tmp_path, grid):
    doc = _load(make_report(tmp_path / "t.pdf", grid=grid))
    rows = [[c.text for c in b.cells] for b in doc.blocks if b.kind == "table_row"]
    assert rows == [
        ["Service", "Provider", "Budget"],
        ["CAMHS Tier 3", "Sussex Partnership Trust", "£2,827,361"],
        ["Early Help Hubs", "Northshire County Council", "£1,250,000"],
        ["Youth Offending Service", "Northshire County Council", "£640,500"],
    ]
    row = next(b for b in doc.blocks if b.kind == "table_row")
    assert row.section == ("2 Funding",) and row.page == 2


def test_running_header_footer_and_page_numbers_removed(report):
    assert "Page 1 of 4" not in report.text and "of 4" not in report.text
    assert "Commissioning Strategy 2024-2027" not in report.text


def test_a_footer_giving_an_email_is_kept_once(report):
    # the document's only contact point must not be lost with the running footer
    assert report.text.count("commissioning@northshire.example.gov.uk") == 1


def test_offsets_and_pages(report):
    for b in report.blocks:
        assert report.text[b.start : b.end] == b.text
        assert b.page is not None and 1 <= b.page <= 4
    pages = [b.page for b in report.blocks]
    assert pages == sorted(pages)
    assert next(b.page for b in report.blocks if b.text == "3 Contacts") >= 3


def test_two_columns_read_one_after_the_other(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    left = "Left column text about short breaks for disabled children and their families. " * 9
    right = "Right column text about foster care sufficiency and placements in the county. " * 9
    style = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=12, alignment=4)
    w, h = A4
    frames = [
        Frame(50, 60, (w - 120) / 2, h - 120, id="l"),
        Frame(70 + (w - 120) / 2, 60, (w - 120) / 2, h - 120, id="r"),
    ]
    path = tmp_path / "cols.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate(frames=frames)])
    from reportlab.platypus import FrameBreak

    doc.build([Paragraph(left, style), FrameBreak(), Paragraph(right, style)])
    loaded = _load(path)
    paras = [b.text for b in loaded.blocks if b.kind == "paragraph"]
    assert paras == [left.strip(), right.strip()]


def test_dehyphenation_uses_the_documents_own_words():
    st = Stats(vocab={"well-being", "commissioning"})
    assert _join_line("the commis-", "sioning team", st) == "the commissioning team"
    assert _join_line("emotional well-", "being of", st) == "emotional well-being of"
    assert _join_line("health", "services", st) == "health services"


def test_good_title_rejects_file_names():
    assert not pdf.good_title("Microsoft Word - Needs assessment - Full report.doc", Path("x.pdf"))
    assert not pdf.good_title("", Path("x.pdf"))
    assert not pdf.good_title("strategy_final_v2", Path("x.pdf"))
    assert pdf.good_title("Children and Young People's Plan 2010-13", Path("x.pdf"))


# ---------------------------------------------------------------------------- real documents
REAL = sorted(UNSEEN.glob("*.pdf")) if UNSEEN.is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not REAL, reason="corpus-unseen PDFs not available")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name[:40])
def test_real_west_sussex_pdfs(path):
    t0 = time.process_time()
    doc = _load(path)
    cpu = time.process_time() - t0
    kinds = Counter(b.kind for b in doc.blocks)
    assert cpu < 60, f"{cpu:.1f} s of CPU"
    assert kinds["heading"] >= 40 and kinds["paragraph"] >= 100 and kinds["list_item"] >= 50
    assert kinds["table_row"] >= 50
    assert not doc.title.startswith("Microsoft Word")
    assert '!"#$%&' not in doc.text
    numbered = [b for b in doc.blocks if b.kind == "heading" and b.text[:1].isdigit()]
    assert len(numbered) >= 20


@pytest.mark.slow
@pytest.mark.skipif(not REAL, reason="corpus-unseen PDFs not available")
def test_real_contacts_and_glossary_come_out_as_rows():
    path = next(p for p in REAL if "looked-after" in p.name)
    doc = _load(path)
    rows = [[c.text for c in b.cells] for b in doc.blocks if b.kind == "table_row"]
    assert ["David Bishop", "Health Improvement Specialist Practitioner", "West Sussex PCT"] in rows
    assert ["PCT", "Primary Care Trust"] in rows
    assert doc.title == "Needs assessment of vulnerable and looked after children in West Sussex"
    heads = [b for b in doc.blocks if b.kind == "heading"]
    leaving = next(b for b in heads if b.text == "5.2.4 Leaving care")
    assert leaving.level == 3 and leaving.section[-1].startswith("5.2 ")
