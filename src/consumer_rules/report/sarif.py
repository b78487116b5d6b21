"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Columns and offsets are code points (``columnKind: unicodeCodePoints``). Each result carries the rule's
category in ``properties`` and a ``partialFingerprints`` entry that stays stable when lines move.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..findings import UNVERIFIED_EN, Finding, Report, cite
from .safe import json_safe

INFORMATION_URI = "https://pypi.org/project/consumer-rules/"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A URI reference, as SARIF requires: a relative path is percent-encoded like an absolute one, so that a
    space, ``#``, ``%``, ``?`` or a colon in a file name is read as part of the name (not as a fragment, an
    escape, a query or a scheme), and non-ASCII names are UTF-8 escaped."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix(), safe="/")


def _law(f: Finding) -> str:
    return cite(f.references) + ("" if f.citation_verified else f" ({UNVERIFIED_EN})")


def _rule(f: Finding) -> dict[str, Any]:
    law = _law(f)
    return {
        "id": f.rule_id,
        "name": f.name,
        "shortDescription": {"text": f.message_en},
        "fullDescription": {"text": f"{f.message}\n{f.message_en}"},
        "help": {
            "text": f"{f.message}\n{f.message_en}\n依据 Law: {law}\n建议 Fix: {f.fix}",
            "markdown": f"{f.message}  \n*{f.message_en}*\n\n**依据 Law:** {law}\n\n**建议 Fix:** {f.fix}",
        },
        "defaultConfiguration": {"level": _LEVELS[f.severity.value]},
        "properties": {
            "category": f.category,
            "tags": [f.category],
            "references": [str(r) for r in f.references],
            "citationVerified": f.citation_verified,
        },
    }


def _region(f: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "charOffset": f.start,
        "charLength": f.end - f.start,
    }
    if f.excerpt:
        region["snippet"] = {"text": f.excerpt}
    return region


def _result(f: Finding, index: int) -> dict[str, Any]:
    region = _region(f)
    properties: dict[str, Any] = {"category": f.category, "scope": f.scope, "citationVerified": f.citation_verified}
    if f.paragraph is not None:
        properties["paragraph"] = f.paragraph
    if f.page is not None:
        properties["page"] = f.page
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": _LEVELS[f.severity.value],
        "message": {"text": f"{f.message}\n{f.message_en}\n建议 Fix: {f.fix}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
        "partialFingerprints": {"consumerRules/v1": f.fingerprint},
        "properties": properties,
    }
    if f.related:  # the same problem found by other rules or at other triggers (see grouping.py)
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": _region(r)},
                "message": {"text": f"{r.rule_id} {r.message}\n{r.message_en}"},
            }
            for i, r in enumerate(f.related, start=1)
        ]
    return result


def to_dict(report: Report) -> dict[str, Any]:
    rules: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    for f in report.findings:
        if f.rule_id not in rules:
            rules[f.rule_id] = len(descriptors)
            descriptors.append(_rule(f))
    # A skipped input was not checked, so the run did not do what it was asked: SARIF readers must not show it
    # as a clean run (the CLI's exit status says the same unless --missing ok).
    notifications = [
        {"level": "error", "message": {"text": f"{path}: skipped: {reason}"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}}}]}
        for path, reason in report.skipped
    ]  # fmt: skip
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "consumer-rules", "version": __version__, "informationUri": INFORMATION_URI,
                            "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rules[f.rule_id]) for f in report.findings],
        "invocations": [{"executionSuccessful": not report.skipped, "toolExecutionNotifications": notifications}],
    }  # fmt: skip
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def render(report: Report, color: bool = False) -> str:
    return json_safe(json.dumps(to_dict(report), ensure_ascii=False, indent=2)) + "\n"
