"""Reading Markdown, HTML, Word and PDF: the visible text only, with findings pointing into the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from consumer_rules import InputError, RuleSet
from consumer_rules.document import decode, iter_paths
from consumer_rules.extract import BLOCK
from consumer_rules.extract.html import extract_html
from consumer_rules.extract.markdown import extract_markdown
from tests.helpers import load_pack, rule

RULES = [
    rule("TST001", kind="forbid", match=["保本", "risk-free"]),
    rule("TST002", kind="require", when=["理财"], accept=["理财非存款"], within="paragraph"),
]


@pytest.fixture(scope="module")
def rs(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return load_pack(tmp_path_factory.mktemp("pack"), RULES)


def excerpts(rs: RuleSet, path: Path) -> list[tuple[str, str, int, int]]:
    return [(f.rule_id, f.excerpt, f.line, f.column) for f in rs.check_file(path).findings]


def test_markdown_visible_text_keeps_offsets() -> None:
    src = (
        "# 标题\n\n本产品**保**本，详见[说明书](http://x)。![保本图](a.png)\n\n```\n保本代码\n```\n\n- 列表 `保本` 项\n"
    )
    text = extract_markdown(src).text
    assert len(text) == len(src)
    assert "说明书" in text and "保本图" in text and "http" not in text
    assert "保本代码" not in text and "`" not in text
    assert BLOCK in text  # block boundaries survive as separators


def test_markdown_findings_point_into_the_source(rs: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "ad.md"
    path.write_text(
        "# 理财新品\n\n本产品**保**本。\n\n| 产品 | 说明 |\n|---|---|\n| A | 保本 |\n\n```\n保本\n```\n\n`保本`\n",
        encoding="utf-8",
    )
    found = excerpts(rs, path)
    assert ("TST001", "保**本", 3, 6) in found  # the markup between the characters is part of the excerpt
    assert ("TST001", "保本", 7, 7) in found  # a table cell
    assert len([f for f in found if f[0] == "TST001"]) == 2  # not in the code block nor the code span


def test_markdown_heading_and_paragraph_do_not_run_together(rs: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# 标题保\n本段落\n", encoding="utf-8")  # 保 ends the heading, 本 starts the paragraph
    assert excerpts(rs, path) == []


def test_html_visible_text_alt_and_title(rs: RuleSet, tmp_path: Path) -> None:
    page = (
        "<html><head><title>理财</title><style>p{}</style><script>var a='保本'</script></head><body>\n"
        "<p>本产品保<b>本</b></p>\n<div style='display:none'>保本</div><div hidden>保本</div>\n"
        '<img alt="保本图片" src="x.png"><p>&#20445;&#26412;</p><footer>理财非存款</footer></body></html>'
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    found = [f for f in rs.check_file(path).findings if f.rule_id == "TST001"]
    assert [f.excerpt for f in found] == ["保<b>本", "保本", "&#20445;&#26412;"]
    assert all(page[f.start : f.end] == f.excerpt for f in found)


def test_html_block_boundaries_make_paragraphs(rs: RuleSet) -> None:
    # The warning sits only in the footer block, so the trigger's own block lacks it.
    extracted = extract_html("<main><p>理财产品收益稳健</p></main><footer>理财非存款</footer>")
    report = rs.check_extracted(extracted)
    assert [f.rule_id for f in report.findings] == ["TST002"]


def test_html_survives_broken_markup() -> None:
    text = extract_html("<p>保本<div><span>未关闭 </p></div></b>理财<!-- 注释保本 --><").text
    assert "保本" in text and "理财" in text and "注释" not in text


def test_word_documents_name_the_paragraph(rs: RuleSet, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("第一段，没有问题。")
    document.add_paragraph("第二段：本产品保本。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "产品"
    table.cell(0, 1).text = "保本型"
    path = tmp_path / "copy.docx"
    document.save(str(path))
    found = rs.check_file(path).findings
    assert [(g.excerpt, g.paragraph) for f in found for g in (f, *f.related)] == [("保本", 2), ("保本", 4)]


def _pdf(pages: list[str]) -> bytes:
    """A minimal PDF with one line of Helvetica text per page (empty string: a page without text)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET" if text else ""
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_findings_name_the_page(rs: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "ad.pdf"
    path.write_bytes(_pdf(["Nothing to see here", "A risk-free investment"]))
    assert [(f.excerpt, f.page) for f in rs.check_file(path).findings] == [("risk-free", 2)]


def test_pdf_without_text_layer_needs_ocr(rs: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([""]))
    with pytest.raises(InputError, match="needs OCR"):
        rs.check_file(path)


def test_broken_pdf_is_one_skip_without_library_noise(
    rs: RuleSet, tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    # pypdf logged "EOF marker not found" to standard error, a line naming no file among the report's lines
    path = tmp_path / "cut.pdf"
    path.write_bytes(_pdf(["A risk-free investment"])[:-30])
    with caplog.at_level("WARNING"), pytest.raises(InputError, match="cannot be read as PDF"):
        rs.check_file(path)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert "EOF marker" not in capsys.readouterr().err


def test_broken_word_file_is_an_input_error(rs: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="cannot be read as DOCX"):
        rs.check_file(path)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("本产品保本".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "本产品保本".encode(), "utf-8-sig"),
        ("本产品保本".encode("utf-16"), "utf-16"),
        ("本产品保本，理财非存款，产品有风险，投资须谨慎。".encode("gbk"), "gb18030"),
        ("本產品保本，理財非存款，產品有風險，投資須謹慎。".encode("big5"), "big5"),
    ],
)
def test_encodings_are_detected(raw: bytes, encoding: str) -> None:
    text, found = decode(raw, "x.txt")
    assert found == encoding
    assert "保本" in text


def test_folders_respect_gitignore_include_and_exclude(tmp_path: Path) -> None:
    for name in ["a.txt", "b.md", "drafts/c.txt", "build/d.html", "keep/e.docx", "notes.png"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    found = lambda **kw: sorted(p.relative_to(tmp_path).as_posix() for p in iter_paths(tmp_path, **kw))  # noqa: E731
    assert found() == ["a.txt", "b.md", "drafts/c.txt", "keep/e.docx"]
    assert found(exclude=["drafts/"]) == ["a.txt", "b.md", "keep/e.docx"]
    assert found(include=["*.md"]) == ["b.md"]
    assert found(gitignore=False) == ["a.txt", "b.md", "build/d.html", "drafts/c.txt", "keep/e.docx"]


def test_markdown_asterisk_between_word_and_number_is_a_multiplication_sign() -> None:
    from consumer_rules.extract.markdown import extract_markdown

    text = extract_markdown("基准为指数收益率*85%+活期存款利率*15%。\n\n*强调*与**加粗**").text
    assert "收益率*85%+活期存款利率*15%" in text
    assert "强调" in text and "*强调*" not in text and "**加粗**" not in text


def test_markdown_line_break_inside_a_paragraph_stays_a_line_break() -> None:
    from consumer_rules.extract.markdown import extract_markdown

    text = extract_markdown("利率×3%\n风险收益特征").text
    assert text.startswith("利率×3%\n风险收益特征")
