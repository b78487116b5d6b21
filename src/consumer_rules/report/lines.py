"""Line formats, written as files finish: ``jsonl`` (one JSON object per finding) and ``concise`` (one line
per finding), and the streaming writer the command line uses for them and for ``text`` and ``github``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from ..findings import Finding, Report
from . import github, text_report
from .safe import json_safe, no_commands, printable

STREAMING = ("text", "concise", "jsonl", "github")


def jsonl_finding(f: Finding) -> str:
    """One finding: the fields of the JSON format's findings (schemas/findings.schema.json), on one line."""
    return json_safe(json.dumps(f.to_dict(), ensure_ascii=False)) + "\n"


def jsonl_skipped(path: str, reason: str) -> str:
    return json_safe(json.dumps({"path": path, "skipped": reason}, ensure_ascii=False)) + "\n"


def concise_finding(f: Finding) -> str:
    """``path:line:col: severity RULE 中文说明 / English message [excerpt]``: the rule's message in Chinese first,
    as every other format gives it, so a reader who skims one line reads the same words as in the full report."""
    excerpt = f.excerpt if len(f.excerpt) <= 40 else f.excerpt[:39] + "…"
    message = f"{f.message} / {f.message_en}" if f.message_en else f.message
    line = f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.rule_id} {message} [{excerpt}]"
    return no_commands(printable(line)) + "\n"


def summary_line(report: Report) -> str:
    return text_report.counts_line(report) + "\n"


def render_jsonl(report: Report, color: bool = False) -> str:
    return "".join(map(jsonl_finding, report.findings)) + "".join(jsonl_skipped(p, r) for p, r in report.skipped)


def render_concise(report: Report, color: bool = False) -> str:
    lines = [concise_finding(f) for f in report.findings]
    lines += [text_report.skipped_line(p, r) + "\n" for p, r in report.skipped]
    return "".join(lines) + summary_line(report)


class StreamWriter:
    """Writes each file's findings as soon as its report arrives; the summary (if the format has one) at the
    end. Findings arrive in a fixed order (files in walk order, each file's findings in text order), so the
    output is the same whatever the number of worker processes."""

    def __init__(self, fmt: str, out: TextIO, color: bool = False) -> None:
        self.out = out
        self.fmt = fmt
        self.color = color
        self._first = True
        writers: dict[str, Callable[[Report], str]] = {
            "text": self._text,
            "concise": lambda r: "".join(map(concise_finding, r.findings)),
            "jsonl": lambda r: "".join(map(jsonl_finding, r.findings)),
            "github": lambda r: "".join(github._annotation(f) + "\n" for f in r.findings),
        }
        self._write = writers[fmt]

    def _text(self, report: Report) -> str:
        blocks = [text_report.render_finding(f, self.color) for f in report.findings]
        if not blocks:
            return ""
        text = no_commands("\n\n".join(blocks))
        text = text if self._first else "\n" + text
        self._first = False
        return text + "\n"

    def file(self, report: Report) -> None:
        text = self._write(report)
        if text:
            self.out.write(text)
            self.out.flush()

    def end(self, total: Report) -> None:
        """Skipped inputs and the summary, after every finding (as the whole-report formats put them)."""
        skipped = total.skipped
        if self.fmt == "text":
            blocks = [text_report.skipped_line(p, r) for p, r in skipped] + [text_report.summary_block(total)]
            self.out.write(("" if self._first else "\n") + no_commands("\n\n".join(blocks)) + "\n")
        elif self.fmt == "concise":
            self.out.write("".join(text_report.skipped_line(p, r) + "\n" for p, r in skipped) + summary_line(total))
        elif self.fmt == "jsonl":
            self.out.write("".join(jsonl_skipped(p, r) for p, r in skipped))
        else:
            self.out.write(self._github_end(total))
        self.out.flush()

    @staticmethod
    def _github_end(total: Report) -> str:
        lines = [f"::warning file={github._property(p)}::{github._data('skipped: ' + r)}" for p, r in total.skipped]
        lines.append(github.summary_line(total))
        return "\n".join(lines) + "\n"
