"""The pre-commit hook hands every format the command line reads to consumer-rules, run by pre-commit itself.

Silent pass it guards against: the hook said `types_or: [text, markdown, html]`; pre-commit tags .docx and
.pdf as binary, so a Word file with 保本保息 was never checked and the hook reported success.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from consumer_rules.document import TEXT_SUFFIXES, UNREAD_DOCUMENT_SUFFIXES
from tests.helpers import rule, write_pack
from tests.unit.test_extract import _pdf

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return dict(next(h for h in hooks if h["id"] == "consumer-rules"))


def test_the_hook_selects_every_suffix_the_cli_reads() -> None:
    files = re.compile(str(_hook()["files"]))
    for suffix in TEXT_SUFFIXES:
        assert files.search(f"copy/ad{suffix}") and files.search(f"copy/AD{suffix.upper()}"), suffix
    # and every document format it refuses, so that the hook reports it instead of never seeing it
    for suffix in UNREAD_DOCUMENT_SUFFIXES:
        assert files.search(f"copy/ad{suffix}") and files.search(f"copy/AD{suffix.upper()}"), suffix
    assert not files.search("src/app.py") and not files.search("img/banner.png")


def test_pre_commit_runs_the_hook_on_word_and_pdf_files(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    git = shutil.which("git")
    if pre_commit is None or git is None:
        pytest.skip("pre-commit (pip install pre-commit) and git are needed to run the hook")
    docx = pytest.importorskip("docx")
    repo = tmp_path / "repo"
    repo.mkdir()
    pack = write_pack(tmp_path / "pack", [rule("TST001", kind="forbid", match=["保本", "risk-free"])])
    document = docx.Document()
    document.add_paragraph("本理财产品保本保息")
    document.save(str(repo / "ad.docx"))
    (repo / "brochure.pdf").write_bytes(_pdf(["A risk-free product"]))
    (repo / "notes.py").write_text("# 保本 in code is not copy\n", encoding="utf-8")
    # The manifest's hook as published, run from this environment (`language: system`) so no network is needed.
    hook = _hook()
    hook.update(
        language="system",
        entry=f"{Path(sys.executable).parent / 'consumer-rules'} check",
        args=["--no-builtin", "--rules", str(pack)],
    )
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(tmp_path), "NO_COLOR": "1"}  # fmt: skip
    subprocess.run([git, "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run([git, "add", "."], cwd=repo, check=True, env=env)
    done = subprocess.run(
        [pre_commit, "run", "--all-files", "--color", "never"], cwd=repo, env=env, capture_output=True, text=True
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "ad.docx:1:6: error TST001" in out, out
    assert "brochure.pdf:1:3: error TST001" in out, out
    assert "notes.py" not in out
