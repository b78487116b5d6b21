"""Safe YAML reading that remembers where every value came from.

pydantic and jsonschema report a path such as ``('unless', 'negated', 'window')`` but not a line; users need
``FIN001.yaml:14:13``. So the YAML is composed into nodes (safe tags only), turned into plain Python values
here, and a map from each path to its line and column is kept beside the data.

Aliases are refused (rule files never need them, and they are how a "billion laughs" file explodes), and
so are duplicate keys, which PyYAML would otherwise silently overwrite.
"""

from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,attr-defined,unused-ignore]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_BYTES = 1024 * 1024
"""Rule, pack and product files larger than this are refused before parsing."""

MAX_DEPTH = 64
"""Deeper nesting is refused: no rule, config, waiver or product file needs it, and it would exhaust the stack."""

Loc = tuple[str | int, ...]


@dataclass
class YamlDocument:
    path: str
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str = ""  # the decoded file

    def problem(self, loc: Loc, message: str, hint: str | None = None, *, key: bool = False) -> Problem:
        """A problem located at ``loc`` (its key with ``key=True``) in this file."""
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, message, hint)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Best (line, column) for ``loc``: the deepest known ancestor when the exact path is absent."""
        marks = self.key_marks if key else self.value_marks
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in marks:
                return marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return (1, 1)


def read_yaml(
    path: Path, display: str | None = None, *, reuse: bool = False
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read ``path``; return the document, or None and the problems that stopped it.

    With ``reuse``, a file whose bytes were parsed before in this process returns the same document: the rule
    loader reads the built-in packs' 300-odd files on every load (``rules validate`` then ``rules test``, a
    service that reloads its rules, the test suite), and parsing them with their marks is most of a load. The
    caller must not change the document it gets."""
    name = display or str(path)
    raw, problems = _read_bytes(path, name)
    if raw is None:
        return None, problems
    if not reuse:
        return _decoded(raw, name)
    doc, found = _decoded_once(raw, name)
    return doc, list(found)


def _read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return None, [Problem(name, 0, 0, f"cannot read file: {exc.strerror or exc}")]
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, [Problem(name, 0, 0, "is not a regular file; only regular files are read")]
        raw = os.read(fd, MAX_BYTES + 1) if st.st_size <= MAX_BYTES else b""
        while st.st_size <= MAX_BYTES and len(raw) <= MAX_BYTES and (more := os.read(fd, MAX_BYTES + 1 - len(raw))):
            raw += more
        if st.st_size > MAX_BYTES or len(raw) > MAX_BYTES:
            size = max(st.st_size, len(raw))
            return None, [
                Problem(
                    name,
                    0,
                    0,
                    f"file is {size / 1e6:.1f} MB; rule files may be at most 1 MiB",
                    "split it, one rule per file",
                )
            ]
    except OSError as exc:
        return None, [Problem(name, 0, 0, f"cannot read file: {exc.strerror or exc}")]
    finally:
        os.close(fd)
    return raw, []


def _decoded(raw: bytes, name: str) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, 1, "file is not valid UTF-8", "save rule files as UTF-8")]
    return parse_yaml(text, name)


# A file's name and bytes to what they parse to, kept per process (the cache is thread-safe).
_decoded_once = functools.lru_cache(maxsize=2048)(_decoded)


def parse_yaml(text: str, name: str) -> tuple[YamlDocument | None, list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        return None, [Problem(name, 0, 0, f"invalid YAML: nested deeper than {MAX_DEPTH} levels")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = (exc.problem or str(exc)).strip()
        context = ""
        if exc.context:
            context = f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                context += f" started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
            context += ")"
        return None, [Problem(name, line, col, f"invalid YAML: {problem}{context}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 0, 0, f"invalid YAML: {exc}")]
    if node is None:
        return None, [Problem(name, 1, 1, "file is empty")]
    doc = YamlDocument(name, None, text=text)
    problems: list[Problem] = []
    try:
        doc.data = _build(node, (), doc, problems, set(), loader)
    finally:
        loader.dispose()
    return (None if problems else doc), problems


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, loc: Loc, doc: YamlDocument, problems: list[Problem], seen: set[int], loader: Any) -> Any:
    if id(node) in seen:
        if not any(p.message.startswith("YAML aliases") for p in problems):
            line, col = _mark(node)
            problems.append(
                Problem(doc.path, line, col, "YAML aliases (*name) are not allowed here", "write the value out in full")
            )
        return None
    seen.add(id(node))
    doc.value_marks[loc] = _mark(node)
    if len(loc) > MAX_DEPTH:
        if not any(p.message.startswith("nested deeper") for p in problems):
            line, col = _mark(node)
            problems.append(Problem(doc.path, line, col, f"nested deeper than {MAX_DEPTH} levels"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node)
                problems.append(Problem(doc.path, line, col, "YAML merge keys (<<) are not allowed here"))
                continue
            key = _build(key_node, (*loc, "<key>"), doc, problems, seen, loader)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                line, col = _mark(key_node)
                problems.append(Problem(doc.path, line, col, "mapping keys must be plain scalars"))
                continue
            if key in result:
                line, col = _mark(key_node)
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        col,
                        f"duplicate key '{key}'",
                        "a later value would silently replace the earlier one",
                    )
                )
                continue
            part: str | int = key if isinstance(key, (str, int)) else str(key)
            child: Loc = (*loc, part)
            doc.key_marks[child] = _mark(key_node)
            result[key] = _build(value_node, child, doc, problems, seen, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), doc, problems, seen, loader) for i, item in enumerate(node.value)]
    if loc and loc[-1] == "regex" and node.start_mark.line != node.end_mark.line:
        # YAML folds a line break inside a quoted or folded scalar into a space, so [^。\n] broken over two lines
        # silently becomes [^。 ]: a regex is read on one line or not at all.
        line, col = _mark(node)
        problems.append(
            Problem(
                doc.path,
                line,
                col,
                "regex runs over more than one line: YAML reads the line break as a space",
                "keep the regex on one line and write a line break as \\n",
            )
        )
        return None
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        line, col = _mark(node)
        problems.append(Problem(doc.path, line, col, f"invalid value: {(exc.problem or str(exc)).strip()}"))
        return None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # A tag or form the safe constructor accepts but cannot build: 2026-02-30, !!int ;, !!float x.
        line, col = _mark(node)
        value = node.value if isinstance(node.value, str) else ""
        problems.append(
            Problem(doc.path, line, col, f"invalid value {value[:40]!r} ({node.tag.rsplit(':', 1)[-1]}): {exc}")
        )
        return None
