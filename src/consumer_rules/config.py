"""Project configuration: ``.consumer-rules.yaml``, or ``[tool.consumer-rules]`` in pyproject.toml.

The file is found from the first checked path upwards. Command-line options win over the file; the file
wins over the defaults. Paths in the file are relative to the file. schemas/config.schema.json is generated
from :class:`Config`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import Problem, RuleLoadError
from .findings import Severity
from .vocabulary import ProductType

if TYPE_CHECKING:
    from .yamlfile import YamlDocument


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PathSettings(_Strict):
    """Settings for the files that match ``paths`` (gitignore-style globs relative to the config file)."""

    paths: list[str] = Field(min_length=1)
    kind: Literal["auto", "marketing", "privacy", "terms"] | None = None
    product_type: ProductType | None = None
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)


class Config(_Strict):
    """Everything in the file is optional."""

    packs: list[str] | None = Field(None, description="Built-in packs to use (default: all).")
    builtin: bool = Field(True, description="Load the built-in packs at all.")
    rules: list[str] = Field(default_factory=list, description="Extra rule folders, relative to this file.")
    select: list[str] = Field(default_factory=list, description="Codes, code prefixes or name prefixes to run.")
    ignore: list[str] = Field(default_factory=list, description="Codes, code prefixes or name prefixes to skip.")
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Severity overrides by code or code prefix, e.g. {AD003: info}."
    )
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    kind: Literal["auto", "marketing", "privacy", "terms"] | None = None
    product_type: ProductType | None = Field(
        None, description="The product the copy sells, when it is always the same."
    )
    include: list[str] = Field(default_factory=list, description="In folders, only files matching these globs.")
    exclude: list[str] = Field(default_factory=list, description="In folders, skip files matching these globs.")
    gitignore: bool = True
    missing: Literal["error", "ok"] = Field(
        "error",
        description="A missing path, an unreadable file or a folder with nothing to check: error (exit 2) or ok "
        "(listed as skipped; the exit status reflects the findings only).",
    )
    waivers: str | None = Field(None, description="The waiver file, relative to this file.")
    product: str | None = Field(
        None, description="A product description (YAML or JSON) the copy is checked against, relative to this file."
    )
    per_path: list[PathSettings] = Field(default_factory=list, description="Settings for some paths only.")


class LoadedConfig(BaseModel):
    config: Config
    path: Path | None  # None: no file found, defaults

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def load_config(path: Path | None) -> LoadedConfig:
    """Read and validate a config file; raise :class:`RuleLoadError` with file:line problems."""
    if path is None:
        return LoadedConfig(config=Config(), path=None)
    from .loader import _problems_from_validation
    from .yamlfile import YamlDocument, read_yaml

    display = str(path)
    if path.name == "pyproject.toml":
        import tomllib

        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            data = tomllib.loads(text).get("tool", {}).get("consumer-rules", {})
        except tomllib.TOMLDecodeError as exc:
            raise RuleLoadError(
                [Problem(display, getattr(exc, "lineno", 0), getattr(exc, "colno", 0), f"invalid TOML: {exc}")]
            ) from None
        doc = YamlDocument(display, data)
        _toml_marks(doc, text)
    else:
        found, problems = read_yaml(path, display)
        if found is None:
            raise RuleLoadError(problems)
        doc = found
        if doc.data is None:
            doc.data = {}
    if not isinstance(doc.data, dict):
        raise RuleLoadError([Problem(display, 1, 1, "the configuration must be a mapping of keys to values")])
    try:
        config = Config.model_validate(doc.data)
    except ValidationError as exc:
        raise RuleLoadError(_problems_from_validation(exc, doc, Config)) from None
    _inside_project(config, path, doc)
    _known_packs(config, doc)
    return LoadedConfig(config=config, path=path)


def _known_packs(config: Config, doc: YamlDocument) -> None:
    """An unknown pack is a problem at its line in the file, as every other key's is (it was reported later,
    under the pack's bare name, with no word of the file that named it)."""
    if not config.packs:
        return
    from .discovery import builtin_pack_names, did_you_mean

    available = builtin_pack_names()
    problems = [
        doc.problem(
            ("packs", i), f"unknown pack '{name}'", did_you_mean(name, available) or f"packs: {', '.join(available)}"
        )
        for i, name in enumerate(config.packs)
        if name not in available
    ]
    if problems:
        raise RuleLoadError(problems)


_TOML_KEY = re.compile(r"""\s*("?)([A-Za-z0-9_-]+)\1\s*=\s*""")


def _toml_marks(doc: YamlDocument, text: str) -> None:
    """Mark where the table and its top-level keys are (the header; each key and its value), so a problem
    names the line of the key, not the table's first line. tomllib reads the TOML; this only finds lines."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.split("#", 1)[0].strip() == "[tool.consumer-rules]"
            if inside and () not in doc.value_marks:
                doc.value_marks[()] = (number, 1)
            continue
        found = _TOML_KEY.match(line) if inside else None
        if found and (found.group(2),) not in doc.key_marks:
            doc.key_marks[(found.group(2),)] = (number, found.start(2) + 1 - len(found.group(1)))
            doc.value_marks[(found.group(2),)] = (number, found.end() + 1)
    doc.value_marks.setdefault((), (1, 1))


def _inside_project(config: Config, path: Path, doc: Any) -> None:
    """The product and waiver files a config names must be in its project (the config's folder, or the git
    repository it is in): a checked-out repository must not make the checker read, and echo in its errors,
    files elsewhere on the machine. Give such a file on the command line instead."""
    base = path.parent.resolve()
    roots = [base, *(p for p in base.parents if (p / ".git").exists())][:2]
    problems = []
    for key in ("product", "waivers"):
        value = getattr(config, key)
        if value is None:
            continue
        target = (base / value).resolve()
        if not any(target == root or root in target.parents for root in roots):
            problems.append(
                doc.problem(
                    (key,), f"'{key}' names a file outside the project", f"give it on the command line: --{key} FILE"
                )
            )
    if problems:
        raise RuleLoadError(problems)
