"""One self-contained HTML page for reviewing copy before launch: every checked document that has findings,
shown in full with each finding highlighted in place, filters by severity and category, and the message, law
and fix of a finding on hover, click or keyboard focus.

The page makes no request of its own: CSS and script are inline, and a Content-Security-Policy allows only
those two blocks (by hash), so nothing in the checked copy can run even if it were not escaped. Everything
from the report is escaped. Each document's text is embedded once; rule texts (message, law, fix) once per
rule, in the rule list at the end, from which the script fills the pop-up.

Filters can be set from the address: ``report.html#sev=error,warning&cat=guarantee_promise`` (or the same
as a query string) shows only those severities and categories.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .. import __version__
from ..findings import Finding, LineIndex, Reference, Report, Severity
from .safe import no_commands_markup

__all__ = ["render"]

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_HINTS = {
    "error": "发布前必须修改 must be fixed before publication",
    "warning": "须人工复核 must be reviewed",
    "info": "建议 advice",
}
_ZERO = ' class="zero"'

CATEGORY_LABELS = {
    "guarantee_promise": "保本保收益承诺",
    "missing_risk_warning": "缺少风险提示",
    "extreme_claim": "绝对化用语",
    "misleading_return": "误导性收益宣传",
    "fee_disclosure": "收费披露",
    "deposit_confusion": "混淆存款",
    "pressure_selling": "诱导销售",
    "privacy_overcollection": "过度收集个人信息",
    "privacy_third_party": "向他人提供个人信息",
    "privacy_consent": "个人信息同意",
    "unfair_terms": "不公平格式条款",
    "missing_complaint_channel": "缺少投诉渠道",
    "false_endorsement": "虚假背书",
    "suitability": "适当性",
    "inconsistency": "与产品信息不一致",
    "product_data": "产品信息",
    "other": "其他",
}

_EXCERPT_CHARS = 60  # excerpts in the lists are shortened; the document shows the whole span

# C0 and C1 control characters are not allowed in HTML text: show C0 as control pictures (␟, ␌; a PDF page
# break is a ␌ line), the rest as U+FFFD. One character for one, so nothing moves. Lone surrogates cannot be
# written as UTF-8 at all, and noncharacters are parse errors: U+FFFD too.
_CONTROLS = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_CONTROLS[0x7F] = 0x2421
_CONTROLS.update({c: 0xFFFD for c in range(0x80, 0xA0)})
# Bidi embeddings, overrides and isolates would reorder what the reviewer reads: shown as U+FFFD as well.
_CONTROLS.update({c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_UNWRITABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def _esc(text: str) -> str:
    """Text or attribute value, escaped for HTML (quotes included) and cleared of characters HTML forbids."""
    return no_commands_markup(html.escape(_UNWRITABLE.sub("\ufffd", text.translate(_CONTROLS)), quote=True))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1] + "…"


def _category(cat: str) -> str:
    label = CATEGORY_LABELS.get(cat)
    return f"{label} {cat}" if label else cat


def _where(f: Finding) -> str:
    out = f"第 {f.line} 行第 {f.column} 列 · line {f.line}, col {f.column}"
    if f.page is not None:
        out += f" · 第 {f.page} 页 page {f.page}"
    if f.paragraph is not None:
        out += f" · 第 {f.paragraph} 段 paragraph {f.paragraph}"
    return out


_RuleKey = tuple[str, str, str, str, str, str, tuple[Reference, ...], str]


def _rule_key(f: Finding) -> _RuleKey:
    return (f.rule_id, f.name, f.category, f.severity.value, f.message, f.message_en, f.references, f.fix)


@dataclass
class _Mark:
    """A highlighted span of one finding in its document; ``start == end`` marks a point."""

    index: int
    start: int
    end: int
    head: str  # opening tag of the first piece: focusable, with the id
    cont: str  # opening tag of the pieces after a split (line break or crossing finding)
    order: tuple[int, int, int] = field(init=False)

    def __post_init__(self) -> None:
        self.order = (self.start, -self.end, self.index)  # outer (longer, earlier) marks open first


class _Page:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.rules: dict[_RuleKey, str] = {}  # rule texts -> catalog id
        for f in report.findings:
            self.rules.setdefault(_rule_key(f), f"r{len(self.rules)}")
        self.by_path: dict[str, list[int]] = {}
        for i, f in enumerate(report.findings):
            self.by_path.setdefault(f.path, []).append(i)
        paths = [p for p in dict.fromkeys(report.files) if p in self.by_path]
        listed = set(paths)
        paths += [p for p in self.by_path if p not in listed]  # findings of a path not in ``files``
        self.doc_ids = {p: f"d{n}" for n, p in enumerate(paths)}

    # -- pieces ------------------------------------------------------------------------------------------

    def rid(self, f: Finding) -> str:
        return self.rules[_rule_key(f)]

    def data(self, i: int, f: Finding, popup: bool = False) -> str:
        """Attributes of the elements that stand for finding ``i``, which the script filters by; with ``popup``
        also what the pop-up shows (the rule's entry in the rule list, and where the finding is)."""
        attrs = f'data-f="{i}" data-sev="{_esc(f.severity.value)}" data-cat="{_esc(f.category)}"'
        if popup:
            attrs += f' data-r="{self.rid(f)}" data-loc="{f.line}:{f.column}"'
            if f.page is not None:
                attrs += f' data-page="{f.page}"'
            if f.paragraph is not None:
                attrs += f' data-para="{f.paragraph}"'
            if f.scope == "document":
                attrs += ' data-scope="document"'
        return attrs

    def badge(self, sev: str) -> str:
        return f'<span class="sev s-{_esc(sev)}">{SEVERITY_LABELS.get(sev, "")} {_esc(sev)}</span>'

    def rule_body(self, f: Finding, rid: str | None = None) -> str:
        """Message, law and fix. With ``rid`` (the rule list): the ids that marks' aria-describedby use."""

        def ident(suffix: str) -> str:
            return f' id="{rid}-{suffix}"' if rid else ""

        laws = "".join(f"<li>{_esc(r.law)} {_esc(r.article)}</li>" for r in f.references)
        return (
            f'<div class="body"><div class="what"><p class="msg"{ident("m")} lang="zh-CN">{_esc(f.message)}</p>'
            f'<p class="en"{ident("e")} lang="en">{_esc(f.message_en)}</p></div>'
            f'<div class="law"><h4>依据 <span lang="en">law</span></h4><ul>{laws}</ul></div>'
            f'<div class="fix"><h4>建议 <span lang="en">fix</span></h4><p{ident("x")}>{_esc(f.fix)}</p></div></div>'
        )

    # -- header --------------------------------------------------------------------------------------------

    def header(self) -> str:
        r = self.report
        s = r.summary()
        sev = s["by_severity"]
        waived = len(getattr(r, "waived", ()))
        if sev.get("error"):
            status = (
                f'<p class="status bad">有 {sev["error"]} 条错误级问题，发布前必须修改 · '
                f'<span lang="en">{sev["error"]} error(s) must be fixed before publication</span></p>'
            )
        elif s["findings"]:
            status = (
                '<p class="status warn">没有错误级问题，其余问题须复核 · '
                '<span lang="en">no errors; the remaining findings need review</span></p>'
            )
        else:
            status = '<p class="status ok">未发现问题 · <span lang="en">no findings</span></p>'
        stats = [
            (f'<b data-shown="">{s["findings"]}</b> / {s["findings"]}', "显示的问题", "findings shown"),
            (str(s["files"]), "检查的文件", "files checked"),
            (str(s["files_with_findings"]), "有问题的文件", "files with findings"),
            (str(s["skipped"]), "跳过的文件", "files skipped"),
        ]
        if waived:
            stats.append((str(waived), "已豁免", "waived"))
        cards = "".join(
            f'<div class="stat"><div class="num">{num}</div>'
            f'<div class="lbl">{zh} <span lang="en">{en}</span></div></div>'
            for num, zh, en in stats
        )
        return (
            '<header class="top">'
            '<h1>营销文案合规审查报告 <span lang="en">Consumer-protection review report</span></h1>'
            f'<p class="gen">consumer-rules {_esc(__version__)}</p>'
            f'{status}<div class="stats">{cards}</div></header>'
        )

    def filters(self) -> str:
        s = self.report.summary()
        sev_chips = []
        for value in (sv.value for sv in Severity):
            n = s["by_severity"].get(value, 0)
            sev_chips.append(
                f'<label class="chip s-{value}" title="{_esc(SEVERITY_HINTS[value])}">'
                f'<input type="checkbox" name="sev" value="{value}" checked><span class="dot"></span>'
                f'{SEVERITY_LABELS[value]} <span lang="en">{value}</span>'
                f'<span class="n" data-count-sev="{value}">{n}</span></label>'
            )
        cat_chips = [
            f'<label class="chip"><input type="checkbox" name="cat" value="{_esc(cat)}" checked>'
            f'{_esc(_category(cat))}<span class="n" data-count-cat="{_esc(cat)}">{n}</span></label>'
            for cat, n in s["by_category"].items()
        ]

        def group(name: str, zh: str, en: str, chips: list[str]) -> str:
            return (
                f'<fieldset><legend>{zh} <span lang="en">{en}</span></legend><div class="chips">{"".join(chips)}'
                f'<span class="all"><button type="button" data-all="{name}">全选 all</button>'
                f'<button type="button" data-none="{name}">全不选 none</button></span></div></fieldset>'
            )

        body = group("sev", "严重程度", "severity", sev_chips)
        if cat_chips:
            body += group("cat", "类别", "category", cat_chips)
        return (
            '<form id="filters" class="filters card" aria-label="筛选 filters">'
            '<h2>筛选 <span lang="en">Filter</span></h2>'
            f"{body}</form>"
        )

    def tally(self, indices: Sequence[int]) -> list[tuple[str, int]]:
        """(severity, count) for each severity, then ("all", total): the numbers the filters update."""
        c = Counter(self.report.findings[i].severity.value for i in indices)
        return [*((sv.value, c[sv.value]) for sv in Severity), ("all", len(indices))]

    def files(self) -> str:
        r = self.report
        rows = []
        for path, doc in self.doc_ids.items():
            cells = "".join(
                f'<td class="c s-{v}"><span data-n="{v}"{_ZERO if not n else ""}>{n}</span></td>'
                for v, n in self.tally(self.by_path[path])
            )
            rows.append(
                f'<tr data-doc="{doc}"><th scope="row"><a class="path" href="#{doc}">{_esc(path)}</a></th>{cells}</tr>'
            )
        heads = "".join(
            f'<th class="c s-{v}" scope="col">{SEVERITY_LABELS[v]} <span lang="en">{v}</span></th>'
            for v in (sv.value for sv in Severity)
        )
        table = (
            '<table class="files"><thead><tr><th scope="col">文件 <span lang="en">file</span></th>'
            f'{heads}<th class="c" scope="col">合计 <span lang="en">total</span></th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            if rows
            else ""
        )
        clean = [p for p in dict.fromkeys(r.files) if p not in self.by_path]
        extra = ""
        if clean:
            items = "".join(f'<li class="path">{_esc(p)}</li>' for p in clean)
            extra = (
                f'<details class="clean"><summary>另有 {len(clean)} 个文件未发现问题 · '
                f'<span lang="en">{len(clean)} file(s) with no findings</span></summary><ul>{items}</ul></details>'
            )
        skipped = ""
        if r.skipped:
            items = "".join(
                f'<li><span class="path">{_esc(p)}</span> — <span class="reason">{_esc(reason)}</span></li>'
                for p, reason in r.skipped
            )
            skipped = (
                f'<div class="skipped"><h3>跳过的文件 <span lang="en">Skipped files</span></h3><ul>{items}</ul></div>'
            )
        waived = ""
        waived_items = list(getattr(r, "waived", ()))
        if waived_items:
            items = "".join(
                f"<li>{self.badge(f.severity.value)} <code>{_esc(f.rule_id)}</code> "
                f'<span class="path">{_esc(f.path)}:{f.line}:{f.column}</span> 「{_esc(_short(f.excerpt))}」'
                f' — <span class="reason">{_esc(reason)}</span></li>'
                for f, reason in waived_items
            )
            waived = (
                '<details class="waived"><summary>已豁免的问题 <span lang="en">Waived findings</span> '
                f"({len(waived_items)})</summary><ul>{items}</ul></details>"
            )
        return (
            '<section class="card" aria-labelledby="files-h"><h2 id="files-h">文件 <span lang="en">Files</span></h2>'
            f"{table}{extra}{skipped}{waived}</section>"
        )

    # -- documents -----------------------------------------------------------------------------------------

    def document(self, path: str, doc: str) -> str:
        r = self.report
        indices = self.by_path[path]
        source = r.sources.get(path)
        fmt = r.formats.get(path)
        meta = " · ".join(x for x in (fmt[0], fmt[1]) if x) if fmt else ""
        doc_level = [i for i in indices if r.findings[i].scope == "document" or source is None]
        counts = "".join(
            f'<span class="cnt s-{v}"><span data-n="{v}"{_ZERO if not n else ""}>{n}</span> '
            f'{SEVERITY_LABELS.get(v, "合计")} <span lang="en">{v if v != "all" else "total"}</span></span>'
            for v, n in self.tally(indices)
        )
        head = (
            f'<header class="doc-head"><h2><span class="path">{_esc(path)}</span></h2>'
            f'<div class="doc-meta"><span>{_esc(meta)}</span><span class="cnts" data-doc="{doc}">{counts}</span></div>'
            "</header>"
        )
        parts = [f'<section class="doc card" id="{doc}" aria-label="{_esc(path)}">', head]
        if doc_level:
            items = []
            for i in doc_level:
                f = r.findings[i]
                trigger = ""
                if f.start < f.end and source is not None:
                    trigger = (
                        f'<p class="trigger">触发位置 <span lang="en">trigger</span>: '
                        f'<a class="jump" href="#t{i}">{f.line}:{f.column}</a> 「{_esc(_short(f.excerpt))}」</p>'
                    )
                elif f.start < f.end:
                    trigger = f'<p class="trigger">{_esc(_where(f))} 「{_esc(_short(f.excerpt))}」</p>'
                missing = (
                    '<p class="missing">缺少 <span lang="en">missing</span>: '
                    + ("标出的内容要求" if f.start < f.end else "本文档要求")
                    + '的表述在文档中没有找到 · <span lang="en">required wording not found in the document</span></p>'
                    if f.scope == "document"
                    else ""
                )
                items.append(
                    f'<li class="dl s-{_esc(f.severity.value)}" id="f{i}" {self.data(i, f)} data-r="{self.rid(f)}">'
                    f'<div class="dl-head">{self.badge(f.severity.value)} <code>{_esc(f.rule_id)}</code> '
                    f'<span class="rname">{_esc(f.name)}</span> <span class="cat">{_esc(_category(f.category))}</span>'
                    f"</div>{missing}{trigger}{self.rule_body(f)}</li>"
                )
            title = "文档级问题" if source is not None else "问题（源文本不可用）"
            title_en = "Document-level findings" if source is not None else "Findings (source text not available)"
            parts.append(
                f'<div class="doc-level"><h3>{title} <span lang="en">{title_en}</span></h3>'
                f"<ul>{''.join(items)}</ul></div>"
            )
        if source is not None:
            # The list of the document's findings is built by the script when opened, from the marks: the
            # excerpts and locations are not written twice.
            parts.append(
                f'<details class="toc" data-doc="{doc}" hidden><summary>问题列表 <span lang="en">findings</span> '
                f'(<span data-n="all">{len(indices)}</span>)</summary><ol></ol></details>'
            )
            parts.append(self.source(source, indices))
        parts.append("</section>")
        return "".join(parts)

    def source(self, text: str, indices: Sequence[int]) -> str:
        marks = []
        for i in indices:
            f = self.report.findings[i]
            if f.scope == "document" and f.start >= f.end:
                continue  # the whole document: listed above, nothing to mark
            start = max(0, min(f.start, len(text)))
            end = max(start, min(f.end, len(text)))
            sev = _esc(f.severity.value)
            data = self.data(i, f, popup=True)
            rid = self.rid(f)
            kind = " doc" if f.scope == "document" else ""
            ident = f"t{i}" if f.scope == "document" else f"f{i}"
            if not text[start:end].strip("\r\n"):
                end = start  # nothing visible to mark (an empty span, or only a line break): a point
            head = (
                f'<mark class="f s-{sev}{kind}{" empty" if start == end else ""}" id="{ident}" tabindex="0" '
                f'aria-describedby="{rid}-m {rid}-e {rid}-x" {data}>'
            )
            cont = f'<mark class="f s-{sev}{kind} cont" data-f="{i}">'
            marks.append(_Mark(i, start, end, head, cont))
        starts = LineIndex(text).starts
        if len(starts) > 1 and starts[-1] == len(text):
            starts.pop()  # the text ends with a line break: no empty last line
        digits = len(str(len(starts)))
        body = "".join(_lines(text, starts, marks))
        return f'<div class="src g{min(digits, 7)}" lang="zh-CN">{body}</div>'

    def catalog(self) -> str:
        first: dict[str, Finding] = {}
        count: Counter[str] = Counter()
        for f in self.report.findings:
            rid = self.rid(f)
            first.setdefault(rid, f)
            count[rid] += 1
        items = []
        for rid, f in sorted(first.items(), key=lambda kv: (kv[1].rule_id, kv[0])):
            items.append(
                f'<article class="rule s-{_esc(f.severity.value)}" id="{rid}">'
                f"<h3>{self.badge(f.severity.value)} <code>{_esc(f.rule_id)}</code> "
                f'<span class="rname">{_esc(f.name)}</span> <span class="cat">{_esc(_category(f.category))}</span>'
                f'<span class="times">×{count[rid]}</span></h3>{self.rule_body(f, rid)}</article>'
            )
        if not items:
            return ""
        return (
            '<section class="card rules" aria-labelledby="rules-h">'
            '<h2 id="rules-h">规则说明 <span lang="en">Rules</span></h2>'
            f"{''.join(items)}</section>"
        )

    def page(self) -> str:
        docs = "".join(self.document(p, d) for p, d in self.doc_ids.items())
        body = (
            f"<main>{self.header()}{self.filters() if self.report.findings else ''}{self.files()}{docs}"
            f'{self.catalog()}</main><div id="pop" class="pop" role="tooltip" hidden></div>'
        )
        return (
            "<!DOCTYPE html>\n"
            '<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="generator" content="consumer-rules">'
            "<title>consumer-rules 审查报告</title>"
            f"<style>{_CSS}</style></head>\n<body>{body}\n<script>{_JS}</script></body></html>\n"
        )


def _lines(text: str, starts: list[int], marks: list[_Mark]) -> Iterator[str]:
    """The text as one ``<div class="l">`` per line with every mark properly nested: a mark that crosses a
    line break or the end of an enclosing mark is closed there and reopened (as a continuation piece).
    A point (empty mark) is written where it stands, at the end of its line if it stands on the line break."""
    spans = sorted((m for m in marks if m.start < m.end), key=lambda m: m.start)
    points: dict[int, list[_Mark]] = {}
    for m in sorted((m for m in marks if m.start == m.end), key=lambda m: m.order):
        points.setdefault(bisect_right(starts, m.start) - 1, []).append(m)
    opened: set[int] = set()  # marks whose first piece has been written
    carry: list[_Mark] = []  # marks that reach into the current line
    si = 0
    for n, line_start in enumerate(starts):
        next_start = starts[n + 1] if n + 1 < len(starts) else len(text)
        line_end = line_start + len(text[line_start:next_start].rstrip("\r\n"))
        while si < len(spans) and spans[si].start < line_end:
            carry.append(spans[si])
            si += 1
        inline = [m for m in carry if m.end > line_start]
        here = [(min(p.start, line_end), p) for p in points.get(n, ())]
        cuts = sorted(
            {line_start, line_end}
            | {max(line_start, m.start) for m in inline}
            | {min(line_end, m.end) for m in inline}
            | {at for at, _ in here}
        )
        out = ['<div class="l">']
        stack: list[_Mark] = []
        for a, b in zip(cuts, [*cuts[1:], line_end], strict=True):
            out.extend(p.head + "</mark>" for at, p in here if at == a)
            if a == b:
                continue
            want = sorted((m for m in inline if m.start <= a and m.end >= b), key=lambda m: m.order)
            keep = 0
            while keep < min(len(stack), len(want)) and stack[keep] is want[keep]:
                keep += 1
            out.append("</mark>" * (len(stack) - keep))
            for m in want[keep:]:
                out.append(m.cont if m.index in opened else m.head)
                opened.add(m.index)
            stack = want
            out.append(_esc(text[a:b]))
        out.append("</mark>" * len(stack) + "</div>")
        yield "".join(out)
        carry = [m for m in inline if m.end > next_start]


_CSS = """
:root{--ink:#1f2328;--muted:#5b6470;--line:#d8dee4;--paper:#fff;--bg:#f3f5f7;--link:#0b57d0;
--err:#c5221f;--err-bg:rgba(234,67,53,.20);--err-soft:#fce8e6;
--warn:#a15c00;--warn-bg:rgba(251,188,4,.36);--warn-soft:#fef3d6;
--info:#1a5fb4;--info-bg:rgba(66,133,244,.20);--info-soft:#e3edfc;
--cjk:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.65 var(--cjk)}
main{max-width:1120px;margin:0 auto;padding:24px 20px 64px}
h1{font-size:24px;margin:0 0 4px;line-height:1.3}
h1 [lang=en]{display:block;font-size:15px;font-weight:400;color:var(--muted)}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:16px 0 8px}
h4{font-size:13px;margin:8px 0 2px;color:var(--muted);font-weight:600}
[lang=en]{font-weight:inherit}
a{color:var(--link)}
code{font:600 13px/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.card{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
.top{margin:0 0 18px}
.gen{margin:0 0 10px;color:var(--muted);font-size:13px}
.status{margin:0 0 12px;padding:8px 12px;border-radius:8px;font-weight:600}
.status.bad{background:var(--err-soft);color:var(--err)}
.status.warn{background:var(--warn-soft);color:var(--warn)}
.status.ok{background:#e6f4ea;color:#137333}
.stats{display:flex;flex-wrap:wrap;gap:12px}
.stat{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:150px}
.stat .num{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
.stat .num b{font-weight:700}
.stat .lbl{font-size:13px;color:var(--muted)}
.stat .lbl [lang=en]{display:block;font-size:12px}
.filters fieldset{border:0;margin:0 0 8px;padding:0}
.filters legend{font-weight:600;font-size:13px;color:var(--muted);padding:0;margin:0 0 6px}
.chips{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.chip{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line);border-radius:999px;
padding:3px 10px 3px 8px;cursor:pointer;font-size:14px;background:var(--paper);user-select:none}
.chip:has(input:checked){border-color:#9aa4af;background:#f6f8fa}
.chip:has(input:not(:checked)){opacity:.55}
.chip:has(input:focus-visible){outline:2px solid var(--link);outline-offset:1px}
.chip input{margin:0;accent-color:var(--ink)}
.chip .n{font-variant-numeric:tabular-nums;font-weight:700;background:var(--bg);border-radius:999px;padding:0 7px;
font-size:12px}
.chip .dot{width:10px;height:10px;border-radius:50%;background:var(--sev)}
.all{margin-left:auto;display:inline-flex;gap:6px}
.all button{font:inherit;font-size:12px;border:1px solid var(--line);background:var(--paper);border-radius:6px;
padding:2px 8px;cursor:pointer;color:var(--muted)}
.s-error{--sev:var(--err);--sev-bg:var(--err-bg);--sev-soft:var(--err-soft)}
.s-warning{--sev:var(--warn);--sev-bg:var(--warn-bg);--sev-soft:var(--warn-soft)}
.s-info{--sev:var(--info);--sev-bg:var(--info-bg);--sev-soft:var(--info-soft)}
.sev{display:inline-block;font-size:12px;line-height:18px;font-weight:600;padding:0 7px;border-radius:4px;
color:var(--sev);background:var(--sev-soft);white-space:nowrap}
table.files{border-collapse:collapse;width:100%;font-size:14px}
.files th,.files td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
.files thead th{font-size:12px;color:var(--muted);font-weight:600}
.files .c{text-align:right;width:96px;font-variant-numeric:tabular-nums;white-space:nowrap}
.files tbody .c.s-error span:not(.zero){color:var(--err);font-weight:700}
.files tbody .c.s-warning span:not(.zero){color:var(--warn);font-weight:700}
.files tbody .c.s-info span:not(.zero){color:var(--info);font-weight:700}
.zero{color:#9aa4af}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,var(--cjk);font-size:13px;overflow-wrap:anywhere}
.files th .path{font-weight:400}
.clean,.waived{margin-top:10px;font-size:14px}
.clean summary,.waived summary,.toc summary{cursor:pointer;color:var(--muted)}
.skipped ul,.clean ul,.waived ul{margin:4px 0;padding-left:20px}
.reason{color:var(--muted)}
.doc-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px;margin:0 0 10px;padding:0 0 10px;
border-bottom:1px solid var(--line)}
.doc-head h2{margin:0;flex:1 1 auto}
.doc-head .path{font-size:16px;font-weight:600}
.doc-meta{color:var(--muted);font-size:13px;display:flex;gap:10px;align-items:center}
.cnts{display:inline-flex;flex-wrap:wrap;gap:6px}
.cnt{font-size:12px;line-height:20px;border-radius:4px;padding:0 7px;white-space:nowrap;color:var(--sev,var(--ink));
background:var(--sev-soft,var(--bg))}
.cnt [data-n]{font-weight:700;font-variant-numeric:tabular-nums}
.cnt:has(.zero){color:#9aa4af;background:var(--bg)}
.doc-level ul{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.doc-level h3{margin-top:4px}
.dl{border:1px solid var(--line);border-left:4px solid var(--sev);border-radius:6px;padding:8px 12px;background:#fcfcfd}
.dl p{margin:2px 0}
.dl .law ul{display:block;list-style:disc;padding-left:20px}
.body{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(0,1fr) minmax(0,1fr);gap:2px 24px}
.pop .body{display:block}
@media (max-width:820px){.body{display:block}}
.missing{color:var(--sev);font-weight:600;font-size:14px}
.trigger{font-size:14px}
.rname{color:var(--muted);font-size:13px}
.cat{font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 6px;white-space:nowrap}
.msg{margin:4px 0 0}
.en{margin:0;color:var(--muted);font-size:14px}
.law ul{margin:0;padding-left:20px;font-size:14px}
.fix p{margin:0;font-size:14px}
.toc{margin:10px 0;font-size:14px}
.toc ol{margin:6px 0;padding-left:0;list-style:none}
.toc li{padding:2px 0;display:flex;gap:10px;align-items:baseline}
.toc li a{font-variant-numeric:tabular-nums;min-width:56px}
.toc .code{font:600 13px/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.toc .ex{background:var(--sev-bg);padding:0 3px;border-radius:2px}
.toc .lmsg{color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0;flex:1}
.src{counter-reset:ln;font:16px/1.9 var(--cjk);white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;
background:#fbfbfc;border:1px solid var(--line);border-radius:8px;padding:10px 12px 10px 0;margin-top:10px}
.l{position:relative;padding-left:calc(var(--g) + 20px);min-height:1.9em}
.l::before{counter-increment:ln;content:counter(ln);position:absolute;left:0;width:var(--g);text-align:right;color:#9aa4af;
font:12px/30px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;user-select:none}
.g1,.g2{--g:3ch}.g3{--g:4ch}.g4{--g:5ch}.g5{--g:6ch}.g6{--g:7ch}.g7{--g:8ch}
mark.f{color:inherit;background:var(--sev-bg);box-shadow:inset 0 -2px 0 var(--sev);border-radius:2px;cursor:pointer;
padding:2px 0;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.f mark.f{padding-bottom:0}
mark.f.doc{background:transparent;box-shadow:none;text-decoration:underline dashed var(--sev) 2px;
text-underline-offset:5px}
mark.f.empty::before{content:"\\2038";color:var(--sev);font-weight:700}
mark.f:focus{outline:2px solid var(--sev);outline-offset:1px}
mark.f:focus:not(:focus-visible){outline:none}
mark.f.active{outline:2px solid var(--sev);outline-offset:1px}
mark.f.off{background:none;box-shadow:none;text-decoration:none;cursor:auto;outline:none}
mark.f.off.empty::before{content:none}
.rules .rule{border-top:1px solid var(--line);padding:10px 0}
.rules .rule:first-of-type{border-top:0}
.rules .rule h3{margin:0 0 4px;display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.times{margin-left:auto;color:var(--muted);font-size:13px;font-variant-numeric:tabular-nums}
.pop{position:absolute;z-index:10;max-width:min(460px,calc(100vw - 16px));background:var(--paper);
border:1px solid #b8c0c8;border-top:4px solid var(--sev,#888);border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.18);
padding:10px 14px 12px;font-size:14px}
.pop[hidden]{display:none}
.pop-top{display:flex;align-items:center;gap:8px;margin-bottom:4px}
.pop-loc{color:var(--muted);font-size:12px;flex:1}
.pop-x{border:0;background:none;font-size:18px;line-height:1;cursor:pointer;color:var(--muted);padding:0 2px;
visibility:hidden}
.pop.pinned .pop-x{visibility:visible}
.pop h3{margin:0 0 2px;display:flex;flex-wrap:wrap;gap:6px;align-items:baseline;font-size:14px}
.pop .times{display:none}
.pop .msg{font-weight:600}
.pop .missing{margin:2px 0 0}
@media print{body{background:#fff}.filters,.pop,.all,.toc{display:none}.card{border:0;padding:0}
mark.f,.sev,.chip .dot{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

_JS = """
(function () {
  "use strict";
  var d = document, each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var form = d.getElementById("filters"), pop = d.getElementById("pop");
  var groups = {}, all = [];
  each(d.querySelectorAll("[data-f]"), function (el) {
    var k = el.getAttribute("data-f"), g = groups[k];
    if (!g) {
      var sec = el.closest("section.doc");
      g = groups[k] = {doc: sec ? sec.id : "", els: []};
      all.push(g);
    }
    if (el.hasAttribute("data-sev")) {
      g.sev = el.getAttribute("data-sev");
      g.cat = el.getAttribute("data-cat");
    }
    if (el.tagName === "MARK" && el.hasAttribute("data-r")) g.head = el;
    if (el.hasAttribute("data-r")) g.r = el.getAttribute("data-r");
    g.n = +k;
    g.els.push(el);
  });
  function boxes(name) {
    return form ? form.querySelectorAll('input[name="' + name + '"]') : [];
  }
  function checked(name) {
    var s = {};
    each(boxes(name), function (b) { if (b.checked) s[b.value] = true; });
    return s;
  }
  function apply() {
    var sev = checked("sev"), cat = checked("cat"), shown = 0, bySev = {}, byCat = {}, byDoc = {};
    all.forEach(function (g) {
      var vis = !!(sev[g.sev] && cat[g.cat]);
      if (cat[g.cat]) bySev[g.sev] = (bySev[g.sev] || 0) + 1;
      if (sev[g.sev]) byCat[g.cat] = (byCat[g.cat] || 0) + 1;
      if (vis) {
        shown++;
        var c = byDoc[g.doc] || (byDoc[g.doc] = {all: 0});
        c.all++;
        c[g.sev] = (c[g.sev] || 0) + 1;
      }
      g.els.forEach(function (el) {
        if (el.tagName === "MARK") {
          el.classList.toggle("off", !vis);
          if (el.hasAttribute("tabindex")) el.tabIndex = vis ? 0 : -1;
        } else {
          el.hidden = !vis;
        }
        el.setAttribute("data-state", vis ? "shown" : "hidden");
      });
    });
    each(d.querySelectorAll("[data-shown]"), function (el) { el.textContent = String(shown); });
    each(d.querySelectorAll("[data-count-sev]"), function (el) {
      el.textContent = String(bySev[el.getAttribute("data-count-sev")] || 0);
    });
    each(d.querySelectorAll("[data-count-cat]"), function (el) {
      el.textContent = String(byCat[el.getAttribute("data-count-cat")] || 0);
    });
    each(d.querySelectorAll("[data-doc]"), function (box) {
      var c = byDoc[box.getAttribute("data-doc")] || {};
      each(box.querySelectorAll("[data-n]"), function (el) {
        var n = c[el.getAttribute("data-n")] || 0;
        el.textContent = String(n);
        el.classList.toggle("zero", !n);
      });
    });
    each(d.querySelectorAll(".doc-level"), function (box) { box.hidden = !box.querySelector("li.dl:not([hidden])"); });
    if (current && current.classList.contains("off")) hide(false);
  }
  function fromAddress(text) {
    if (!form || text.indexOf("=") < 0) return false;
    var found = false;
    text.replace(/^[#?]/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("="), name, values;
      try {
        name = decodeURIComponent(pair.slice(0, i));
        values = decodeURIComponent(pair.slice(i + 1).replace(/[+]/g, " ")).split(",");
      } catch (err) {
        return;
      }
      if (i < 0 || (name !== "sev" && name !== "cat")) return;
      each(boxes(name), function (b) { b.checked = values.indexOf(b.value) >= 0; });
      found = true;
    });
    return found;
  }
  var current = null, mode = "";
  function activate(el, on) {
    var g = groups[el.getAttribute("data-f")];
    (g ? g.els : [el]).forEach(function (m) { if (m.tagName === "MARK") m.classList.toggle("active", on); });
  }
  function hide(refocus) {
    if (!current) return;
    var el = current;
    activate(el, false);
    current = null;
    mode = "";
    pop.hidden = true;
    if (refocus) el.focus();
  }
  function place(el) {
    var rects = el.getClientRects(), r = rects.length ? rects[0] : el.getBoundingClientRect();
    var w = pop.offsetWidth, h = pop.offsetHeight, vw = d.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, vw - w - 8)), top = r.bottom + 8;
    if (top + h > window.innerHeight && r.top - h - 8 > 0) top = r.top - h - 8;
    pop.style.left = Math.round(left + window.pageXOffset) + "px";
    pop.style.top = Math.round(top + window.pageYOffset) + "px";
  }
  function where(el) {
    var lc = (el.getAttribute("data-loc") || "").split(":"), page = el.getAttribute("data-page");
    var para = el.getAttribute("data-para");
    var out = "\u7b2c " + lc[0] + " \u884c\u7b2c " + lc[1] + " \u5217 \u00b7 line " + lc[0] + ", col " + lc[1];
    if (page) out += " \u00b7 \u7b2c " + page + " \u9875 page " + page;
    if (para) out += " \u00b7 \u7b2c " + para + " \u6bb5 paragraph " + para;
    return out;
  }
  function show(el, how) {
    var g = groups[el.getAttribute("data-f")], src = (g && g.head) || el;
    var rule = d.getElementById(src.getAttribute("data-r") || "");
    if (!pop || !rule) return;
    if (current && current !== el) activate(current, false);
    current = el;
    mode = how;
    activate(el, true);
    pop.textContent = "";
    pop.className = "pop s-" + (g ? g.sev : "") + (how === "pin" ? " pinned" : "");
    var top = d.createElement("div"), loc = d.createElement("span"), x = d.createElement("button");
    top.className = "pop-top";
    loc.className = "pop-loc";
    loc.textContent = where(src);
    x.type = "button";
    x.className = "pop-x";
    x.setAttribute("aria-label", "\\u5173\\u95ed close");
    x.textContent = "\\u00d7";
    x.addEventListener("click", function () { hide(true); });
    top.appendChild(loc);
    top.appendChild(x);
    pop.appendChild(top);
    each(rule.children, function (c, i) {
      var copy = c.cloneNode(true);
      copy.removeAttribute("id");
      each(copy.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
      pop.appendChild(copy);
      if (i === 0 && src.getAttribute("data-scope") === "document") {
        var m = d.createElement("p");
        m.className = "missing";
        m.textContent = "\\u7f3a\\u5c11 missing: \\u8981\\u6c42\\u7684\\u8868\\u8ff0\\u5728\\u6587\\u6863\\u4e2d" +
          "\\u6ca1\\u6709\\u627e\\u5230 \\u00b7 required wording not found in the document";
        pop.appendChild(m);
      }
    });
    pop.hidden = false;
    place(el);
  }
  function markOf(node) {
    var m = node && node.closest ? node.closest("mark.f") : null;
    return m && !m.classList.contains("off") ? m : null;
  }
  d.addEventListener("mouseover", function (e) {
    var m = markOf(e.target);
    if (m && mode !== "pin" && m !== current) show(m, "hover");
  });
  d.addEventListener("mouseout", function (e) {
    if (mode !== "hover" || !current) return;
    var to = e.relatedTarget;
    if (to && (current.contains(to) || markOf(to) === current)) return;
    hide(false);
  });
  d.addEventListener("focusin", function (e) {
    var m = markOf(e.target);
    if (m && mode !== "pin") show(m, "focus");
  });
  d.addEventListener("focusout", function (e) {
    if (mode === "pin" || !current) return;
    var to = e.relatedTarget;
    if (to && pop.contains(to)) return;
    if (mode === "focus") hide(false);
  });
  d.addEventListener("click", function (e) {
    var jump = e.target.closest ? e.target.closest("a.jump") : null;
    if (jump) {
      var t = d.getElementById((jump.getAttribute("href") || "").slice(1));
      if (t && t.tagName === "MARK" && !t.classList.contains("off")) {
        e.preventDefault();
        t.scrollIntoView({block: "center"});
        t.focus({preventScroll: true});
        show(t, "pin");
      }
      return;
    }
    var m = markOf(e.target);
    if (m) {
      if (m === current && mode === "pin") hide(false); else show(m, "pin");
    } else if (current && !pop.contains(e.target)) {
      hide(false);
    }
  });
  d.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current) { hide(true); return; }
    var m = markOf(e.target);
    if (m && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      if (m === current && mode === "pin") show(m, "focus"); else show(m, "pin");
    }
  });
  window.addEventListener("resize", function () { if (current) place(current); });
  var LABELS = {error: "\\u9519\\u8bef", warning: "\\u8b66\\u544a", info: "\\u63d0\\u793a"};
  function span(cls, text) {
    var s = d.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }
  function buildList(box) {
    var ol = box.querySelector("ol"), sec = box.closest("section.doc"), list = [];
    all.forEach(function (g) { if (sec && g.doc === sec.id) list.push(g); });
    list.sort(function (a, b) { return a.n - b.n; });
    list.forEach(function (g) {
      var li = d.createElement("li"), a = d.createElement("a"), rule = d.getElementById(g.r || ""), text = "";
      var target = g.head || g.els[0], code = rule && rule.querySelector("h3 code");
      var cat = rule && rule.querySelector(".cat");
      g.els.forEach(function (m) { if (m.tagName === "MARK") text += m.textContent; });
      text = text.replace(/\\s+/g, " ");
      li.className = "s-" + g.sev;
      a.className = "jump";
      a.href = "#" + target.id;
      a.textContent = g.head ? g.head.getAttribute("data-loc") : "\\u2014";
      li.appendChild(a);
      li.appendChild(span("sev", LABELS[g.sev] || g.sev));
      li.appendChild(span("code", code ? code.textContent : ""));
      li.appendChild(span("ex", text.length > 60 ? text.slice(0, 59) + "\\u2026" : text || "\\u2014"));
      li.appendChild(span("lmsg", cat ? cat.textContent.split(" ")[0] : g.cat));
      g.els.push(li);
      ol.appendChild(li);
    });
  }
  each(d.querySelectorAll("details.toc"), function (box) {
    box.hidden = false;
    box.addEventListener("toggle", function () {
      if (!box.open || box.getAttribute("data-built")) return;
      box.setAttribute("data-built", "1");
      buildList(box);
      apply();
    });
  });
  if (form) {
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-all],button[data-none]") : null;
      if (!b) return;
      var name = b.getAttribute("data-all") || b.getAttribute("data-none"), on = b.hasAttribute("data-all");
      each(boxes(name), function (i) { i.checked = on; });
      apply();
    });
    window.addEventListener("hashchange", function () { if (fromAddress(location.hash)) apply(); });
  }
  fromAddress(location.search);
  fromAddress(location.hash);
  apply();
  var target = /^#[ft][0-9]+$/.test(location.hash) ? d.getElementById(location.hash.slice(1)) : null;
  if (target && target.tagName === "MARK" && !target.classList.contains("off")) {
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
    show(target, "pin");
  }
  d.documentElement.setAttribute("data-ready", "1");
})();
"""


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


# Only the page's own style and script may run or apply; no network, no forms, no frames.
_CSP = (
    f"default-src 'none'; style-src {_hash(_CSS)}; script-src {_hash(_JS)}; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def render(report: Report, color: bool = False) -> str:
    """The report as one HTML page (``color`` is ignored: the page is always in colour)."""
    return _Page(report).page()
