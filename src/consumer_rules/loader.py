"""Find rule packs, read their YAML files and validate them into rule specs.

Every problem in every file is collected and raised together as one :class:`RuleLoadError`, each with
``file:line:col``, so a rule author fixes a broken pack in one pass.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model
from .conditions import check_conditions
from .discovery import PACK_FILE, did_you_mean
from .errors import Problem, RuleLoadError
from .kinds.registry import KINDS, RULE
from .model import PackManifest, SpecError
from .patterns import check_pattern
from .vocabulary import CATEGORIES
from .yamlfile import Loc, YamlDocument, read_yaml


@dataclass(frozen=True)
class LoadedRule:
    spec: model.RuleBase
    pack: str
    path: str
    line: int
    case_lines: tuple[tuple[str, int], ...] = ()  # ("flag[0]", line), …: where each of its cases is written
    # where the rules and packs it names are written, as (YAML location, line, column): supersedes, replaces and
    # when_found.packs, so that a check across files points at the name, not at the rule's first line
    name_places: tuple[tuple[Loc, int, int], ...] = ()

    def place(self, *loc: str | int) -> tuple[int, int]:
        """(line, column) of the name at ``loc`` (``"replaces", 0``); the rule's first line if it is not known."""
        return next(((line, column) for at, line, column in self.name_places if at == loc), (self.line, 1))


@dataclass(frozen=True)
class LoadedPack:
    manifest: PackManifest
    path: str


@dataclass(frozen=True)
class LoadResult:
    packs: tuple[LoadedPack, ...]
    rules: tuple[LoadedRule, ...]
    # The words of every vocabulary a rule can name: the loaded packs' (a name several packs define holds all their
    # words), and the built-in packs' that no loaded pack defines, so that a pack chosen alone (--pack
    # cn-advertising) still knows what "about insurance" means.
    vocabularies: tuple[tuple[str, tuple[model.Pattern, ...]], ...] = ()

    def rules_in(self, folders: Iterable[Path]) -> list[LoadedRule]:
        """The rules read from these pack folders (a rule file sits directly in its pack's folder)."""
        wanted = {folder.resolve() for folder in folders}
        return [rule for rule in self.rules if Path(rule.path).resolve().parent in wanted]


def load_folders(folders: Sequence[Path]) -> LoadResult:
    """Read and validate every pack and rule file under ``folders``; raise with all problems at once."""
    problems: list[Problem] = []
    packs: list[LoadedPack] = []
    rules: list[LoadedRule] = []
    manifests = [_load_manifest(folder, problems) for folder in folders]
    vocabularies = {name for m in manifests if m is not None for name in m.vocabularies}
    builtin = _builtin_vocabularies(folders, vocabularies)
    words: dict[str, list[model.Pattern]] = {}
    for name, listed in (*(item for m in manifests if m for item in m.vocabularies.items()), *builtin.items()):
        words.setdefault(name, []).extend(listed)
    for folder, manifest in zip(folders, manifests, strict=True):
        if manifest is not None:
            packs.append(LoadedPack(manifest, _display(folder / PACK_FILE)))
        pack_name = manifest.name if manifest else folder.name
        for path in sorted(folder.glob("*.yaml")):
            if path.name == PACK_FILE:
                continue
            rule = _load_rule(path, pack_name, manifest, problems, words)
            if rule is not None:
                rules.append(rule)
    _check_unique(rules, problems)
    _check_supersedes(rules, packs, problems)
    _check_found_packs(rules, problems)
    if problems:
        raise RuleLoadError(problems)
    return LoadResult(tuple(packs), tuple(rules), tuple((name, tuple(listed)) for name, listed in words.items()))


def _builtin_vocabularies(folders: Sequence[Path], loaded: set[str]) -> dict[str, tuple[model.Pattern, ...]]:
    """The vocabularies of the built-in packs that are not loaded, for rules of a loaded pack that name them."""
    from .discovery import builtin_pack_names, builtin_packs_dir

    root = builtin_packs_dir()
    chosen = {folder.resolve() for folder in folders}
    found: dict[str, tuple[model.Pattern, ...]] = {}
    for name in builtin_pack_names():
        folder = root / name
        if folder.resolve() in chosen:
            continue
        manifest = _load_manifest(folder, [])
        for vocabulary, words in manifest.vocabularies.items() if manifest else ():
            if vocabulary not in loaded:
                found[vocabulary] = (*found.get(vocabulary, ()), *words)
    return found


