"""JUnit XML, for CI systems that show test results: one test case per file, failing when it has findings."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from ..findings import Finding, Report
from .safe import no_commands_markup, printable, xml_safe


def _line(f: Finding) -> str:
    return xml_safe(
        printable(
            f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.rule_id} {f.message} / {f.message_en} [{f.excerpt}]"
        )
    )


def render(report: Report, color: bool = False) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_file[f.path].append(f)
    errors = sum(1 for path in report.files if any(f.severity.value == "error" for f in by_file[path]))
    failing = sum(1 for path in report.files if by_file[path])
    suite = ET.Element(
        "testsuite",
        name="consumer-rules",
        tests=str(len(report.files) + len(report.skipped)),
        failures=str(failing),
        errors="0",
        skipped=str(len(report.skipped)),
    )
    suite.set("error-findings", str(errors))
    for path in report.files:
        case = ET.SubElement(suite, "testcase", classname="consumer-rules", name=xml_safe(printable(path)))
        findings = by_file[path]
        if findings:
            worst = max(findings, key=lambda f: f.severity.rank).severity.value
            failure = ET.SubElement(case, "failure", type=worst, message=f"{len(findings)} finding(s)")
            failure.text = "\n".join(_line(f) for f in findings)
    for path, reason in report.skipped:
        case = ET.SubElement(suite, "testcase", classname="consumer-rules", name=xml_safe(printable(path)))
        ET.SubElement(case, "skipped", message=xml_safe(printable(reason)))
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + no_commands_markup(ET.tostring(suite, encoding="unicode")) + "\n"
    )
