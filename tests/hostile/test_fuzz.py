"""Fuzzing: arbitrary and near-valid input to every entry point raises nothing but the documented errors.

Locally each target runs a few hundred examples; CI sets ``HYPOTHESIS_PROFILE=ci`` (see tests/conftest.py),
10,000 per target.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import consumer_rules
from consumer_rules import RuleSet
from consumer_rules.errors import ConsumerRulesError, InputError

RISKY = [
    "保本", "保 本", "保\u200b本", "不", "并不", "没有", "《", "》", "理财非存款、产品有风险、投资须谨慎", "年化",
    "3.5%", "年化收益率4.5%", "最佳", "第一", "\x1f", "\n", "\r\n", "\n\n", "\u3000", "\ufeff", "\u2066", "\ufe0f",
    "\U000e0041", "\x00", "\x1b[31m", "\x85", "\ud800", "\udfff", "&#20445;", "&amp;", "<div>", "</div>", "<p hidden>",
    "<script>", "<!--", "-->", "<svg>", "> ", "- ", "```", "`", "[", "](", "*",
    "consumer-rules: disable FIN001 -- 理由", "consumer-rules: disable", "::error::", "①", "ＡＰＰ", "保證", "%",
    "万元", "90天",
]  # fmt: skip

ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
COPY = st.lists(st.one_of(st.sampled_from(RISKY), st.text(ANY_CHAR, max_size=8)), max_size=40).map("".join)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return consumer_rules.load_rules(cache=False)


@given(text=COPY, kind=st.sampled_from(["auto", "marketing", "privacy", "terms"]))
def test_check_text_takes_any_unicode(rules: RuleSet, text: str, kind: str) -> None:
    report = rules.check_text(text, kind=kind)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)


def _read(raw: bytes, fmt: str) -> None:
    from consumer_rules.document import extract

    assert _RULES is not None
    try:
        source = extract(raw, "fuzz", fmt)
        report = _RULES.check_source(source)
    except InputError:
        return  # the documented "cannot be read": a visible skip
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(source.extracted.source)


_RULES: RuleSet | None = None


@pytest.fixture(autouse=True, scope="module")
def _shared_rules(rules: RuleSet) -> Iterator[None]:
    global _RULES
    _RULES = rules
    yield
    _RULES = None


ENCODED = st.tuples(COPY, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "gb18030", "big5"])).map(
    lambda pair: pair[0].encode(pair[1], "replace")
)
TEXT_BYTES = st.one_of(ENCODED, st.binary(max_size=200))


@given(raw=TEXT_BYTES, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_text_readers_take_any_bytes(raw: bytes, fmt: str) -> None:
    _read(raw, fmt)


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("本产品保本保息")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


VALID = {"docx": _docx(), "pdf": _pdf()}


def _mutated(fmt: str) -> st.SearchStrategy[bytes]:
    base = VALID[fmt]
    flips = st.lists(st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)), min_size=1, max_size=8)

    def apply(changes: list[tuple[int, int]]) -> bytes:
        data = bytearray(base)
        for at, value in changes:
            data[at] = value
        return bytes(data)

    return st.one_of(flips.map(apply), st.binary(max_size=300), st.integers(0, len(base)).map(lambda n: base[:n]))


@given(raw=_mutated("docx"))
def test_word_reader_takes_any_bytes(raw: bytes) -> None:
    _read(raw, "docx")


@given(raw=_mutated("pdf"))
def test_pdf_reader_takes_any_bytes(raw: bytes) -> None:
    _read(raw, "pdf")


def test_word_parts_of_any_content(rules: RuleSet) -> None:
    """A Word file whose document part is not XML at all is a skip, not a crash."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID["docx"])) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, b"<<<" if item.filename == "word/document.xml" else src.read(item.filename))
    with pytest.raises(InputError):
        _read_strict(out.getvalue())


def _read_strict(raw: bytes) -> None:
    from consumer_rules.document import extract

    extract(raw, "fuzz.docx", "docx")


# --- YAML files: rules, config, waivers, products ----------------------------------------------------------------