def _display(path: Path) -> str:
    """Paths relative to the working directory where possible: shorter and clickable in editors."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _load_manifest(folder: Path, problems: list[Problem]) -> PackManifest | None:
    path = folder / PACK_FILE
    if not path.is_file():
        return None
    doc, read_problems = read_yaml(path, _display(path), reuse=True)
    problems.extend(read_problems)
    if doc is None:
        return None
    try:
        manifest = PackManifest.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(exc, doc, PackManifest))
        return None
    # A bad pattern is reported at its line, and the manifest is still returned: its vocabularies' names stay known,
    # so the rules that use them do not each report an unknown vocabulary over one broken line of pack.yaml.
    for key, patterns in (("masks", manifest.masks), ("framing", manifest.framing)):
        for i, pattern in enumerate(patterns):
            found = check_pattern(pattern)
            if found:
                problems.append(doc.problem((key, i), found[0], found[1]))
    for name, words in manifest.vocabularies.items():
        for i, pattern in enumerate(words):
            found = check_pattern(pattern)
            if found:
                problems.append(doc.problem(("vocabularies", name, i), found[0], found[1]))
    return manifest


def _load_rule(
    path: Path,
    pack: str,
    manifest: PackManifest | None,
    problems: list[Problem],
    vocabularies: Mapping[str, Sequence[model.Pattern]] | None = None,
) -> LoadedRule | None:
    """Read one rule file; ``vocabularies``: the words of every vocabulary its packs define, by name."""
    vocabularies = vocabularies or {}
    display = _display(path)
    doc, read_problems = read_yaml(path, display, reuse=True)
    problems.extend(read_problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(display, 1, 1, "a rule file must be a mapping of keys to values"))
        return None
    kind = doc.data.get("kind")
    # An unknown or missing kind: every kind's keys and patterns are candidates.
    targets = [KINDS[kind]] if isinstance(kind, str) and kind in KINDS else list(KINDS.values())
    before = len(problems)
    code = doc.data.get("code")
    if isinstance(code, str) and code != path.stem:
        problems.append(
            doc.problem(
                ("code",),
                f"code '{code}' does not match the file name '{path.name}'",
                f"rename the file to {code}.yaml or change the code",
            )
        )
    if isinstance(code, str) and manifest is not None and model.code_prefix(code) not in manifest.code_prefixes:
        problems.append(
            doc.problem(
                ("code",),
                f"code '{code}' does not use a prefix of pack '{manifest.name}'",
                f"use one of {', '.join(manifest.code_prefixes)}",
            )
        )
    # Patterns are checked on the raw data, so a bad regex is reported even when other keys are wrong too.
    for loc, pattern in _raw_patterns(doc.data, targets):
        found = check_pattern(pattern)
        if found:
            problems.append(doc.problem(loc, found[0], found[1]))
    applies = doc.data.get("applies_to")
    named: list[tuple[tuple[Any, ...], Any]] = []
    for key in ("about", "not_about"):
        names = applies.get(key) if isinstance(applies, dict) else None
        named.extend((("applies_to", key, i), name) for i, name in enumerate(names if isinstance(names, list) else []))
    named.extend(_raw_vocabulary_names(doc.data, targets))
    for loc, name in named:
        if isinstance(name, str) and name not in vocabularies:
            known = sorted(vocabularies)
            problems.append(
                doc.problem(
                    loc,
                    f"unknown vocabulary '{name}'",
                    did_you_mean(name, known)
                    or (f"vocabularies of the loaded packs: {', '.join(known)}" if known else None)
                    or "define it under 'vocabularies' in a pack.yaml",
                )
            )
    if len(targets) == 1:
        for key in targets[0].condition_keys:
            if key in doc.data:
                wrong = check_conditions(doc.data[key])
                if wrong:
                    problems.append(doc.problem((key,), wrong))
    try:
        spec = RULE.validate_python(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(exc, doc, targets))
        return None
    if len(problems) > before:
        return None
    problems.extend(_case_product_problems(spec, doc))
    if len(problems) > before:
        return None
    spec = _with_vocabularies(spec, type(spec).pattern_keys, vocabularies)
    case_lines = tuple(
        (f"{key}[{i}]", doc.where(("cases", key, i))[0])
        for key, cases in (("flag", spec.cases.flag), ("pass", spec.cases.pass_))
        for i in range(len(cases))
    )
    found = getattr(spec, "when_found", None)
    name_locs: list[Loc] = [(key, i) for key in ("supersedes", "replaces") for i in range(len(getattr(spec, key, ())))]
    if found is not None:
        name_locs += [("when_found", "packs", i) for i in range(len(found.packs))]
    places = tuple((loc, *doc.where(loc)) for loc in name_locs)
    return LoadedRule(spec, pack, display, doc.where(())[0], case_lines, places)


def _case_product_problems(spec: model.RuleBase, doc: YamlDocument) -> list[Problem]:
    """A case's product that is not a valid product description: `rules test` would only report the case as
    failing, and `rules validate` said the rule was valid. Each problem points at the field in the case."""
    found: list[Problem] = []
    groups: tuple[tuple[str, Sequence[model.FlagCase | model.PassCase]], ...] = (
        ("flag", spec.cases.flag),
        ("pass", spec.cases.pass_),
    )
    for key, cases in groups:
        for i, case in enumerate(cases):
            if case.product is None:
                continue
            from .product import Product  # only for rules whose cases hold a product

            try:
                Product.model_validate(case.product)
            except ValidationError as exc:
                for error in exc.errors():
                    loc = ("cases", key, i, "product", *error["loc"])
                    found.append(doc.problem(loc, f"invalid product in case {key}[{i}]: {error['msg']}"))
    return found


_COMMON_PATTERNS = (("applies_to", "mentions"), ("applies_to", "unless_mentions"))


def _raw_patterns(
    data: dict[str, Any], kinds: Sequence[type[model.RuleBase]]
) -> Iterable[tuple[tuple[Any, ...], model.PatternSpec | str]]:
    """Well-formed pattern entries of a rule's raw data, with their locations."""
    for loc, item in _raw_entries(data, kinds):
        if isinstance(item, str) and item:
            yield loc, item
        elif isinstance(item, dict) and len(item) >= 1:
            regex, phrase = item.get("regex"), item.get("phrase")
            if isinstance(regex, str) and regex and phrase is None:
                yield (*loc, "regex"), model.PatternSpec(regex=regex)
            elif isinstance(phrase, str) and phrase and regex is None:
                yield (*loc, "phrase"), model.PatternSpec(phrase=phrase)


