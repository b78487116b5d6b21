"""Waivers: accepted findings, with a reason.

Inline, in the copy itself::

    <!-- consumer-rules: disable FIN020 -- 经法务审核，此处为监管要求的示例文字 -->   (HTML, Markdown)
    consumer-rules: disable AD003,AD005 -- 排名有第三方证明，见附件                   (a line of plain text)

A directive covers the next block (HTML, Markdown) or the next non-empty line (plain text). A directive
without a reason waives nothing and is reported (CR001); one that waives nothing is reported (CR002).

In a waiver file, for content that cannot carry comments (Word, PDF, copy owned by others): each entry names
the rule, the finding's fingerprint (rule, matched text and its line: stable when lines move), the reason,
who approved it and until when. An expired entry waives nothing, so its finding re-opens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, RuleLoadError
from .extract import BLOCK, Extracted
from .findings import Finding, LineIndex, Reference, Report, Severity
from .grouping import repeats, waivable, without_related
from .lazy import lazy_regex

if TYPE_CHECKING:
    import datetime as dt

_DIRECTIVE = lazy_regex(
    r"consumer-rules:\s*disable\s+(?P<codes>[A-Za-z0-9_.,\s]+?)\s*(?:--(?!>)\s*(?P<reason>.*?))?\s*(?:-->|\n|$)",
    re.MULTILINE,
)
_NO_REASON = ("CR001", "waiver.missing_reason")
_TRUNCATED = lazy_regex(r" more findings of (\S+) in this file")  # the CR003 note (ruleset.MAX_FINDINGS_PER_RULE)
_UNUSED = ("CR002", "waiver.unused")
_REFERENCE = (Reference("consumer-rules", "waivers"),)


@dataclass
class Directive:
    codes: tuple[str, ...]
    reason: str
    start: int  # of the directive in the source
    end: int
    covers: tuple[int, int]  # the source range it waives
    used: bool = False


@dataclass(frozen=True)
class FileWaiver:
    rule: str
    fingerprint: str
    reason: str
    approver: str | None = None
    expires: dt.date | None = None
    path: str | None = None


@dataclass
class WaiverFile:
    path: str
    entries: list[FileWaiver] = field(default_factory=list)
    root: Path | None = None  # entries' paths are relative to this folder (see waiver_root)


def waiver_root(waiver_file: Path, config_dir: Path | None = None) -> Path:
    """The folder a waiver file's paths are relative to: the config file's folder when a config is in use,
    else the git work tree holding the waiver file, else the waiver file's own folder. The same waivers then
    match whatever the current folder, and for absolute paths too."""
    if config_dir is not None:
        return config_dir.resolve()
    folder = waiver_file.resolve().parent
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate
    return folder


def rooted(path: str, root: Path | None) -> str:
    """``path`` as a waiver file records it: relative to ``root`` (posix), or as given for <stdin> and paths
    outside the root."""
    if root is None or path.startswith("<"):
        return Path(path).as_posix()
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def directives(extracted: Extracted) -> list[Directive]:
    source = extracted.source
    found = []
    last = (-1, -1)
    for m in _DIRECTIVE.finditer(source):
        codes = tuple(c.strip() for c in re.split(r"[,\s]+", m.group("codes")) if c.strip())
        last = _covered(extracted, m.end(), last)
        found.append(Directive(codes, (m.group("reason") or "").strip(), m.start(), m.end(), last))  # fmt: skip
    return found


_NOT_SPACE = lazy_regex(f"[^\\s{BLOCK}]")


def _covered(extracted: Extracted, after: int, previous: tuple[int, int] = (-1, -1)) -> tuple[int, int]:
    """The next block (masked formats) or next non-empty line (plain text) after ``after``. ``previous`` is what
    the directive before this one covers: when this one's block starts inside it, the block's end is known,
    so a file of many directives is read once, not once per directive."""
    text = extracted.text
    m = _NOT_SPACE.search(text, after)
    start = m.start() if m else len(text)
    if previous[0] <= start < previous[1]:
        return start, previous[1]
    end = text.find(BLOCK if extracted.format in ("html", "markdown") else "\n", start)
    return start, len(text) if end < 0 else end


def _meta(code: tuple[str, str], message: str, message_en: str, fix: str, path: str, lines: LineIndex,
          start: int, end: int, severity: Severity) -> Finding:  # fmt: skip
    return Finding.at(lines, start, end, rule=(code[0], code[1], "other"), severity=severity,
                      messages=(message, message_en), path=path, references=_REFERENCE, fix=fix)  # fmt: skip


def apply_inline(report: Report, extracted: Extracted, path: str) -> Report:
    """Drop the findings waived by directives in the file; report directives without a reason or use."""
    found = directives(extracted)
    if not found:
        return report
    lines = LineIndex(extracted.source)
    kept: list[Finding] = []
    # Directives are in source order and so are the starts and the ends of what they cover: the directives
    # covering an offset are a run found by two binary searches (a scan per finding was quadratic).
    # Rules whose findings were cut short in this file (CR003): a directive for them may cover an unlisted one.
    truncated = [m.group(1) for f in report.findings if f.rule_id == "CR003" and (m := _TRUNCATED.search(f.message_en))]
    cover_starts = [d.covers[0] for d in found]
    cover_ends = [d.covers[1] for d in found]

    def waiver_of(f: Finding) -> Directive | None:
        first, last = bisect_right(cover_ends, f.start), bisect_right(cover_starts, f.start)
        return next(
            (d for d in found[first:last] if d.reason and d.covers[0] <= f.start < d.covers[1]
             and any(f.rule_id.startswith(c) or f.name.startswith(c) for c in d.codes)),
            None,
        )  # fmt: skip

    for f, waiver in waivable(report.findings, waiver_of):  # a waiver covers its own block
        if waiver is None:  # a waiver of a related location removes that location only
            f, dropped = without_related(f, lambda r: waiver_of(r) is not None)
            for r in dropped:
                used = waiver_of(r)
                assert used is not None
                used.used = True
                report.waived.append((r, used.reason))
            kept.append(f)
        else:  # a waiver of the primary covers the group
            waiver.used = True
            report.waived.append((f, waiver.reason))
    for d in found:
        if not d.reason:
            kept.append(
                _meta(
                    _NO_REASON,
                    "豁免注释没有写明理由，未生效。",
                    "A waiver without a reason waives nothing.",
                    "在规则代码后写上“-- 理由”，说明为何可以豁免。",
                    path,
                    lines,
                    d.start,
                    d.end,
                    Severity.warning,
                )
            )
        elif not d.used and not any(code.startswith(c) for code in truncated for c in d.codes):
            kept.append(
                _meta(
                    _UNUSED,
                    "豁免注释没有豁免任何问题，可以删除。",
                    "This waiver does not waive any finding.",
                    "删除这条豁免注释，或检查规则代码是否写对。",
                    path,
                    lines,
                    d.start,
                    d.end,
                    Severity.info,
                )
            )
    kept.sort(key=lambda f: (f.start, f.end, f.rule_id))
    report.findings = kept
    if kept:
        report.sources.setdefault(path, extracted.source)  # waiver findings are shown in place too
    return report


def load_waiver_file(path: Path, root: Path | None = None) -> WaiverFile:
    """Read a waiver file; its entries' paths are relative to ``root`` (default: :func:`waiver_root`)."""
    from .yamlfile import read_yaml

    doc, problems = read_yaml(path, str(path))
    if doc is None:
        raise RuleLoadError(problems)
    data = doc.data.get("waivers") if isinstance(doc.data, dict) else None
    if not isinstance(data, list):
        raise RuleLoadError([Problem(str(path), 1, 1, "a waiver file needs a 'waivers:' list")])
    out = WaiverFile(str(path), root=root or waiver_root(path))
    for i, item in enumerate(data):
        loc = ("waivers", i)
        if not isinstance(item, dict):
            problems.append(doc.problem(loc, "each waiver is a mapping"))
            continue
        missing = [k for k in ("rule", "fingerprint", "reason") if not str(item.get(k) or "").strip()]
        unknown = sorted(set(item) - {"rule", "fingerprint", "reason", "approver", "expires", "path", "excerpt"})
        if missing or unknown:
            what = ", ".join([f"missing '{k}'" for k in missing] + [f"unknown key '{k}'" for k in unknown])
            problems.append(doc.problem(loc, f"waiver {i + 1}: {what}"))
            continue
        expires = item.get("expires")
        import datetime as dt  # only for a waiver file: a run without one does not import it

        if expires is not None and (not isinstance(expires, dt.date) or isinstance(expires, dt.datetime)):
            problems.append(doc.problem((*loc, "expires"), f"waiver {i + 1}: 'expires' must be a date (YYYY-MM-DD)"))
            continue
        wrong = [k for k in ("rule", "fingerprint", "reason", "approver", "path", "excerpt")
                 if item.get(k) is not None and not isinstance(item[k], str)]  # fmt: skip
        if wrong:
            problems.append(doc.problem((*loc, wrong[0]), f"waiver {i + 1}: '{wrong[0]}' must be text"))
            continue
        out.entries.append(FileWaiver(str(item["rule"]), str(item["fingerprint"]), str(item["reason"]),
                                      item.get("approver"), expires, item.get("path")))  # fmt: skip
    if problems:
        raise RuleLoadError(problems)
    return out


