"""Indicators: rows of KPI/target tables (garbled tab-separated text) and KPI lists."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.indicators import extract_indicators, target_in
from ckg.loaders.text import load_string


def _indicators(text: str) -> list[tuple[str, str | None, str | None]]:
    doc = load_string(text)
    recs = extract_indicators(doc, Context.for_document(doc))
    for r in recs:
        assert r.spans and all(0 <= s.start < s.end <= len(doc.text) for s in r.spans)
    return [(r.label, r.baseline, r.target) for r in recs]


KEY_TARGETS = (
    "Key targets\n\n"
    "\tLatest Data\t\t\tTarg\tets\t\n"
    "\tYear\tData\t2009-10\t2010-11\t2011-12\t201213\n"
    "Keeping all children and young people safe\t\t·\t\t\t·\t÷\n"
    "Emergency hospital admissions due to injury per 10,000 aged under 18 (NI 70)\t2008/09\t106.5\t107.75\t104"
    "\tTo be agreed\tTo be agreed\n"
    "Young children's development: the percentage achieving the expected level (NI 72)\t2009/10\t51.5%\t52.8%"
    "\t55%\tTo be agreed\tTo be agreed\n"
    "Percentage of young people aged 16-18 not in\t2008/09\t6.2%\t4.0%\t3.6%\tTo be\tTo be\n"
    "full-time education, employment or training (NEET) (NI 117)\t\t\t\t\tagreed\tagreed\n"
)


def test_key_targets_table_baseline_and_next_target():
    got = _indicators(KEY_TARGETS)
    assert got == [
        ("Emergency hospital admissions due to injury per 10,000 aged under 18 (NI 70)", "106.5", "107.75"),
        # data for 2009/10: the next target is the 2010-11 one
        ("Young children's development: the percentage achieving the expected level (NI 72)", "51.5%", "55%"),
        (
            "Percentage of young people aged 16-18 not in full-time education, employment or training (NEET) (NI 117)",
            "6.2%",
            "4.0%",
        ),
    ]


def test_code_column_table_with_several_targets_in_one_cell():
    got = _indicators(
        "Appendix E\n\n"
        "National\tNational\tBaseline\tLAA designated improvement\tStatutory partners\n"
        "Indicator\tIndicators*\t\ttargets\tsigned up to the target\n"
        "NI 59\t% of initial assessments carried out within 7 working days of referral\t64.3% (2006/07)"
        "\t60.0% 67.8% 74.0%\tCounty Council*\n"
        "NI 147\tCare leavers in suitable accommodation\t82.4%\t85.0%\t85.0%\t90.0%\tCounty Council*\n"
    )
    assert got == [
        (
            "% of initial assessments carried out within 7 working days of referral (NI 59)",
            "64.3% (2006/07)",
            "60.0%",
        ),
        ("Care leavers in suitable accommodation (NI 147)", "82.4%", "85.0%"),
    ]


def test_statistics_and_budget_tables_are_not_indicators():
    got = _indicators(
        "Revenue budget\t£ (million)\n"
        "Keeping all children and young people safe\t117\n"
        "Narrowing the gap\t167\n\n"
        "Coastal CCG\t241\t184\n"
        "Crawley CCG\t59\t44\n"
    )
    assert got == []


def test_kpi_list_with_targets_in_the_line():
    got = _indicators(
        "Appendix B KPI's\n\n"
        "Safeguarding and Looked After Children KPIs\n"
        "No more than 22% of re-referrals within 12 months\n"
        "3 or more adoptive families will be approved per month\n"
        "Early Years FSP: 70% or more of children achieving a good level of development\n"
        "Education KPIs\n"
        "1.19 or less frequency rate of re-offending of cohort of re-offenders\n"
    )
    assert got == [
        ("No more than 22% of re-referrals within 12 months", None, "No more than 22%"),
        ("3 or more adoptive families will be approved per month", None, "3 or more"),
        (
            "Early Years FSP: 70% or more of children achieving a good level of development",
            None,
            "70% or more",
        ),
        ("1.19 or less frequency rate of re-offending of cohort of re-offenders", None, "1.19 or less"),
    ]


def test_key_measures_lead_in_and_coded_list_items():
    got = _indicators(
        "- Improve the health and well being of children (outcome 5). Key measures are:\n\n"
        "- > An increase in the % of schools with Healthy Schools status.\n"
        "- > A decrease in the rate of permanent exclusions.\n\n"
        "The partnership will report on these every quarter to the board and publish the results annually "
        "so that everyone can see how well we are doing.\n\n"
        "- NI 62 - Stability of placements of looked after children: number of placements\n"
        "- Improve outcomes for looked after children\n"
    )
    assert [label for label, _, _ in got] == [
        "An increase in the % of schools with Healthy Schools status",
        "A decrease in the rate of permanent exclusions",
        "NI 62 - Stability of placements of looked after children: number of placements",
    ]


def test_a_list_mention_of_a_table_indicator_is_one_indicator():
    got = _indicators(
        KEY_TARGETS + "\nThe group will focus on:\n\n"
        "- 3. Hospital admissions caused by injuries to children and young people (NI 70): a better understanding\n"
    )
    assert [g for g in got if "NI 70" in g[0]] == [
        ("Emergency hospital admissions due to injury per 10,000 aged under 18 (NI 70)", "106.5", "107.75")
    ]


def test_target_phrases():
    assert target_in("Less than 5% of Early Help cases stepped up") == "Less than 5%"
    assert target_in("gap in achieving 5+ A* - C inc Eng and Maths will be 59% or less") == "59% or less"
    assert target_in("Increase in the percentage of young people in EET to 20%") == "to 20%"
    assert target_in("An increase in the % of pupils gaining 5 or more grades A*-C") is None
