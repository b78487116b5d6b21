"""Every example in the docs and the README works: commands run, Python runs, configs and waivers validate."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def blocks(kind: str) -> list[tuple[str, str]]:
    out = []
    for page in PAGES:
        for lang, body in _FENCE.findall(page.read_text(encoding="utf-8")):
            if lang == kind:
                out.append((f"{page.name}:{body.splitlines()[0][:40] if body else ''}", body))
    return out


def _command_blocks() -> list[tuple[str, list[str]]]:
    """Shell blocks with consumer-rules commands; the commands of one block run in order (later ones may use
    what earlier ones wrote). Installing is the quick start's business, not this test's."""
    found = []
    for where, body in blocks("sh"):
        lines = [line.strip() for line in body.splitlines()]
        commands = [c for c in lines if "consumer-rules " in c and "pip install" not in c and not c.startswith("#")]
        if commands:
            found.append((where, commands))
    return found


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One disk cache for every example, as a user's commands share theirs: the first `check` compiles the packs,
    the later ones read them instead of compiling afresh in a cache of their own."""
    return tmp_path_factory.mktemp("cache")


# `rules …` and `explain` load the packs without the compiled cache, 7–9 s each in a new process; in this one they
# share what the loader keeps (the parsed rule files, the regexes' forms). `check` commands run as a user runs them.
_IN_PROCESS = re.compile(r"^consumer-rules (?:rules|explain) [^|<>;&$`]*$")


@pytest.mark.parametrize(("where", "commands"), _command_blocks(), ids=[w for w, _ in _command_blocks()])
def test_shell_examples_run(
    where: str,
    commands: list[str],
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from consumer_rules.cli import main

    env = {**os.environ, "CONSUMER_RULES_CACHE_DIR": str(cache_dir)}
    monkeypatch.chdir(ROOT)  # for the commands run in process, as the others run
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(cache_dir))
    for command in commands:
        if _IN_PROCESS.match(command):
            code = main(shlex.split(command, comments=True)[1:])
            err = capsys.readouterr().err
            assert code in (0, 1), f"{where}: {command}\n{err}"
            assert "Traceback" not in err
            continue
        shell = command.replace("consumer-rules ", f"{sys.executable} -m consumer_rules ")
        proc = subprocess.run(shell, shell=True, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode in (0, 1), f"{where}: {command}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("where", "code"), blocks("python"), ids=[w for w, _ in blocks("python")])
def test_python_examples_run(where: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # Run as a script would (examples with worker processes guard on __main__).
    exec(compile(code, where, "exec"), {"__name__": "__main__", "copy": "本理财产品保本保息"})


def test_configuration_examples_validate(tmp_path: Path) -> None:
    from consumer_rules.config import Config
    from consumer_rules.waivers import load_waiver_file

    checked = 0
    for where, body in blocks("yaml"):
        data = yaml.safe_load(body)
        if body.startswith("# .consumer-rules.yaml"):
            Config.model_validate(data)
            checked += 1
        elif body.startswith("name:") and "\ntype:" in body:
            from consumer_rules.product import Product

            Product.model_validate(data)
            checked += 1
        elif body.startswith("# .consumer-rules-waivers.yaml"):
            path = tmp_path / "w.yaml"
            path.write_text(body, encoding="utf-8")
            assert load_waiver_file(path).entries, where
            checked += 1
    for _, body in blocks("toml"):
        Config.model_validate(tomllib.loads(body)["tool"]["consumer-rules"])
        checked += 1
    assert checked >= 4


def test_waiver_directive_example_parses() -> None:
    from consumer_rules.extract.markdown import extract_markdown
    from consumer_rules.waivers import directives

    examples = [body for _, body in blocks("markdown") if "consumer-rules: disable" in body]
    assert examples
    for body in examples:
        found = directives(extract_markdown(body))
        assert found and all(d.reason for d in found)