def entries_for_missing_files(waivers: WaiverFile) -> list[FileWaiver]:
    """Entries naming a file that does not exist (moved, renamed, deleted): they can waive nothing, and saying
    so is better than a waiver that silently stopped applying."""
    root = waivers.root or Path()
    return [
        w for w in waivers.entries if w.path is not None and not (root / w.path).exists() and not Path(w.path).exists()
    ]


def apply_file(report: Report, waivers: WaiverFile, today: dt.date | None = None) -> Report:
    """Drop the findings a waiver file accepts; expired entries accept nothing."""
    if today is None:
        import datetime as dt

        today = dt.date.today()
    active = {(w.rule, w.fingerprint): w for w in waivers.entries if w.expires is None or w.expires >= today}
    kept = []

    def entry_of(f: Finding) -> FileWaiver | None:
        w = active.get((f.rule_id, f.fingerprint))
        # Entry paths are relative to the file's root; a path as given on the command line (files written
        # before paths were rooted) still matches.
        if w is None or w.path is None:
            return w
        return w if Path(w.path).as_posix() in (rooted(f.path, waivers.root), Path(f.path).as_posix()) else None

    for f, w in waivable(report.findings, entry_of):  # the primary's entry covers the group, not its words elsewhere
        if w is not None:
            report.waived.append((f, w.reason))
            continue
        f, dropped = without_related(f, lambda r: entry_of(r) is not None)
        for r in dropped:
            entry = entry_of(r)
            assert entry is not None
            report.waived.append((r, entry.reason))
        kept.append(f)
    # a repeat that now stands on its own goes back to its place in its file
    order = {path: i for i, path in enumerate(dict.fromkeys(f.path for f in kept))}
    kept.sort(key=lambda f: (order[f.path], f.start, f.end, f.rule_id))
    report.findings = kept
    return report


