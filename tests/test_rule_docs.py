"""docs/rules/ is generated from the rule files and must not go stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from consumer_rules import rule_docs
from tests.helpers import builtin_rule_files

ROOT = Path(__file__).resolve().parent.parent


def test_generated_rule_docs_are_up_to_date() -> None:
    figures_file = ROOT / "docs" / "rules" / rule_docs.FIGURES
    figures = json.loads(figures_file.read_text(encoding="utf-8")) if figures_file.exists() else None
    pages = rule_docs.generate(figures)
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "rules").glob("*.md")}
    stale = sorted(name for name in set(pages) | set(committed) if pages.get(name) != committed.get(name))
    assert not stale, f"docs/rules is stale ({', '.join(stale)}): run `python -m consumer_rules.rule_docs`"


def test_every_rule_obligation_is_in_the_catalogue() -> None:
    catalogue = yaml.safe_load((ROOT / "rules" / "obligations.yaml").read_text(encoding="utf-8"))
    known = set(catalogue["obligations"])
    assert set(catalogue["plan_clauses"]) == {o["plan"] for o in catalogue["obligations"].values()}
    for path, data in builtin_rule_files():
        cited = set(data.get("obligations") or []) | {u["obligation"] for u in data.get("uncovered") or []}
        assert cited <= known, f"{path.name}: {sorted(cited - known)}"


def test_plan_clauses_are_quoted_from_the_plans() -> None:
    plans = ROOT.parent / "shared" / "plans"
    if not plans.is_dir():
        import pytest

        pytest.skip("the shared plans are not beside this checkout")
    text = "".join(p.read_text(encoding="utf-8") for p in plans.glob("*.txt"))
    catalogue = yaml.safe_load((ROOT / "rules" / "obligations.yaml").read_text(encoding="utf-8"))
    quoted = list(catalogue["plan_clauses"].values())
    for _, data in builtin_rule_files():
        quoted += data["plan"]
    missing = sorted({q for q in quoted if q not in text})
    assert missing == []


# The law texts beside this checkout (../shared/laws). Two of them are not from the national database but
# third-party copies whose headers say their punctuation is half-width and, for one, that the characters are
# traditional; there a quotation in the official simplified, full-width form is compared after folding both.
# They are found beside the checkout, or beside a folder of checkouts (one per branch).
LAWS = next((d / "shared" / "laws" for d in ROOT.parents if (d / "shared" / "laws").is_dir()), ROOT / "no-laws")
_FOLDED_COPIES = {"wealth-management-company-sales-measures-2021.md", "pboc-announcement-2021-3-loan-apr.md"}
_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
_ARTICLE = re.compile(r"第([零一二三四五六七八九十百千]+)条(?:[ \u3000]+|$)")
_NUMBERED = re.compile(r"([一二三四五六七八九十]+)、")
_ITEM = re.compile(r"[（(]([一二三四五六七八九十]+)[）)]")
_CITATION = re.compile(
    r"(?:第(?P<article>[零一二三四五六七八九十百千]+)条|(?P<numbered>[一二三四五六七八九十]+))"
    r"(?:第(?P<para>[一二三四五六七八九十]+)款)?(?:第[（(](?P<item>[一二三四五六七八九十]+)[）)]项)?"
)
_ORDINALS = "一二三四五六七八九十"


def _stem(title: str) -> str:
    """A law's title without its trailing parenthesised issuer, number or note."""
    return re.sub(r"（[^（）]*）$", "", title.strip())


def _fold(text: str, copy: bool) -> str:
    text = re.sub(r"\s+", "", text)
    if copy:
        import opencc

        text = opencc.OpenCC("t2s").convert(text.translate(_HALF_TO_FULL))
    return text


class _Law:
    """One law text, split into articles; each article into paragraphs (款), each paragraph into items (项)."""

    def __init__(self, paths: list[Path]) -> None:
        self.copy = any(p.name in _FOLDED_COPIES for p in paths)
        # article -> paragraphs -> (the paragraph's own text, {item: text})
        self.articles: dict[str, list[tuple[str, dict[str, str]]]] = {}
        for path in paths:
            text = path.read_text(encoding="utf-8")
            text = text.split("<!-- INFO END -->", 1)[-1]
            text = re.sub(r"\[[^\]]*\]", "", text)  # editors' notes in the copies: [source B; ...]
            lines = [line.strip() for line in text.splitlines()]
            numbered = not any(_ARTICLE.match(line) for line in lines)
            current: list[tuple[str, dict[str, str]]] | None = None
            for line in lines:
                if not line or line.startswith("#"):
                    continue
                head = (_NUMBERED if numbered else _ARTICLE).match(line)
                if head:
                    current = self.articles.setdefault(head.group(1), [])
                    line = line[head.end() :]
                    if not line:
                        continue
                elif current is None:
                    continue
                item = _ITEM.match(line)
                if item and current:
                    current[-1][1][item.group(1)] = _fold(line, self.copy)
                else:
                    current.append((_fold(line, self.copy), {}))

    def unit(self, citation: str) -> str | None:
        """The folded text of the article, paragraph or item named, or None when the law has no such unit."""
        m = _CITATION.fullmatch(citation)
        if not m:
            return None
        paragraphs = self.articles.get(m["article"] or m["numbered"])
        if not paragraphs:
            return None
        if m["para"]:
            n = _ORDINALS.index(m["para"]) + 1 if len(m["para"]) == 1 else 10 + _ORDINALS.index(m["para"][-1]) + 1
            if n > len(paragraphs):
                return None
            paragraphs = [paragraphs[n - 1]]
        if m["item"]:
            items = [p[1][m["item"]] for p in paragraphs if m["item"] in p[1]]
            return items[0] if len(items) == 1 else None
        return "".join(own + "".join(items.values()) for own, items in paragraphs)


