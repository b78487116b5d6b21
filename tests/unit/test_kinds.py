"""The rule-kind registry: every kind documented, and the compiled kinds usable without pydantic."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from consumer_rules import RuleSet
from consumer_rules.kinds.registry import KINDS

ROOT = Path(__file__).resolve().parent.parent.parent


def test_every_kind_has_a_section_in_the_docs() -> None:
    docs = (ROOT / "docs" / "rule-kinds.md").read_text(encoding="utf-8")
    assert list(KINDS) == ["forbid", "require", "field", "consistency", "proximity"]
    for name in KINDS:
        assert f"## Kind `{name}`" in docs, name


def test_a_pickled_rule_set_checks_copy_without_importing_pydantic(builtin: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "rules.pickle"
    path.write_bytes(pickle.dumps(builtin))
    script = (
        "import pickle, sys\n"
        f"rules = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        "report = rules.check_text('本理财产品保本保息，年化收益4.5%。')\n"
        "print(sorted({f.rule_id for f in report.findings}), 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['FIN001', 'FIN010', 'FIN011', 'FIN015', 'FIN022'] False"
