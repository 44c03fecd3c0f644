"""Unit tests of metropolis_report.publish.self_audit, on small pages."""

import json

import pytest

from metropolis_report.publish import self_audit

RULES = self_audit.structural_rules(2020)


def page(body: str) -> str:
    return f"<html><body><main>{body}</main></body></html>"


MARKDOWN = (
    '<div class="jp-Cell jp-MarkdownCell"><div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea">'
    '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">{}</div></div></div></div>'
)
CODE = (
    '<div class="jp-Cell jp-CodeCell"><div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea">'
    "<div>{}</div></div></div></div>"
)


def test_a_number_typed_into_a_markdown_cell_is_read_and_unbacked():
    html = page(MARKDOWN.format("<p>The city managers met in 4321 debates in 2020.</p>"))
    total, unbacked = self_audit.audit_page(html, set(), RULES)
    assert total == 1 and [t for t, _ in unbacked] == ["4321"]


def test_a_code_cell_is_not_prose():
    html = page(CODE.format("x = 4321"))
    assert self_audit.audit_page(html, set(), RULES) == (0, [])


def test_a_number_is_backed_by_a_findings_value_or_a_table_cell_of_the_page():
    backed = self_audit.backed_numbers([json.dumps({"n": 141, "share": "76.6%"})], RULES)
    html = page("<p>108 of 141 members (76.6%)</p><table><tbody><tr><td>108</td></tr></tbody></table>")
    assert self_audit.audit_page(html, backed, RULES) == (3, [])
    assert [t for t, _ in self_audit.audit_page(html, set(), RULES)[1]] == ["141", "76.6"]


def test_a_sentence_does_not_back_its_own_numbers():
    # only the values of the findings back a number: the same number typed into a sentence's text backs nothing
    assert self_audit.backed_numbers([json.dumps({"word": "no clear difference"})], RULES) == set()


def test_a_heading_s_own_number_is_structure_but_a_number_inside_it_is_not():
    html = page(MARKDOWN.format("<h2>2. The share of members</h2><h2>Of 37 members</h2>"))
    assert [t for t, _ in self_audit.audit_page(html, set(), RULES)[1]] == ["37"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("table 4.1 and section 2.2 in 2020 (line 577, Figure 3)", []),
        ("tables 4.1 and 4.2, sections 2–2.4, annexes 5.I–5.V, 5.IV, ISO 8601, KR-20", []),
        ("the Action Plan 2018-2020", []),
        ("108 of 141 members (76.6%)", ["108", "141", "76.6"]),
        ("a gap of −14 points", ["14"]),
        # only the edition's year and a period ending at it are the report's time
        ("in 2019 and 2021", ["2019", "2021"]),
        ("the plan 2018-2021", ["2018", "2021"]),
        ("4321 debates", ["4321"]),
    ],
)
def test_numbers_in_prose(text, expected):
    assert self_audit.numbers(text, RULES) == expected


def test_the_edition_s_year_is_a_parameter_of_the_rules():
    assert self_audit.numbers("in 2021", self_audit.structural_rules(2021)) == []
    assert self_audit.numbers("in 2020", self_audit.structural_rules(2021)) == ["2020"]
