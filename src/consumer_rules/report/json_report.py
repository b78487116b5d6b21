"""Machine-readable findings, described by schemas/findings.schema.json."""

from __future__ import annotations

import json

from .. import __version__
from ..findings import Report
from .safe import json_safe


def to_dict(report: Report) -> dict[str, object]:
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
        "findings": [f.to_dict() for f in report.findings],
        "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
        "summary": report.summary(),
    }


def render(report: Report, color: bool = False) -> str:
    return json_safe(json.dumps(to_dict(report), ensure_ascii=False, indent=2)) + "\n"
