"""The JSON report from findings written as JSON where they were found (worker processes) is byte for byte the
report written from the findings themselves."""

from __future__ import annotations

from consumer_rules import RuleSet
from consumer_rules.findings import Report
from consumer_rules.report.json_report import finding_json, render

TEXTS = {
    "a.txt": "本理财产品保本保息，年化收益4.5%，最佳选择！",
    'b "quoted"\n\u2028.txt': "使用即视为同意本政策。最终解释权归本公司所有。\u2028零风险\x07",
    "c.txt": "今天天气很好。",
}


def _reports(rules: RuleSet) -> list[Report]:
    return [rules.check_text(text, path=path) for path, text in TEXTS.items()]


def _encoded(report: Report) -> Report:
    report.encoded = {f: finding_json(f) for f in report.findings}
    return report


def test_encoded_findings_give_the_same_report(builtin: RuleSet) -> None:
    plain, encoded = Report(), Report()
    for report in _reports(builtin):
        plain.extend(report)
    for report in _reports(builtin):
        encoded.extend(_encoded(report))
    assert set(encoded.encoded) == set(encoded.findings) and len(encoded.findings) > 3
    assert any(f.related for f in encoded.findings)  # nested lists of locations are written the same way too
    assert render(encoded) == render(plain)


def test_findings_without_their_json_are_written_by_the_report(builtin: RuleSet) -> None:
    first, second, third = _reports(builtin)
    merged = Report()
    merged.extend(_encoded(first))
    merged.extend(second)  # not encoded (the standard input, a product description): no partial list is kept
    merged.extend(_encoded(third))
    assert set(merged.encoded) == set(first.findings) | set(third.findings)  # the second's are written at the end
    plain = Report()
    for report in _reports(builtin):
        plain.extend(report)
    assert render(merged) == render(plain)


def test_findings_changed_after_they_were_written_keep_their_own_json(builtin: RuleSet) -> None:
    """Dropped and reordered after their JSON was written (a waiver, a sort), findings are still each written
    as themselves: the JSON is kept per finding, not as a list beside them."""
    encoded, plain = Report(), Report()
    for report in _reports(builtin):
        encoded.extend(_encoded(report))
        plain.extend(report)
    for report in (encoded, plain):
        report.findings = list(reversed(report.findings[1:]))
    assert render(encoded) == render(plain)


def test_no_findings() -> None:
    report = Report(files=["a.txt"], encoded={})
    assert '"findings": []' in render(report)
