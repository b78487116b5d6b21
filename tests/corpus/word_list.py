"""The word-list yardstick: word_list.yaml's phrases as plain substrings, scored like the packs.

The issue behind the corpus asked whether the checker beats a word list on copy nobody here wrote, so
``evaluate.py --word-list`` scores this list on the same items, parts and batches as the packs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from consumer_rules import Severity

WORD_LIST = Path(__file__).resolve().parent / "word_list.yaml"


@dataclass(frozen=True)
class WordFinding:
    rule_id: str
    category: str
    start: int
    end: int
    excerpt: str
    scope: str = "span"
    severity: Severity = Severity.error


@dataclass
class WordReport:
    findings: list[WordFinding] = field(default_factory=list)


class WordList:
    """Answers ``check_text`` as a RuleSet does, from the frozen list."""

    def __init__(self, path: Path = WORD_LIST) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.phrases: dict[str, list[str]] = {c: [str(p) for p in ps] for c, ps in data["phrases"].items()}
        self.when_without: dict[str, dict[str, list[str]]] = data.get("when_without") or {}

    def check_text(self, text: str, **_: Any) -> WordReport:
        report = WordReport()
        for category, phrases in self.phrases.items():
            for phrase in phrases:
                start = text.find(phrase)
                while start >= 0:
                    report.findings.append(WordFinding("WORD", category, start, start + len(phrase), phrase))
                    start = text.find(phrase, start + 1)
        for category, cond in self.when_without.items():
            hits = [(text.find(w), w) for w in cond["when"] if w in text]
            if hits and not any(w in text for w in cond["without"]):
                start, word = min(hits)
                report.findings.append(WordFinding("WORD", category, start, start + len(word), word))
        return report
