"""Machine-readable findings, described by schemas/findings.schema.json."""

from __future__ import annotations

import json
import uuid

from .. import __version__
from ..findings import Finding, Report
from .safe import json_safe


def to_dict(report: Report) -> dict[str, object]:
    return _document(report, [f.to_dict() for f in report.findings])


def finding_json(finding: Finding) -> str:
    """One finding as it stands in the report's list of findings (each line after the first indented two levels),
    so that worker processes can write it while they check and the parent only joins them
    (:attr:`Report.encoded`); a finding not written so is written here, when the report is."""
    return json.dumps(finding.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")


def _document(report: Report, findings: object) -> dict[str, object]:
    return {
        "version": __version__,
        "files": [
            {
                "path": path,
                "format": report.formats.get(path, ("text", None))[0],
                "encoding": report.formats.get(path, ("text", None))[1],
            }
            for path in report.files
        ],
        "findings": findings,
        "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
        "summary": report.summary(),
    }


def render(report: Report, color: bool = False) -> str:
    if not report.findings or not report.encoded:
        return json_safe(json.dumps(to_dict(report), ensure_ascii=False, indent=2)) + "\n"
    # The findings were written as JSON where they were found: the rest of the document is written with a
    # stand-in for their list (a NUL and a random token, which no path or reason holds), then the list goes in.
    mark = "\x00" + uuid.uuid4().hex
    text = json.dumps(_document(report, mark), ensure_ascii=False, indent=2)
    head, found, tail = text.partition(json.dumps(mark))
    if not found:  # pragma: no cover - the stand-in is always there
        return json_safe(json.dumps(to_dict(report), ensure_ascii=False, indent=2)) + "\n"
    written = [report.encoded.get(f) or finding_json(f) for f in report.findings]
    return json_safe(head + "[\n    " + ",\n    ".join(written) + "\n  ]" + tail) + "\n"
