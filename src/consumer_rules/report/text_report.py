"""Human-readable findings: ``path:line:col: severity CODE message``, the source line marked, law and fix."""

from __future__ import annotations

import unicodedata

from ..findings import CONTEXT_AROUND, UNVERIFIED_EN, Finding, Report, cite
from .safe import no_commands, printable

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"


def _width(text: str) -> int:
    """Display width in a terminal: Chinese and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _marker(finding: Finding) -> tuple[str, str] | None:
    """The source line and a caret line under the excerpt (first line of a multi-line excerpt). Control
    characters in the line are shown escaped, and the carets count the escapes' width."""
    line = finding.context.replace("\t", " ")  # one cell per tab keeps columns and carets aligned
    if finding.scope == "document" and finding.start == finding.end:
        return None
    shift = finding.context_column - 1  # a long line is cut around the excerpt: columns count from the cut
    column, end_column = finding.column - shift, finding.end_column - shift
    # The finding keeps lines up to CONTEXT_MAX characters whole (JSON, HTML); a terminal shows at most
    # CONTEXT_AROUND characters either side of the excerpt, as for a line the finding itself had to cut.
    first = max(0, column - 1 - CONTEXT_AROUND)
    stop = end_column - 1 if finding.end_line == finding.line else column - 1
    last = min(len(line), stop + CONTEXT_AROUND)
    before = ("…" if shift or first else "") + printable(line[first : column - 1])
    if finding.end_line == finding.line:
        marked = printable(line[column - 1 : end_column - 1])
        after = printable(line[end_column - 1 : last]) + ("…" if last < len(line) else "")
    else:
        marked, after = printable(line[column - 1 : last]) + ("…" if last < len(line) else ""), ""
    return before + marked + after, " " * _width(before) + "^" * max(1, _width(marked))


def render_finding(finding: Finding, color: bool = False) -> str:
    sev = finding.severity.value
    c = (lambda code, s: f"{code}{s}{_RESET}") if color else (lambda code, s: s)
    head = (
        f"{c(_BOLD, f'{printable(finding.path)}:{finding.line}:{finding.column}:')} "
        f"{c(_COLORS[sev], sev)} {c(_BOLD, printable(finding.rule_id))} {printable(finding.message)}"
    )
    out = [head, f"    {c(_DIM, printable(finding.message_en))}"]
    marker = _marker(finding)
    if marker:
        gutter = f"{finding.line:>5} | "
        out.append(gutter + marker[0])
        out.append(" " * (len(gutter) - 2) + "| " + c(_COLORS[sev], marker[1]))
    if finding.field is not None:  # a product record's field, which is no wording of the document
        out.append(f"    字段 field: {printable(finding.field)}")
    elif finding.scope == "document":
        where = "标出的内容要求" if marker else "本文档要求"
        out.append(f"    缺少 missing: {where}的表述在文档中没有找到 / required wording not found in the document")
    for r in finding.related:
        where = f"{r.line}:{r.column}" if r.scope != "document" or r.start != r.end else "document"
        text = f" {r.excerpt}" if r.excerpt else ""
        # the same rule again (its words repeated): the message above says what it is
        said = "" if r.rule_id == finding.rule_id else f" — {r.message_en}"
        out.append(f"    同一问题 also: {r.rule_id} {where}{printable(text)}{said}")
    out.append(f"    依据 law: {printable(cite(finding.references))}")
    if not finding.citation_verified:
        out.append(f"    引文未核 {UNVERIFIED_EN}")
    out.append(f"    建议 fix: {printable(finding.fix)}")
    return "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render(report: Report, color: bool = False) -> str:
    blocks = [render_finding(f, color) for f in report.findings]
    for path, reason in report.skipped:
        blocks.append(skipped_line(path, reason))
    blocks.append(summary_block(report))
    return no_commands("\n\n".join(blocks) + "\n")


def counts_line(report: Report) -> str:
    """``N findings (E errors, W warnings, I info) in F of N files checked[; W waived][; S skipped]``, in every
    text format (``0 findings in N files checked`` when there are none). Waived findings are counted, so that a
    run whose findings were all accepted does not read like one that found nothing."""
    s = report.summary()
    sev = s["by_severity"]
    skipped = (f"; {s['waived']} waived" if s["waived"] else "") + (f"; {s['skipped']} skipped" if s["skipped"] else "")
    skipped += not_read_note(s["not_read"])
    if not s["findings"]:  # "in 0 of 1 file checked" read as if nothing had been checked
        return f"0 findings in {_count(s['files'], 'file')} checked{skipped}"
    line = (
        f"{_count(s['findings'], 'finding')} ({_count(sev['error'], 'error')}, {_count(sev['warning'], 'warning')}, "
        f"{sev['info']} info) in {s['files_with_findings']} of {_count(s['files'], 'file')} checked"
    )
    return line + skipped


def not_read_note(not_read: dict[str, int]) -> str:
    """``; 3 other files not read (.csv 2, .jpg 1)``: files in the folders checked whose type holds no copy read
    here. Not an error (a folder of copy holds images too), but said, so that copy kept as .csv is not taken for
    checked."""
    if not not_read:
        return ""
    kinds = ", ".join(f"{printable(kind)} {n}" for kind, n in not_read.items())
    return f"; {_count(sum(not_read.values()), 'other file')} not read ({kinds})"


def summary_block(report: Report) -> str:
    """The closing summary: counts, categories, files read in another encoding."""
    s = report.summary()
    summary = counts_line(report)
    if s["findings"]:
        cats = ", ".join(f"{k} {v}" for k, v in s["by_category"].items())
        summary += f"\nby category: {cats}"
    unusual = [
        f"{printable(path)} ({enc})"
        for path, (_, enc) in report.formats.items()
        if enc not in (None, "utf-8", "utf-8-sig")
    ]
    if unusual:
        summary += f"\nread with another encoding: {', '.join(unusual)}"
    return summary


def skipped_line(path: str, reason: str) -> str:
    """``path: skipped: reason``, safe to print anywhere."""
    return no_commands(f"{printable(path)}: skipped: {printable(reason)}")