SCALARS = [
    "2026-02-30", "2026-01-01 10:00:00", ".nan", ".inf", "-.inf", "!!int ;", "!!float x", "!!binary '!'", "~", "''",
    "'x'", "1e999", "-1", "0", "99999999999999999999", "R9", "C0", "[", "]", "{", "}", "[[[[", "&a x", "*a", "<<: {}",
    "!!python/object:os.system ls", "\"\\ud800\"", "保本", "3.5%", "5万元", "90天", "true", "null", "|", ">",
    "{value: .nan}", "[1, 2]", "{a: 1}", "\t", "#", "?", ":", "-", "- x", "'", '"',
]  # fmt: skip
KEYS = [
    "code", "name", "category", "severity", "kind", "message", "message_en", "fix", "match", "when", "accept", "unless",
    "applies_to", "references", "docs", "cases", "type", "issuer", "returns", "fees", "term", "apr", "target",
    "third_parties", "waivers", "rule", "fingerprint", "reason", "expires", "path", "approver", "packs", "select",
    "ignore", "include", "exclude", "per_path", "product", "severity", "fail_on", "rules", "value", "low", "high",
]  # fmt: skip
LINE = st.tuples(
    st.sampled_from(["", "  ", "    ", "- ", "  - "]), st.sampled_from(KEYS), st.sampled_from([": ", ":", " "]),
    st.one_of(st.sampled_from(SCALARS), st.text(ANY_CHAR, max_size=6)),
).map("".join)  # fmt: skip


def _yamlish(valid: str) -> st.SearchStrategy[str]:
    lines = valid.splitlines()
    edited = st.lists(st.one_of(st.sampled_from(lines), LINE), max_size=30).map("\n".join)
    return st.one_of(edited, st.text(ANY_CHAR, max_size=60), st.lists(LINE, max_size=12).map("\n".join))


RULE = Path(__file__).resolve().parents[2] / "rules" / "cn-finance" / "FIN001.yaml"
PRODUCT = Path(__file__).resolve().parents[2] / "examples" / "products" / "wealth-management" / "product.yaml"
WAIVERS = (
    "waivers:\n  - rule: FIN001\n    fingerprint: abc\n    reason: 已审核\n    expires: 2030-01-01\n    path: a.txt\n"
)
CONFIG = "packs: [cn-finance]\nselect: [FIN]\nfail_on: warning\nexclude: ['*.tmp']\nper_path:\n  - paths: [a/]\n"


_FOLDER = Path(tempfile.mkdtemp(prefix="consumer-rules-fuzz-"))


def _write(text: str, name: str) -> Path:
    """``text`` as the file ``name`` in a scratch folder of its own kind (rules, config, ...), reused."""
    folder = _FOLDER / name.replace(".", "_")
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@given(text=_yamlish(RULE.read_text(encoding="utf-8")))
def test_rule_loader_takes_any_file(text: str) -> None:
    from consumer_rules.compile import compile_rules
    from consumer_rules.loader import load_folders

    path = _write(text, "FUZ001.yaml")
    with contextlib.suppress(ConsumerRulesError):
        compile_rules(load_folders([path.parent]))  # what load_rules does, without the cache


@given(text=_yamlish(CONFIG))
def test_config_loader_takes_any_file(text: str) -> None:
    from consumer_rules.config import load_config

    with contextlib.suppress(ConsumerRulesError):
        load_config(_write(text, ".consumer-rules.yaml"))


@given(text=_yamlish(WAIVERS))
def test_waiver_loader_takes_any_file(text: str) -> None:
    from consumer_rules.waivers import load_waiver_file

    with contextlib.suppress(ConsumerRulesError):
        load_waiver_file(_write(text, "waivers.yaml"))


@given(text=_yamlish(PRODUCT.read_text(encoding="utf-8")))
def test_product_loader_takes_any_file(rules: RuleSet, text: str) -> None:
    from consumer_rules.product import load_product

    try:
        product = load_product(_write(text, "product.yaml"))
    except ConsumerRulesError:
        return
    rules.check_product(product)
    rules.check_text("本理财产品保本，年化收益率4.5%，手续费全免", product=product.product)