def _laws() -> dict[str, _Law]:
    by_title: dict[str, list[Path]] = {}
    for path in sorted(LAWS.glob("*.md")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if path.name != "README.md" and first.startswith("# "):
            by_title.setdefault(_stem(first[2:]), []).append(path)
    return {title: _Law(paths) for title, paths in by_title.items()}


def _references() -> list[tuple[str, dict[str, object]]]:
    return [(path.name, ref) for path, data in builtin_rule_files() for ref in data["references"]]


def _skip_without_laws() -> None:
    if not LAWS.is_dir():
        import pytest

        pytest.skip("the shared law texts are not beside this checkout")


def test_verified_quotations_are_word_for_word_in_the_law_texts() -> None:
    """A reference marked verified quotes the official text exactly (white space aside; … joins pieces)."""
    _skip_without_laws()
    corpus = "".join(
        _fold(p.read_text(encoding="utf-8"), False) for p in LAWS.glob("*.md") if p.name not in _FOLDED_COPIES
    )
    missing = []
    for name, ref in _references():
        if ref.get("verified", True) and ref.get("quote"):
            pieces = [p for p in re.split(r"…+", _fold(str(ref["quote"]), False)) if p]
            if not all(p in corpus for p in pieces):
                missing.append(f"{name}: {ref['law']} {ref['article']}")
    assert missing == []


def test_quotations_stand_in_the_article_they_cite() -> None:
    """Every reference to a law whose text is here names an article, paragraph and item that exist in it and
    quotes words that stand inside that very unit (so none is left 待核)."""
    _skip_without_laws()
    laws = _laws()
    wrong = []
    for name, ref in _references():
        article = str(ref["article"])
        law = laws.get(_stem(str(ref["law"])))
        if law is None:
            continue
        unit = law.unit(article)
        if unit is None:
            wrong.append(f"{name}: {ref['law']} {article}: no such article, paragraph or item in the text")
        elif not ref.get("quote"):
            wrong.append(f"{name}: {ref['law']} {article}: no quotation")
        else:
            pieces = [p for p in re.split(r"…+", _fold(str(ref["quote"]), law.copy)) if p]
            if not all(p in unit for p in pieces):
                wrong.append(f"{name}: {ref['law']} {article}: quotation not in that article")
    assert wrong == []


def test_the_citation_check_reads_the_structure_of_a_law() -> None:
    _skip_without_laws()
    ad = _laws()["中华人民共和国广告法"]
    second = ad.unit("第二十八条第二款第（四）项")
    assert second is not None and second.startswith("（四）虚构使用商品或者接受服务的效果的")
    first = ad.unit("第二十八条第一款")
    assert first is not None and "虚构使用商品" not in first
    assert ad.unit("第二十八条第三款") is None
    assert ad.unit("第二十五条（条号待核）") is None
    assert ad.unit("第九百条") is None
    pboc = _laws()["中国人民银行公告〔2021〕第3号"]
    one = pboc.unit("一")
    assert one is not None and "应当以明显的方式向借款人展示年化利率，并在签订贷款合同时载明" in one


def test_every_unverified_reference_says_why() -> None:
    """A reference left unverified carries a comment on its `verified: false` line naming what is missing."""
    silent = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "rules").glob("*/[A-Z]*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.fullmatch(r"\s*verified:\s*false\s*(#\s*)?", line)
    ]
    assert silent == []


def test_a_broken_rule_stops_the_pages_with_its_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A rule file with a repeated key must be named at file:line, and no page written from half the packs.
    packs = tmp_path / "rules" / "demo"
    packs.mkdir(parents=True)
    manifest = "name: demo\nversion: 0.1.0\ntitle: Demo\ncode_prefixes: [DEM]\n"
    (packs / "pack.yaml").write_text(manifest, encoding="utf-8")
    (packs / "DEM001.yaml").write_text("code: DEM001\ncode: DEM002\n", encoding="utf-8")
    monkeypatch.setattr(rule_docs, "rule_sources", lambda *_: [packs])
    out = tmp_path / "docs"
    assert rule_docs.main([str(out)]) == 2
    err = capsys.readouterr().err
    assert "DEM001.yaml:2" in err and "duplicate key 'code'" in err
    assert not list(out.glob("*.md"))