def _raw_entries(data: dict[str, Any], kinds: Sequence[type[model.RuleBase]]) -> Iterable[tuple[tuple[Any, ...], Any]]:
    """Every entry of a rule's raw pattern lists (those of ``kinds`` and applies_to's), with its location."""
    paths = dict.fromkeys(path for kind in kinds for path in kind.pattern_keys)
    for path in (*paths, *_COMMON_PATTERNS):
        for loc in _each_location(data, path):
            items = _get(data, loc)
            for i, item in enumerate(items if isinstance(items, list) else []):
                yield (*loc, i), item


def _each_location(data: Any, path: tuple[str, ...]) -> Iterable[tuple[Any, ...]]:
    """``path`` in ``data``, with each ``*`` read as every item of the list there (or the one mapping written in
    place of a list of one: ``true_of_product`` may be either)."""
    if "*" not in path:
        yield path
        return
    star = path.index("*")
    head, tail = path[:star], path[star + 1 :]
    found = _get(data, head)
    if isinstance(found, list):
        for i, item in enumerate(found):
            for rest in _each_location(item, tail):
                yield (*head, i, *rest)
    elif isinstance(found, dict):
        for rest in _each_location(found, tail):
            yield (*head, *rest)


def _raw_vocabulary_names(
    data: dict[str, Any], kinds: Sequence[type[model.RuleBase]]
) -> Iterable[tuple[tuple[Any, ...], Any]]:
    """The vocabulary entries (``- vocabulary: NAME``) of a rule's raw pattern lists, with their locations."""
    for loc, item in _raw_entries(data, kinds):
        if isinstance(item, dict) and "vocabulary" in item:
            yield (*loc, "vocabulary"), item["vocabulary"]


def _with_vocabularies(
    spec: Any, pattern_keys: Sequence[tuple[str, ...]], vocabularies: Mapping[str, Sequence[model.Pattern]]
) -> Any:
    """``spec`` with every vocabulary entry of its pattern lists replaced by that vocabulary's words, so that
    compiling, costing and documenting a rule see phrases and regexes only."""
    for path in (*pattern_keys, *_COMMON_PATTERNS):
        spec = _expand_at(spec, path, vocabularies)
    return spec


