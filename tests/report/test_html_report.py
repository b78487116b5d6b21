"""The HTML review report: one self-contained, escaped page with every finding marked in place and filters.

The structure is checked with the standard library's parser on every run; when Chromium is installed
(/usr/bin/chromium), the page is also opened in it: a screenshot is produced, and a filter set from the
address (``#sev=error``) is applied by the page's own script.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consumer_rules import Finding, Reference, Report, Severity
from consumer_rules.findings import LineIndex
from consumer_rules.report import html_report
from tests.helpers import load_pack, rule

RULES = [
    rule("TST001", kind="forbid", match=["保本保息"], severity="error", category="guarantee_promise"),
    rule("TST002", kind="forbid", match=["最佳"], severity="warning", category="extreme_claim"),
    rule(
        "TST003", kind="require", when=["年化"], accept=["投资有风险"], severity="info", category="missing_risk_warning"
    ),
    rule("TST004", kind="forbid", match=["保息收益"], severity="warning", category="misleading_return"),
    rule("TST005", kind="forbid", match=["欢迎选购"], severity="info", category="pressure_selling"),
    rule("TST006", kind="require", accept=["投诉电话"], severity="warning", category="missing_complaint_channel"),
]

# Copy that is itself HTML, with a script that must show as text and never run.
PROMO_HTML = (
    '<p class="x">ACME &amp; Co <b>最佳</b>理财 "保本保息" \'单引号\' a<b</p>\n'
    '<script>document.title = "pwned"; document.documentElement.setAttribute("data-pwned", "1")</script>\n'
    "<p>年化3%</p>\n"
)
# Overlapping findings: 保本保息 [3, 7) and 保息收益 [5, 9) cross; 欢迎选购 spans a line break.
OVERLAP_TXT = "本产品保本保息收益最佳，欢迎\n选购。\n"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "cite", "manifest"}


class Page(HTMLParser):
    """Checks that every element is closed in order, and records marks, the text they cover, and tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open_marks: list[str] = []
        self.covered: dict[str, str] = {}
        self.text: list[str] = []
        self.src_depth = 0  # inside a document's text: the depth of its <div class="src">, else 0
        self.src_tags: set[str] = set()
        self.src_text: list[str] = []  # the documents' text, a line break before each line
        self.raw: dict[str, list[str]] = {"script": [], "style": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if self.src_depth:
            self.src_tags.add(tag)
        if tag in VOID:
            return
        self.stack.append(tag)
        if "src" in values.get("class", "").split():
            self.src_depth = len(self.stack)
        if self.src_depth and tag == "div" and values.get("class") == "l":
            self.src_text.append("\n")
        if tag == "mark":
            self.open_marks.append(values.get("data-f", "?"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        if len(self.stack) == self.src_depth:
            self.src_depth = 0
        self.stack.pop()
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.src_depth:
            self.src_text.append(data)
        if self.stack and self.stack[-1] in self.raw:
            self.raw[self.stack[-1]].append(data)
        for f in self.open_marks:
            self.covered[f] = self.covered.get(f, "") + data

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if (tag is None or t == tag) and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return parser


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    tmp = tmp_path_factory.mktemp("html")
    rules = load_pack(tmp / "pack", RULES)
    (tmp / "promo.html").write_text(PROMO_HTML, encoding="utf-8")
    (tmp / "ad.txt").write_text(OVERLAP_TXT, encoding="utf-8")
    (tmp / "clean.txt").write_text("投诉电话：95588。\n", encoding="utf-8")
    return rules.check_paths([tmp / "promo.html", tmp / "ad.txt", tmp / "clean.txt", tmp / "missing.txt"])


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return html_report.render(report)


def test_the_fixture_has_what_the_page_must_handle(report: Report) -> None:
    by_rule = Counter(f.rule_id for f in report.findings)
    assert by_rule == {"TST001": 2, "TST002": 2, "TST003": 1, "TST004": 1, "TST005": 1, "TST006": 2}
    ad = {f.rule_id: f for f in report.findings if f.path.endswith("ad.txt")}
    assert ad["TST001"].start < ad["TST004"].start < ad["TST001"].end < ad["TST004"].end  # crossing
    assert "\n" in ad["TST005"].excerpt
    assert [f.start for f in report.findings if f.rule_id == "TST006"] == [0, 0]  # whole-document findings
    assert [r for _, r in report.skipped] == ["no such file or folder"]


def test_page_is_well_formed_and_self_contained(page: str) -> None:
    doc = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert doc.find("html", lang="zh-CN")
    assert doc.find("meta", charset="utf-8")
    csp = doc.find("meta", http_equiv="Content-Security-Policy")
    assert csp and "default-src 'none'" in csp[0]["content"]
    for tag, attrs in doc.tags:
        assert tag not in {"link", "img", "iframe", "object", "embed", "base", "frame", "audio", "video"}, tag
        for name, value in attrs.items():
            if name in URL_ATTRS:
                assert value.startswith("#"), (tag, name, value)
            assert not name.startswith("on"), (tag, name)  # no inline handlers
    code = "".join(doc.raw["style"] + doc.raw["script"])
    assert not re.search(r"https?:|url\(|@import|//[a-z]", code, re.IGNORECASE)
    assert '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif' in code
    assert [t for t, a in doc.tags if t == "script"] == ["script"]  # only the page's own script


def test_copy_is_escaped(page: str) -> None:
    doc = parse(page)
    text = "".join(doc.text)
    assert '<script>document.title = "pwned";' in text  # shown as text
    assert "ACME &amp; Co <b>最佳</b>理财 \"保本保息\" '单引号' a<b</p>" in text
    assert "data-pwned" not in {k for _, a in doc.tags for k in a}
    assert doc.src_tags == {"div", "mark"}  # the documents' text holds only lines and marks
    assert len(doc.find("div", class_="l")) == PROMO_HTML.count("\n") + OVERLAP_TXT.count("\n")


def test_one_mark_per_finding_covering_exactly_its_excerpt(report: Report, page: str) -> None:
    doc = parse(page)
    heads = [a for a in doc.find("mark") if "tabindex" in a]
    expected = {
        (f"t{i}" if f.scope == "document" else f"f{i}")
        for i, f in enumerate(report.findings)
        if f.scope == "span" or f.start < f.end
    }
    assert sorted(a["id"] for a in heads) == sorted(expected)
    assert all(a["tabindex"] == "0" and a["aria-describedby"] and a["data-sev"] and a["data-cat"] for a in heads)
    assert all(mark.get("data-f") for mark in doc.find("mark"))
    for i, f in enumerate(report.findings):
        if f.scope == "span" or f.start < f.end:
            assert doc.covered[str(i)] == f.excerpt.replace("\n", ""), f
    # the crossing finding is split in two pieces; the one across the line break too
    ad = {f.rule_id: str(i) for i, f in enumerate(report.findings) if f.path.endswith("ad.txt")}
    assert len(doc.find("mark", data_f=ad["TST004"])) == 2
    assert len(doc.find("mark", data_f=ad["TST005"])) == 2


def test_document_level_findings_listed_at_the_top(report: Report, page: str) -> None:
    doc = parse(page)
    for i, f in enumerate(report.findings):
        if f.scope == "document":
            (item,) = doc.find("li", id=f"f{i}")
            assert "dl" in item["class"].split() and item["data-sev"] == f.severity.value
    whole = [i for i, f in enumerate(report.findings) if f.rule_id == "TST006"]
    assert not [a for a in doc.find("mark") if a.get("data-f") in {str(i) for i in whole}]
    text = "".join(doc.text)
    assert "required wording not found in the document" in text
    assert "中华人民共和国广告法 第四条" in text and "改写" in text  # law and fix
    assert "no such file or folder" in text and "missing.txt" in text  # skipped, with the reason


def test_filters_and_summary(report: Report, page: str) -> None:
    doc = parse(page)
    assert doc.find("form", id="filters")
    sev = {a["value"] for a in doc.find("input", type="checkbox", name="sev")}
    cat = {a["value"] for a in doc.find("input", type="checkbox", name="cat")}
    assert sev == {"error", "warning", "info"}
    assert cat == {f.category for f in report.findings}
    assert doc.find(None, data_count_sev="error") and doc.find(None, data_count_cat="extreme_claim")
    assert doc.find(None, data_shown="")
    rows = doc.find("tr")
    assert len([r for r in rows if "data-doc" in r]) == 2  # the two files with findings
    assert "clean.txt" in "".join(doc.text)  # listed as without findings, not embedded


def test_the_page_says_what_the_marks_mean(page: str) -> None:
    """The highlight styles (a dashed underline for the text that asked for missing wording, one colour per
    severity) were explained only in the documentation, not on the page the reviewer reads."""
    doc = parse(page)
    assert len(doc.find("p", class_="key")) == 1
    marks = [a["class"] for a in doc.find("span") if "km" in a.get("class", "").split()]
    assert marks == ["km s-error", "km s-warning", "km s-info", "km doc s-error"]
    text = "".join(doc.text)
    assert "标记" in text and "dashed: the text that requires missing wording" in text
    assert page.index('class="key"') < page.index('class="src')  # above the first text
    assert 'class="key"' not in html_report.render(Report(files=["a.txt"]))  # no text shown, no key


def test_empty_report() -> None:
    doc = parse(html_report.render(Report(files=["a.txt"])))
    assert "未发现问题" in "".join(doc.text)


def finding(text: str, start: int, end: int, severity: str, scope: str = "span", path: str = "t.txt") -> Finding:
    lines = LineIndex(text)
    (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
    law = (Reference("中华人民共和国广告法", "第四条"),)
    return Finding(
        "TST001", "test.x", "other", Severity(severity), "测试", "Test", path, start, end, line, column, end_line,
        end_column, text[start:end], law, "改写", scope, lines.line_text(line),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_overlap_gives_well_formed_marks(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet="ab中\n\r<&", max_size=30))
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted), max_size=8))
    sevs = data.draw(st.lists(st.sampled_from(["error", "warning", "info"]), min_size=len(spans), max_size=len(spans)))
    findings = [finding(text, a, b, sev) for (a, b), sev in zip(spans, sevs, strict=True)]
    doc = parse(html_report.render(Report(findings=findings, files=["t.txt"], sources={"t.txt": text})))
    heads = sorted(a["id"] for a in doc.find("mark") if "tabindex" in a)
    assert heads == sorted(f"f{i}" for i in range(len(findings)))
    for i, f in enumerate(findings):
        assert doc.covered.get(str(i), "") == f.excerpt.replace("\r", "").replace("\n", "")
    starts = LineIndex(text).starts
    lines = [text[a:b].rstrip("\r\n") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    if len(lines) > 1 and starts[-1] == len(text):
        lines.pop()
    assert "".join(doc.src_text) == ("\n" + "\n".join(lines) if findings else "")


def test_odd_input_is_shown_safely() -> None:
    text = "a\x1fb\x0cc\ud800d\r\n</div></mark>"
    report = Report(
        findings=[finding(text, 0, 6, "error"), finding("", 0, 0, "info", "document", path="gone.txt")],
        files=["t.txt", "gone.txt"],
        sources={"t.txt": text},
    )
    page = html_report.render(report)
    page.encode("utf-8")  # no lone surrogate left
    doc = parse(page)
    assert doc.covered["0"] == "a\u241fb\u240cc\ufffd"  # control pictures; U+FFFD for what UTF-8 cannot hold
    assert "</div></mark>" in "".join(doc.src_text)
    assert "源文本不可用" in "".join(doc.text)  # a finding whose text the report does not have is listed


CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not CHROMIUM.exists() or not shutil.which(str(CHROMIUM)):
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)")
    profile = tmp_path / "profile"
    cmd = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def test_browser_renders_a_screenshot(tmp_path: Path, page: str) -> None:
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    png = tmp_path / "report.png"
    run = chromium(tmp_path, f"--screenshot={png}", "--window-size=1200,1600", html_file.as_uri())
    assert png.exists(), run.stderr[-2000:]
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_browser_applies_a_filter_from_the_address(tmp_path: Path, report: Report, page: str) -> None:
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    run = chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#sev=error")
    assert run.returncode == 0 and "<main>" in run.stdout, run.stderr[-2000:]
    dom = parse(run.stdout)
    (root,) = dom.find("html")
    assert root.get("data-ready") == "1"  # the page's script ran ...
    assert "data-pwned" not in root  # ... and the copy's did not
    assert "<title>consumer-rules 审查报告</title>" in run.stdout
    errors = sum(f.severity.value == "error" for f in report.findings)
    assert 0 < errors < len(report.findings)
    assert re.findall(r'<div class="doc-level"( hidden="")?>', run.stdout) == [' hidden=""'] * 2  # all filtered out
    shown = re.search(r'data-shown="">(\d+)<', run.stdout)
    assert shown and int(shown.group(1)) == errors
    elements = [(t, a) for t, a in dom.tags if "data-f" in a]
    assert elements
    for tag, attrs in elements:
        visible = report.findings[int(attrs["data-f"])].severity.value == "error"
        assert attrs["data-state"] == ("shown" if visible else "hidden"), (tag, attrs)
        if tag == "mark":
            assert ("off" in attrs["class"].split()) is not visible
            if "tabindex" in attrs:
                assert attrs["tabindex"] == ("0" if visible else "-1")
        else:
            assert ("hidden" in attrs) is not visible
    counts = dict(re.findall(r'data-count-cat="(\w+)">(\d+)<', run.stdout))
    assert counts["extreme_claim"] == "0" and counts["guarantee_promise"] == "2"  # category counts follow
    # per-file counts follow the filter
    for row in re.finditer(r'<tr data-doc="(d\d)">(.*?)</tr>', run.stdout):
        cells = dict(re.findall(r'data-n="(\w+)"[^>]*>(\d+)<', row.group(2)))
        assert cells["warning"] == cells["info"] == "0"
        assert cells["all"] == cells["error"]


def test_csp_hashes_are_those_of_the_inlined_style_and_script(page: str) -> None:
    doc = parse(page)
    csp = doc.find("meta", http_equiv="Content-Security-Policy")[0]["content"]

    def sha(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"

    assert f"style-src {sha(''.join(doc.raw['style']))};" in csp
    assert f"script-src {sha(''.join(doc.raw['script']))};" in csp


def test_the_same_words_again_are_marked_where_they_stand(tmp_path: Path) -> None:
    """One rule's repeated words are one finding (the others related); the page still marks every place."""
    ruleset = load_pack(tmp_path, RULES)
    text = "保本保息，真的保本保息。\n\n第三段也保本保息。\n"
    report = ruleset.check_text(text, path="ad.txt")
    (i, found), *_ = [(i, f) for i, f in enumerate(report.findings) if f.rule_id == "TST001"]
    assert [r.line for r in found.related] == [1, 3]
    doc = parse(html_report.render(report))
    heads = sorted(a["id"] for a in doc.find("mark") if "tabindex" in a and a.get("data-f") == str(i))
    assert heads == [f"f{i}", f"f{i}-1", f"f{i}-2"]
    assert doc.covered[str(i)] == "保本保息" * 3  # each place covers exactly its words
