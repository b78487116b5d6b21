"""Text a reader sees is text the checker reads: each case below gave no finding before."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from consumer_rules import RuleSet
from consumer_rules.document import extract

_BOX = (
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp><wps:txbx>'
    "<w:txbxContent><w:p><w:r><w:t>文本框保本</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
    "<w:txbxContent><w:p><w:r><w:t>文本框保本</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {_W}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>脚注保本</w:t></w:r></w:p></w:footnote></w:footnotes>'
)
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def word_file() -> bytes:
    """A Word file with text in the body, a text box, a header, a footer, a footnote and a comment."""
    import docx

    document = docx.Document()
    body = document.add_paragraph("正文")
    document.sections[0].header.paragraphs[0].text = "页眉保本"
    document.sections[0].footer.paragraphs[0].text = "页脚保本"
    document.add_comment(body.runs, text="批注保本", author="审核")
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", _BOX.encode() + b"<w:sectPr", 1)
            elif item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            elif item.filename == "word/_rels/document.xml.rels":
                rel = f'<Relationship Id="rIdFn" Type="{_FOOTNOTES_REL}" Target="footnotes.xml"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", _FOOTNOTES)
    return out.getvalue()


def test_word_headers_footers_footnotes_text_boxes_and_comments_are_read(builtin: RuleSet) -> None:
    source = extract(word_file(), "copy.docx", "docx")
    paragraphs = [p for p in source.extracted.text.split("\n\n") if p]
    assert paragraphs == ["正文", "文本框保本", "页眉保本", "页脚保本", "脚注保本", "批注保本"]
    report = builtin.check_source(source)
    # the same words in every part: one finding, the other parts its related places
    flagged = {g.paragraph for f in report.findings for g in (f, *f.related) if g.rule_id == "FIN001"}
    assert flagged == {3, 4, 5, 6, 7}  # paragraph 2 anchors the text box and has no text of its own


@pytest.mark.parametrize(
    "html",
    [
        '<p aria-hidden="true">本产品保本保息</p>',
        "<svg><text x='0' y='10'>本产品保本保息</text></svg>",
        "<math><mtext>本产品保本保息</mtext></math>",
        '<div hidden="until-found">本产品保本保息</div>',
    ],
    ids=["aria-hidden", "svg-text", "math", "hidden-until-found"],
)
def test_html_text_a_reader_sees_is_read(builtin: RuleSet, html: str) -> None:
    source = extract(html.encode(), "ad.html", "html")
    assert [f.excerpt for f in builtin.check_source(source).findings if f.rule_id == "FIN001"] == ["保本保息"]


@pytest.mark.parametrize("hidden", ["<div hidden>本产品保本保息</div>", "<svg><style>.a{}/*保本*/</style></svg>"])
def test_html_hidden_text_stays_unread(builtin: RuleSet, hidden: str) -> None:
    source = extract(("<p>欢迎了解</p>" + hidden).encode(), "ad.html", "html")  # a page of hidden text only is skipped
    assert [f for f in builtin.check_source(source).findings if f.rule_id == "FIN001"] == []


@pytest.mark.parametrize("prefix", ["> ", "- ", "1. ", "> - "])
def test_markdown_nested_past_the_parser_limit_is_read(builtin: RuleSet, prefix: str) -> None:
    text = prefix * 60 + "本产品保本保息\n"
    source = extract(text.encode(), "ad.md", "markdown")
    findings = [f for f in builtin.check_source(source).findings if f.rule_id == "FIN001"]
    assert [(f.excerpt, f.column) for f in findings] == [("保本保息", len(prefix) * 60 + 4)]


@pytest.mark.parametrize(
    "separator",
    [
        "\u2066",
        "\u2069",
        "\ufe00",
        "\ufe0f",
        "\U000e0001",
        "\U000e0041",
        "\U000e01ef",
        "\x01",
        "\x1b",
        "\x7f",
        "\x85",
        "\x9b",
        "\u180b",
        "\u180f",
        "\u2066\u2069",
    ],
)
def test_invisible_characters_do_not_split_a_phrase(builtin: RuleSet, separator: str) -> None:
    text = f"本产品保{separator}本保息"
    findings = [f for f in builtin.check_text(text).findings if f.rule_id == "FIN001"]
    assert findings and all(f.excerpt.startswith(f"保{separator}本") for f in findings)


def test_a_pdf_without_text_is_a_visible_skip(tmp_path: Path, builtin: RuleSet) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    report = builtin.check_paths([path])
    assert report.skipped == [(str(path), "has no text layer (a scanned PDF?); it needs OCR before it can be checked")]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("本产品保本保息\n".encode("utf-32"), "utf-32"),
        ("本产品保本保息\n2024年".encode("utf-16-le"), "utf-16-le"),
        ("本产品保本保息\n2024年".encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-32-bom", "utf-16-le-no-bom", "utf-16-be-no-bom"],
)
def test_utf32_and_utf16_without_bom_are_read(builtin: RuleSet, raw: bytes, encoding: str) -> None:
    """UTF-32 with a BOM was read as UTF-16 (garbage, no finding); UTF-16 without one was skipped as binary."""
    source = extract(raw, "ad.txt", "text")
    assert source.encoding == encoding
    assert "保本" in [f.excerpt[:2] for f in builtin.check_source(source).findings]


def test_binary_with_nul_bytes_is_still_skipped() -> None:
    from consumer_rules.errors import InputError

    with pytest.raises(InputError, match="looks like a binary file"):
        extract(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00", "x.txt", "text")
    with pytest.raises(InputError, match="is a PNG image, not text"):
        extract(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "x.txt", "text")