def baseline(
    report: Report, approver: str | None, expires: dt.date | None, reason: str, root: Path | None = None
) -> tuple[str, int]:
    """A waiver file accepting every finding of ``report`` (for adopting the tool on existing content), and the
    number of its entries (one per place: a finding's repeats of its words elsewhere have their own); paths are
    written relative to ``root`` (see :func:`waiver_root`)."""
    entries: list[dict[str, Any]] = []
    for f in (g for primary in report.findings for g in (primary, *repeats(primary))):  # each place its own
        entry: dict[str, Any] = {"rule": f.rule_id, "fingerprint": f.fingerprint, "path": rooted(f.path, root),
                                 "excerpt": f.excerpt, "reason": reason}  # fmt: skip
        if approver:
            entry["approver"] = approver
        if expires:
            entry["expires"] = expires
        entries.append(entry)
    header = (
        "# consumer-rules waivers: accepted findings. Each needs a reason; an expired entry re-opens its\n"
        "# finding. The fingerprint covers the rule, the matched text and its line, so it survives moves.\n"
        "# Paths are relative to the project root: the config file's folder, else the git work tree, else\n"
        "# this file's folder.\n"
    )
    import yaml

    text = yaml.dump({"waivers": entries}, Dumper=_no_aliases(), allow_unicode=True, sort_keys=False)
    return header + text, len(entries)


def _no_aliases() -> type[Any]:
    """A dumper that writes repeated values (the same date on every entry) out in full: waiver files refuse
    aliases. Built on use, so checking copy never imports PyYAML's dumper."""
    import yaml

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return NoAliases
