"""Document metadata: title, area, period and type from covers, committee report headers and text."""

from __future__ import annotations

from ckg.loaders.extract.metadata import extract_metadata, period_from_text
from ckg.loaders.text import load_string


def test_strategy_cover_with_a_period():
    meta = extract_metadata(
        load_string(
            "**Hampshire**\ncounty council\n\n# Commissioning Strategy Children & Young People's Plan 2008 – 2011\n\n"
            "Prepared by the Commissioning Group\nMarch 2008\n\n## 1.0 Vision\n\nHampshire's partners aim "
            "to improve outcomes for children in Hampshire.\n"
        )
    )
    assert meta.title == "Commissioning Strategy Children & Young People's Plan 2008 – 2011"
    assert (meta.area, meta.period_start, meta.period_end, meta.doc_type) == (
        "Hampshire",
        2008,
        2011,
        "strategy",
    )


def test_committee_report_header_table_in_capitals():
    meta = extract_metadata(
        load_string(
            "SURREY COUNTY COUNCIL\n\nREPORT BY DIRECTOR OF CHILDREN'S SERVICES\n\n"
            "TO:\tCHILDREN AND EDUCATION COMMITTEE\n"
            "TITLE:\tEARLY HELP COMMISSIONING PLAN 2017-18\n"
            "LEAD OFFICER:\tJANE DOE\tTEL:\t01234\n\n"
            "The purpose of this report is to approve the plan for Surrey.\n"
        )
    )
    assert meta.title == "Early Help Commissioning Plan 2017-18"
    assert (meta.area, meta.period_start, meta.period_end) == ("Surrey", 2017, 2018)
    assert meta.doc_type == "plan"


def test_council_printed_before_the_title_is_the_publisher_not_the_title():
    doc = load_string(
        "# Kent County Council Comprehensive Needs Assessment of Short Breaks for Disabled Children\n\n"
        "Final Report\n\nMay 2016\n\n## 1 Introduction\n\nThis report brings together the needs assessment "
        "of short breaks in Kent.\n"
    )
    meta = extract_metadata(doc)
    assert meta.title == "Comprehensive Needs Assessment of Short Breaks for Disabled Children"
    assert (meta.area, meta.doc_type, meta.period_start) == ("Kent", "needs-assessment", None)


def test_a_step_by_step_document_is_a_guide():
    raw = "# Getting Ready for Commissioning in Devon\n\nThis report helps arts organisations in Devon.\n\n"
    for n, step in enumerate(("One: Decide", "Two: Register", "Three: Find partners", "Four: Bid"), 1):
        raw += f"## 2.{n}. Step {step}\n\nDo this in Devon.\n\n"
    meta = extract_metadata(load_string(raw))
    assert (meta.doc_type, meta.area, meta.period_start) == ("guide", "Devon", None)


def test_period_formats():
    assert period_from_text("Plan 2013/14 – 2015/16") == (2013, 2016)
    assert period_from_text("Interim Strategy 2016-17") == (2016, 2017)
    assert period_from_text("published in June 2014") == (None, None)