def _expand_at(node: Any, path: Sequence[str], vocabularies: Mapping[str, Sequence[model.Pattern]]) -> Any:
    if node is None or not path:
        return node
    if path[0] == "*":  # each item of a list of models
        items = [_expand_at(item, path[1:], vocabularies) for item in node]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    value = getattr(node, path[0], None)
    if len(path) > 1:
        inner = _expand_at(value, path[1:], vocabularies)
        return node if inner is value else node.model_copy(update={path[0]: inner})
    if not isinstance(value, list):
        return node
    names = [p.vocabulary if isinstance(p, model.PatternSpec) else None for p in value]
    if not any(names):
        return node
    expanded = [w for p, name in zip(value, names, strict=True) for w in (vocabularies[name] if name else (p,))]
    return node.model_copy(update={path[0]: list(dict.fromkeys(expanded))})


def _check_unique(rules: Sequence[LoadedRule], problems: list[Problem]) -> None:
    seen: dict[str, LoadedRule] = {}
    for rule in rules:
        for ident in (rule.spec.code, rule.spec.name, *rule.spec.aliases):
            other = seen.get(ident)
            if other is not None and other is not rule:
                problems.append(
                    Problem(
                        rule.path,
                        rule.line,
                        1,
                        f"'{ident}' is already used by {other.path}",
                        "codes, names and aliases must be unique across all loaded packs",
                    )
                )
            seen[ident] = rule


def _check_supersedes(rules: Sequence[LoadedRule], packs: Sequence[LoadedPack], problems: list[Problem]) -> None:
    """``supersedes`` must name another rule; one of a loaded pack's prefixes must name a rule of that pack
    (a typo would silently fold nothing). Codes of packs not loaded are allowed: that pack is optional."""
    from .discovery import did_you_mean

    codes = {r.spec.code for r in rules}
    prefixes = {p for pack in packs for p in pack.manifest.code_prefixes}
    for rule in rules:
        for key in ("supersedes", "replaces"):
            for i, code in enumerate(getattr(rule.spec, key, ())):
                line, column = rule.place(key, i)
                if code == rule.spec.code:
                    problems.append(
                        Problem(rule.path, line, column, f"{key} '{code}': a rule cannot {key[:-1]} itself")
                    )
                elif code not in codes and model.code_prefix(code) in prefixes:
                    hint = did_you_mean(code, sorted(codes))
                    problems.append(Problem(rule.path, line, column, f"{key} '{code}': no such rule is loaded", hint))


def _check_found_packs(rules: Sequence[LoadedRule], problems: list[Problem]) -> None:
    """``when_found.packs`` must name a pack that exists (loaded or built in): a typo would trigger nothing."""
    from .discovery import builtin_pack_names, did_you_mean

    names = set(builtin_pack_names()) | {r.pack for r in rules}
    for rule in rules:
        found = getattr(rule.spec, "when_found", None)
        for i, pack in enumerate(found.packs if found is not None else ()):
            if pack not in names:
                hint = did_you_mean(pack, sorted(names))
                line, column = rule.place("when_found", "packs", i)
                problems.append(Problem(rule.path, line, column, f"when_found.packs '{pack}': no such pack", hint))


# --- turning pydantic errors into file:line:col problems -------------------------------------------


