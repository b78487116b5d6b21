"""One self-contained HTML page for reviewing copy before launch: every checked document that has findings,
shown in full with each finding highlighted in place, filters by severity and category, and the message, law
and fix of a finding on hover, click or keyboard focus.

The page makes no request of its own: CSS and script (report/assets/report.css and report.js, in the page
skeleton report/assets/page.html) are inline, and a Content-Security-Policy allows only those two blocks (by
hash), so nothing in the checked copy can run even if it were not escaped. Everything
from the report is escaped. Each document's text is embedded once; rule texts (message, law, fix) once per
rule, in the rule list at the end, from which the script fills the pop-up.

Filters can be set from the address: ``report.html#sev=error,warning&cat=guarantee_promise`` (or the same
as a query string) shows only those severities and categories.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
import string
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

from .. import __version__
from ..findings import HTML_SOURCES_LIMIT, Finding, LineIndex, Reference, Report, Severity
from ..grouping import repeats
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


def _related_text(f: Finding) -> str:
    return "; ".join(f"{r.rule_id} {r.line}:{r.column}" + (f" 「{_short(r.excerpt)}」" if r.excerpt else "")
                     for r in f.related)  # fmt: skip


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
            if f.related:
                attrs += f' data-rel="{_esc(_related_text(f))}"'
        return attrs

    def related(self, f: Finding) -> str:
        """The other findings of the same problem, folded into ``f`` (see grouping.py)."""
        if not f.related:
            return ""
        items = "".join(
            f"<li>{self.badge(r.severity.value)} <code>{_esc(r.rule_id)}</code> "
            f'<span class="loc">{r.line}:{r.column}</span>'
            + (f" 「{_esc(_short(r.excerpt))}」" if r.excerpt else "")
            + f' — <span lang="en">{_esc(r.message_en)}</span></li>'
            for r in f.related
        )
        return f'<div class="related"><h4>同一问题 <span lang="en">also</span></h4><ul>{items}</ul></div>'

    def badge(self, sev: str) -> str:
        return f'<span class="sev s-{_esc(sev)}">{SEVERITY_LABELS.get(sev, "")} {_esc(sev)}</span>'

    def rule_body(self, f: Finding, rid: str | None = None) -> str:
        """Message, law and fix. With ``rid`` (the rule list): the ids that marks' aria-describedby use."""

        def ident(suffix: str) -> str:
            return f' id="{rid}-{suffix}"' if rid else ""

        laws = "".join(
            f"<li>{_esc(r.law)} {_esc(r.article)}"
            + (
                ""
                if r.verified
                else ' <em class="unverified">（引文未核 <span lang="en">unverified citation</span>）</em>'
            )
            + "</li>"
            for r in f.references
        )
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
        if r.skipped:  # what was not checked did not pass
            status += (
                f'<p class="status bad">有 {len(r.skipped)} 个输入未能检查，见“跳过的文件” · '
                f'<span lang="en">{len(r.skipped)} input(s) could not be checked; see Skipped files</span></p>'
            )
        stats = [
            (f'<b data-shown="">{s["findings"]}</b> / {s["findings"]}', "显示的问题", "findings shown"),
            (str(s["files"]), "检查的文件", "files checked"),
            (str(s["files_with_findings"]), "有问题的文件", "files with findings"),
            (str(s["skipped"]), "跳过的文件", "files skipped"),
        ]
        if waived:
            stats.append((str(waived), "已豁免", "waived"))
        if s["not_read"]:  # files in the folders whose type holds no copy: not checked, and said so
            stats.append((str(sum(s["not_read"].values())), "未读取的其他文件", "other files not read"))
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
                    f'<p class="missing">字段 <span lang="en">field</span>: <code>{_esc(f.field)}</code></p>'
                    if f.field is not None  # a product record's field, which is no wording of the document
                    else '<p class="missing">缺少 <span lang="en">missing</span>: '
                    + ("标出的内容要求" if f.start < f.end else "本文档要求")
                    + '的表述在文档中没有找到 · <span lang="en">required wording not found in the document</span></p>'
                    if f.scope == "document"
                    else ""
                )
                items.append(
                    f'<li class="dl s-{_esc(f.severity.value)}" id="f{i}" {self.data(i, f)} data-r="{self.rid(f)}">'
                    f'<div class="dl-head">{self.badge(f.severity.value)} <code>{_esc(f.rule_id)}</code> '
                    f'<span class="rname">{_esc(f.name)}</span> <span class="cat">{_esc(_category(f.category))}</span>'
                    f"</div>{missing}{trigger}{self.related(f)}{self.rule_body(f)}</li>"
                )
            title = "文档级问题" if source is not None else "问题（源文本不可用）"
            title_en = "Document-level findings" if source is not None else "Findings (source text not available)"
            parts.append(
                f'<div class="doc-level"><h3>{title} <span lang="en">{title_en}</span></h3>'
                f"<ul>{''.join(items)}</ul></div>"
            )
        grouped = [i for i in indices if r.findings[i].related and i not in doc_level]
        if grouped:  # marked findings that stand for several rules' findings: listed for print and without script
            listed = "".join(
                f'<li><a class="jump" href="#f{i}">{r.findings[i].line}:'
                f"{r.findings[i].column}</a> <code>{_esc(r.findings[i].rule_id)}</code> "
                f"「{_esc(_short(r.findings[i].excerpt))}」{self.related(r.findings[i])}</li>"
                for i in grouped
            )
            parts.append(
                f'<details class="groups"><summary>同一问题的其他规则和位置 <span lang="en">related locations</span> '
                f"({len(grouped)})</summary><ul>{listed}</ul></details>"
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
            # the same words again further on, folded into this finding: marked where they stand, as it is
            for k, again in enumerate(repeats(f)):
                a = max(0, min(again.start, len(text)))
                b = max(a, min(again.end, len(text)))
                where = data.replace(f'data-loc="{f.line}:{f.column}"', f'data-loc="{again.line}:{again.column}"')
                opening = (
                    f'<mark class="f s-{sev}" id="{ident}-{k + 1}" tabindex="0" '
                    f'aria-describedby="{rid}-m {rid}-e {rid}-x" {where}>'
                )
                marks.append(_Mark(i, a, b, opening, cont))
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

    def dropped(self) -> str:
        n = len(self.report.sources_dropped)
        if not n:
            return ""
        return (
            f'<p class="card note">{n} 个文件的原文未保留，仅列出问题 <span lang="en">The text of {n} file(s) was not '
            f"kept, to bound memory over {HTML_SOURCES_LIMIT:,} characters: their findings are listed without "
            "the text around them.</span></p>"
        )

    def key(self) -> str:
        """What the marks in the texts mean, above the first text: a reviewer who has not read the manual
        cannot tell a dashed underline (the text that asked for missing wording) from a finding of its own."""
        if not any(self.report.sources.get(p) is not None for p in self.doc_ids):
            return ""
        marks = "".join(
            f'<span class="km s-{v}">{SEVERITY_LABELS[v]} <span lang="en">{v}</span></span>'
            for v in (sv.value for sv in Severity)
        )
        return (
            '<p class="key" aria-label="标记说明 key"><span>标记 <span lang="en">Key</span>:</span>'
            f'{marks}<span class="km doc s-error">虚线 触发文档级问题的内容 <span lang="en">dashed: the text that '
            'requires missing wording</span></span><span>颜色叠加处为多个问题 <span lang="en">darker: findings '
            'overlap</span> · 悬停或点击标记查看说明 <span lang="en">point at or click a mark for details</span>'
            "</span></p>"
        )

    def page(self) -> str:
        docs = "".join(self.document(p, d) for p, d in self.doc_ids.items())
        body = (
            f"<main>{self.header()}{self.dropped()}{self.filters() if self.report.findings else ''}{self.files()}"
            f"{self.key()}{docs}"
            f'{self.catalog()}</main><div id="pop" class="pop" role="tooltip" hidden></div>'
        )
        return _page(body)


def _lines(text: str, starts: list[int], marks: list[_Mark]) -> Iterator[str]:
    """The text as one ``<div class="l">`` per line with every mark properly nested: a mark that crosses a
    line break or the end of an enclosing mark is closed there and reopened (as a continuation piece).
    A point (empty mark) is written where it stands, at the end of its line if it stands on the line break."""
    spans = sorted((m for m in marks if m.start < m.end), key=lambda m: m.start)
    points: dict[int, list[_Mark]] = {}
    for m in sorted((m for m in marks if m.start == m.end), key=lambda m: m.order):
        points.setdefault(bisect_right(starts, m.start) - 1, []).append(m)
    opened: set[int] = set()  # marks (by id: a finding's repeats are marks of their own) whose first piece is written
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
                out.append(m.cont if id(m) in opened else m.head)
                opened.add(id(m))
            stack = want
            out.append(_esc(text[a:b]))
        out.append("</mark>" * len(stack) + "</div>")
        yield "".join(out)
        carry = [m for m in inline if m.end > next_start]


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


@functools.cache
def _assets() -> tuple[str, str, string.Template]:
    """The stylesheet, the script and the page skeleton (report/assets/), read once."""
    folder = resources.files(__package__) / "assets"
    css, js, page = ((folder / name).read_text(encoding="utf-8") for name in ("report.css", "report.js", "page.html"))
    return css, js, string.Template(page)


def _page(body: str) -> str:
    """``body`` in the page skeleton, with the stylesheet and the script inlined: one self-contained file."""
    css, js, page = _assets()
    # Only the page's own style and script may run or apply; no network, no forms, no frames.
    csp = (
        f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return page.substitute(csp=csp, css=css, js=js, body=body)


def render(report: Report, color: bool = False) -> str:
    """The report as one HTML page (``color`` is ignored: the page is always in colour)."""
    return _Page(report).page()
