"""The benchmark scripts' command lines: asking for help, or a mistake, answers at once and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "benchmarks" / "findings_snapshot.py"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, str(SNAPSHOT), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60
    )


def test_findings_snapshot_help_writes_no_snapshot(tmp_path: Path) -> None:
    # --help was taken for the output file: minutes of work, then a pickle named --help
    proc = _run("--help", cwd=tmp_path)
    assert proc.returncode == 0 and "findings_snapshot.py" in proc.stdout
    assert not list(tmp_path.iterdir())


def test_findings_snapshot_refuses_a_missing_earlier_snapshot_before_working(tmp_path: Path) -> None:
    proc = _run(str(tmp_path / "after.pickle"), str(tmp_path / "before.pickle"), cwd=tmp_path)
    assert proc.returncode == 2 and "no earlier snapshot" in proc.stderr
    assert not (tmp_path / "after.pickle").exists()
    assert _run("-o", "x", cwd=tmp_path).returncode == 2 and not list(tmp_path.iterdir())