def _problems_from_validation(
    exc: ValidationError, doc: YamlDocument, root: type[BaseModel] | Sequence[type[BaseModel]]
) -> list[Problem]:
    """``root``: the model validated, or the models one of which was (the kinds, when the kind is unknown)."""
    roots = [root] if isinstance(root, type) else list(root)
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    errors = exc.errors(include_url=False)
    for err in errors:
        raw_loc = tuple(err["loc"])
        loc = _data_loc(doc.data, raw_loc)
        ctx = err.get("ctx", {})
        raised = ctx.get("error")
        if isinstance(raised, SpecError):
            loc = _data_loc(doc.data, (*loc, *raised.where))  # the key the check is about, as far as it is written
        err_type = err["type"]
        if err_type in ("string_type",) and _has_sibling_error(errors, err):
            continue  # the other union branch (the object form) explains it better
        if err_type in ("dict_type", "model_type") and any(
            other is not err
            and other["type"] not in ("dict_type", "model_type")
            and _data_loc(doc.data, tuple(other["loc"])) == loc
            for other in errors
        ):
            continue  # a scalar where a scalar or an object may stand: the scalar branch says what is allowed
        if err_type == "extra_forbidden":
            key = loc[-1] if loc else "?"
            line, col = doc.where(loc, key=True)
            allowed = _allowed_keys(roots, loc[:-1])
            hint = did_you_mean(str(key), allowed) or (
                f"allowed keys: {', '.join(sorted(allowed))}" if allowed else None
            )
            message = f"unknown key '{key}'"
        elif err_type == "missing":
            line, col = doc.where(loc[:-1], key=True) if len(loc) > 1 else (1, 1)
            missing = raw_loc[-1] if raw_loc else "?"
            where = ".".join(str(p) for p in loc[:-1])
            message = f"missing required key '{missing}'" + (f" in '{where}'" if where else "")
            hint = None
        elif err_type in ("union_tag_not_found", "union_tag_invalid"):
            # the rule's kind decides which keys it may have: without a known kind nothing else can be checked
            tag = str(ctx.get("discriminator", "kind")).strip("'")
            kinds = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", ""))) or list(KINDS)
            value = _get(doc.data, (*loc, tag))
            if err_type == "union_tag_not_found" or value is None:
                line, col = doc.where(loc, key=True) if loc else (1, 1)
                message = f"missing required key '{tag}'"
                hint = f"one of {', '.join(kinds)}"
            else:
                line, col = doc.where((*loc, tag))
                message = f"unknown {tag} '{value}'"
                hint = did_you_mean(str(value), kinds) or f"one of {', '.join(kinds)}"
        elif loc == ("category",) and err_type in ("literal_error", "enum"):
            line, col = doc.where(loc)
            value = _get(doc.data, loc)
            message = f"unknown category '{value}'"
            hint = did_you_mean(str(value), CATEGORIES) or "use a category from docs/categories.md"
        else:
            line, col = doc.where(loc, key=isinstance(raised, SpecError) and bool(loc))
            where = ".".join(str(p) for p in loc) or "file"
            # A check of our own (``raise ValueError``) says what was wrong in its own words, value and all:
            # pydantic's "Value error, " prefix and a second copy of the value only get in the way.
            msg = str(err["msg"]).removeprefix("Value error, ")
            message = f"{where}: {msg}"
            value = err.get("input")
            if isinstance(value, (str, int, float, bool)) and not (err_type == "value_error" and repr(value) in msg):
                shown = repr(value)
                message += f" (got {shown if len(shown) <= 60 else shown[:59] + '…'})"
            hint = None
            if err_type in ("literal_error", "enum") and isinstance(value, str):
                # a misspelt choice (type: wealth_managment, product_type, kind, fail_on) names the closest one
                hint = did_you_mean(value, re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
            if err_type == "string_type" and isinstance(value, bool):
                hint = "YAML reads unquoted yes, no, on, off, true and false as true or false: put the text in quotes"
            elif err_type == "string_type" and isinstance(value, (int, float)):
                # a phone number such as 95500 is read as a number: quoting keeps what was written
                hint = f"YAML reads unquoted digits as a number: put the text in quotes, e.g. '{value}'"
        key = (line, col, message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(doc.path, line, col, message, hint))
    return problems


def _has_sibling_error(errors: list[Any], err: Any) -> bool:
    loc = tuple(err["loc"])
    parent = loc[:-1]
    return any(
        other is not err
        and tuple(other["loc"])[: len(parent)] == parent
        and len(other["loc"]) > len(parent)
        and other["type"] != "string_type"
        for other in errors
    )


def _data_loc(data: Any, raw_loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union-branch tags pydantic inserts ('str', 'PatternSpec', a kind's name) from a loc path."""
    loc: list[Any] = []
    current = data
    for part in raw_loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            loc.append(part)
            current = current[part]
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and part[:1].islower()
            and "[" not in part
            and part not in ("str", "int", "float", "bool", "list", "dict", *KINDS)
        ):
            loc.append(part)  # a missing or unknown key: keep it, there is nothing deeper
            current = None
    return tuple(loc)


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found.extend(_model_classes(arg))
    return found


def _allowed_keys(roots: Sequence[type[BaseModel]], parent: tuple[Any, ...]) -> list[str]:
    """Keys allowed at ``parent`` in a document validated by one of ``roots``."""
    classes = list(roots)
    for part in parent:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in classes:
            for name, info in cls.model_fields.items():
                if part in (name, info.alias):
                    nxt.extend(_model_classes(info.annotation))
        classes = nxt
    keys: set[str] = set()
    for cls in classes:
        for name, info in cls.model_fields.items():
            keys.add(info.alias or name)
    return sorted(keys)
