"""Command line: ``consumer-rules check``, ``consumer-rules rules list|show|validate|test``, ``explain``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage, config or rule errors,
inputs that could not be checked (unless ``--missing ok``) and unexpected errors.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__
from .discovery import PACK_FILE, did_you_mean
from .document import MAX_FILE_SECONDS, MAX_INPUT_BYTES, TimeLimit, decode, read_bounded, time_limit
from .errors import ConsumerRulesError, InputError, RuleLoadError, UsageError
from .findings import FAIL_ON, HTML_SOURCES_LIMIT, Report, Severity
from .report import REPORTERS, render
from .report.safe import no_commands, printable
from .report.text_report import skipped_line
from .ruleset import KINDS, RuleSet, load_rules
from .runner import Runner, Settings
from .vocabulary import PRODUCT_TYPES

if TYPE_CHECKING:
    import datetime as dt

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: Sequence[str] | None) -> list[str]:
    """--select FIN,AD001 --select PI -> [FIN, AD001, PI]"""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("rules")
    group.add_argument(
        "--pack", action="append", metavar="NAME", help="built-in pack to use (repeatable; default: all built-in packs)"
    )
    group.add_argument(
        "--rules",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="extra rule folder: a pack, a folder of packs or of rule files (repeatable)",
    )
    group.add_argument(
        "--no-builtin", action="store_true", help="do not load the built-in packs; use only the --rules folders"
    )
    group.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules: codes, code prefixes or dotted-name prefixes, comma-separated",
    )
    group.add_argument("--ignore", action="append", metavar="CODES", help="skip these rules (same forms)")
    group.add_argument(
        "--no-cache",
        action="store_true",
        help="compile the rules afresh and check every file again; read and write nothing in the disk cache",
    )
    group.add_argument("--backend", choices=["re2", "python-re"], help=argparse.SUPPRESS)


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("inputs")
    group.add_argument("--kind", choices=["auto", *KINDS], help="document kind; auto guesses from the text")
    group.add_argument(
        "--product-type",
        choices=PRODUCT_TYPES,
        metavar="TYPE",
        help=f"product the copy sells, to scope rules: {', '.join(PRODUCT_TYPES)}",
    )
    group.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, check only files matching GLOB (gitignore syntax; repeatable)",
    )
    group.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, skip files and folders matching GLOB (gitignore syntax; repeatable)",
    )
    group.add_argument("--no-gitignore", action="store_true", help="do not skip what .gitignore files ignore")
    group.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="in folders, follow symbolic links that lead outside the folder (default: skip them, with a message)",
    )
    group.add_argument(
        "--missing",
        choices=["error", "ok"],
        help="a missing path, an unreadable file or a folder with nothing to check: error (exit 2, the "
        "default) or ok (reported as skipped; the exit status reflects the findings only)",
    )
    group.add_argument(
        "--max-file-size",
        type=_megabytes,
        metavar="MB",
        help=f"skip (with a message) files larger than this (default {MAX_INPUT_BYTES / 1e6:.0f} MB)",
    )
    group.add_argument(
        "--max-file-seconds",
        type=_seconds,
        metavar="S",
        help=f"skip (with a message) files that take more processor seconds than this (default {MAX_FILE_SECONDS:g})",
    )
    group.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the config file (default: .consumer-rules.yaml or pyproject.toml, found upwards)",
    )
    group.add_argument("--no-config", action="store_true", help="ignore config files")
    group.add_argument("--waivers", type=Path, metavar="FILE", help="a waiver file (overrides the config's)")
    group.add_argument(
        "--product",
        type=Path,
        metavar="FILE",
        help="a product description (YAML/JSON): check it, and check the copy against it",
    )


def _positive(unit: str) -> Callable[[str], float]:
    """An argparse type: a finite number above zero, named by its unit in the error."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of {unit}: {text!r}") from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"must be a positive number of {unit}: {text!r}")
        return value

    return parse


_megabytes = _positive("megabytes")
_seconds = _positive("seconds")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _date(text: str) -> dt.date:
    import datetime as dt  # only for --expires

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


COMMANDS = ("check", "baseline", "rules", "explain")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that keeps what the message for an unknown option needs, its long options and its
    commands (argparse keeps both only in private attributes, which a Python release may change)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Set first: ArgumentParser.__init__ adds --help through add_argument.
        self.long_options: list[str] = []
        self.commands: dict[str, _Parser] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *names: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*names, **kwargs)
        self.long_options.extend(o for o in action.option_strings if o.startswith("--"))
        return action

    def add_argument_group(self, *args: Any, **kwargs: Any) -> Any:
        group = super().add_argument_group(*args, **kwargs)
        add = group.add_argument

        def add_argument(*names: Any, **options: Any) -> argparse.Action:
            action = add(*names, **options)
            self.long_options.extend(o for o in action.option_strings if o.startswith("--"))
            return action

        setattr(group, "add_argument", add_argument)  # noqa: B010 - the group's own method, recorded
        return group

    def add_command(self, commands: Any, name: str, **kwargs: Any) -> _Parser:
        """``commands.add_parser(name, ...)`` (``commands`` from this parser's ``add_subparsers``), kept by name."""
        command: _Parser = commands.add_parser(name, allow_abbrev=False, **kwargs)
        self.commands[name] = command
        return command


def build_parser(command: str | None = None) -> _Parser:
    """The command line's parser. With ``command`` (one of :data:`COMMANDS`, the one being run), only that
    command's options are added: every command is still listed and parsed, but argparse spends about 0.1 ms on
    each option it adds, and a one-file check has no use for the other commands' 70."""

    def wanted(name: str) -> bool:
        return command is None or command == name

    # No abbreviated options: ``--rule AD001`` was read as ``--rules AD001`` (a rule folder), and an option added
    # later would change what an abbreviation in someone's CI script means.
    parser = _Parser(
        prog="consumer-rules",
        allow_abbrev=False,
        description="Check marketing copy against Chinese consumer-protection obligations.",
    )
    parser.add_argument("--version", action="version", version=f"consumer-rules {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = parser.add_command(
        sub,
        "check",
        help="check files, folders or standard input (-)",
        description="Check .txt, .md, .html, .docx and .pdf files, folders (recursively) or standard input (-).",
    )
    if wanted("check"):
        _add_check_options(check)

    base = parser.add_command(
        sub,
        "baseline",
        help="write a waiver file accepting today's findings",
        description="Check PATHs and write a waiver file that accepts every finding, so a team can adopt "
        "consumer-rules on existing content and hold new content to the rules.",
    )
    if wanted("baseline"):
        _add_baseline_options(base)

    rules = parser.add_command(sub, "rules", help="list, show, validate and test rules")
    if wanted("rules"):
        _add_rules_actions(rules)

    explain = parser.add_command(sub, "explain", help="print a rule's documentation (same as 'rules show')")
    if wanted("explain"):
        explain.add_argument("code")
        _add_rule_options(explain)
    return parser


def _add_check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar="PATH", help="file, folder, or - for standard input")
    check.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="exit 1 when a finding at or above this severity is found (default: error)",
    )
    check.add_argument(
        "-q", dest="format", action="store_const", const="concise", help="one line per finding (--format concise)"
    )
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check files in N worker processes (default: one per CPU); the output is the same for any N",
    )
    check.add_argument("--no-progress", action="store_true", help="no progress bar (there is none when piped)")
    _add_input_options(check)
    _add_rule_options(check)


def _add_baseline_options(base: argparse.ArgumentParser) -> None:
    base.add_argument("paths", nargs="+", metavar="PATH")
    base.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(".consumer-rules-waivers.yaml"),
        metavar="FILE",
        help="the waiver file to write (default: .consumer-rules-waivers.yaml)",
    )
    base.add_argument(
        "--reason",
        default="baseline: content published before consumer-rules was adopted",
        help="the reason written on every entry",
    )
    base.add_argument("--approver", help="who approved the waivers")
    base.add_argument("--expires", type=_date, metavar="YYYY-MM-DD", help="when the waivers expire")
    _add_input_options(base)
    _add_rule_options(base)


def _add_rules_actions(rules: _Parser) -> None:
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    lst = rules.add_command(rules_sub, "list", help="list the rules")
    lst.add_argument("--format", choices=["text", "json"], default="text")
    _add_rule_options(lst)
    show = rules.add_command(rules_sub, "show", help="show one rule's documentation")
    show.add_argument("code")
    _add_rule_options(show)
    validate = rules.add_command(
        rules_sub,
        "validate",
        help="validate rule files (default: the built-in packs); a folder is validated beside the built-in packs, "
        "as `check --rules DIR` loads it",
    )
    _add_rule_dirs(validate)
    validate.add_argument("--no-builtin", action="store_true", help="validate the folders without the built-in packs")
    test = rules.add_command(
        rules_sub,
        "test",
        help="run every rule's own cases (default: the built-in packs); a folder's rules run with the built-in "
        "packs loaded beside them, as `check --rules DIR` runs them",
    )
    _add_rule_dirs(test)
    test.add_argument(
        "--no-builtin", action="store_true", help="run the folders' cases without the built-in packs loaded"
    )
    test.add_argument("--backend", choices=["re2", "python-re"], help=argparse.SUPPRESS)


def _add_rule_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dirs",
        nargs="*",
        type=Path,
        metavar="DIR",
        help="a rule folder, or one rule file (its folder loads; only it is reported)",
    )
    # `check`, `rules list` and `rules show` take folders as --rules DIR; accept the same spelling here
    # rather than failing on a habit.
    parser.add_argument("--rules", action="append", type=Path, default=[], dest="rules_dirs", metavar="DIR",
                        help="a rule folder, the same as DIR (repeatable)")  # fmt: skip


def _rule_dirs(args: argparse.Namespace) -> list[Path]:
    """The folders named, a rule file standing for its folder: a rule is only ever loaded with its pack, whose
    vocabulary and disclaimers it may use (see :func:`_rule_files`)."""
    return list(dict.fromkeys(p.parent if _is_rule_file(p) else p for p in [*args.dirs, *args.rules_dirs]))


def _rule_files(args: argparse.Namespace) -> set[Path] | None:
    """The rule files named (``rules test rules/cn-finance/FIN016.yaml``), whose rules alone are then reported;
    None when only folders are named."""
    files = {p.resolve() for p in [*args.dirs, *args.rules_dirs] if _is_rule_file(p)}
    return files or None


def _is_rule_file(path: Path) -> bool:
    return path.is_file() and path.suffix in (".yaml", ".yml") and path.name != PACK_FILE


def _unknown_options(parser: _Parser, args: argparse.Namespace, unknown: list[str]) -> NoReturn:
    """Stop with the usage of the command that was given the words it does not know, and the option meant where one
    is close (``--sel``: ``--select``; options are never abbreviated, see build_parser)."""
    command = parser
    for dest in ("command", "rules_command"):
        chosen = getattr(args, dest, None)
        if chosen not in command.commands:
            break
        command = command.commands[chosen]
    options = sorted(set(command.long_options))
    hints = []
    for word in unknown:
        name = word.split("=", 1)[0]
        if not name.startswith("--"):
            continue
        starts = [o for o in options if o.startswith(name)]
        hint = "did you mean " + " or ".join(f"'{o}'" for o in starts) + "?" if starts else did_you_mean(name, options)
        if hint:
            hints.append(f"{name}: {hint}")
    command.error(f"unrecognized arguments: {' '.join(unknown)}" + (f" ({'; '.join(hints)})" if hints else ""))


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    # The top-level parser has only options without values (--help, --version): its first other word is the
    # command. Anything else (no command, a misspelt one) gets the whole parser and its messages.
    first = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args, unknown = parser.parse_known_args(words)
    # Paths after options (check a.txt --format json b.txt): argparse takes a command's paths from one run of words.
    for dest, kind in (("paths", str), ("dirs", Path)):
        given = getattr(args, dest, None)
        if unknown and isinstance(given, list) and all(w == "-" or not w.startswith("-") for w in unknown):
            given.extend(kind(w) for w in unknown)
            unknown = []
    if unknown:
        _unknown_options(parser, args, unknown)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "baseline":
            return _baseline(args)
        if args.command == "rules" and args.rules_command == "list":
            return _rules_list(args)
        if args.command in ("rules", "explain") and getattr(args, "rules_command", "show") == "show":
            return _rules_show(args)
        if args.command == "rules" and args.rules_command == "validate":
            return _rules_validate(args)
        if args.command == "rules" and args.rules_command == "test":
            return _rules_test(args)
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    except RuleLoadError as exc:
        for problem in exc.problems:
            print(no_commands(printable(str(problem))), file=sys.stderr)
        print(
            f"consumer-rules: {len(exc.problems)} problem(s) in the files above; nothing was checked", file=sys.stderr
        )
        return EXIT_ERROR
    except ConsumerRulesError as exc:
        print(f"consumer-rules: {printable(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (e.g. piped into head); exit quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a crash must never read as findings (1) or, under --fail-on never, as a pass
        import traceback

        if os.environ.get("CONSUMER_RULES_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(
            f"consumer-rules: internal error: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:"
            f"{where.lineno}); nothing can be concluded from this run. Set CONSUMER_RULES_DEBUG=1 for the "
            "traceback and please report it.",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _load(args: argparse.Namespace) -> RuleSet:
    if args.no_builtin and args.pack:
        raise UsageError("--pack names built-in packs; it cannot be used with --no-builtin")
    return load_rules(
        [] if args.no_builtin else args.pack,
        args.rules,
        select=_split(args.select),
        ignore=_split(args.ignore),
        backend=getattr(args, "backend", None),
        cache=not args.no_cache,
    )


def _settings(args: argparse.Namespace) -> Settings:
    """The config file (if any) under the command-line options."""
    from .discovery import find_config

    first = next((Path(p) for p in args.paths if p != "-"), Path.cwd())
    path = args.config or (None if args.no_config else find_config(first))
    if path is not None:
        from .config import load_config

        settings = Settings.from_config(load_config(path))
    else:
        settings = Settings()
    if args.pack:
        settings.packs = args.pack
    if args.no_builtin:
        if args.pack:
            raise UsageError("--pack names built-in packs; it cannot be used with --no-builtin")
        settings.builtin = False
    settings.rules += args.rules
    if args.select:
        settings.select = _split(args.select)
    settings.ignore += _split(args.ignore)
    settings.fail_on = getattr(args, "fail_on", None) or settings.fail_on
    settings.kind = args.kind or settings.kind
    settings.product_type = args.product_type or settings.product_type
    settings.include += args.include
    settings.exclude += args.exclude
    settings.gitignore = settings.gitignore and not args.no_gitignore
    settings.follow_symlinks = args.follow_symlinks
    settings.missing = args.missing or settings.missing
    if args.max_file_size:
        settings.max_bytes = int(args.max_file_size * 1e6)
    if args.max_file_seconds:
        settings.max_seconds = args.max_file_seconds
    if args.waivers:
        settings.waivers = args.waivers
    if args.product:
        settings.product = args.product
    settings.cache = not args.no_cache
    settings.backend = args.backend
    return settings


def _run(args: argparse.Namespace, on_file: Callable[[Report], None] | None = None) -> tuple[Report, Settings] | None:
    """Check what ``args`` name. Each file's report goes to ``on_file`` as it is done (in a fixed order) and
    into the returned report, which keeps the files' texts only for the HTML format (see _Collector)."""
    settings = _settings(args)
    runner = Runner(settings)
    if not runner.ruleset.rules:
        print("consumer-rules: no rules selected (check --pack, --select and --ignore)", file=sys.stderr)
        return None
    if runner.waivers is not None:
        from .waivers import entries_for_missing_files

        for w in entries_for_missing_files(runner.waivers):
            print(
                printable(f"{runner.waivers.path}: warning: the waiver of {w.rule} for {w.path} names no existing "
                          "file, so it waives nothing (moved or renamed? run baseline again)"),
                file=sys.stderr,
            )  # fmt: skip
    keep_sources = getattr(args, "format", None) == "html"
    runner.keep_sources = keep_sources
    runner.encode_findings = getattr(args, "format", None) == "json"
    report = _Collector(keep_sources, on_file)
    if "-" in args.paths:
        try:
            raw = read_bounded(sys.stdin.buffer.fileno(), settings.max_bytes)
        except (OSError, ValueError, AttributeError):  # not a real file descriptor (tests, embedding)
            raw = sys.stdin.buffer.read(settings.max_bytes + 1)
            raw = raw if len(raw) <= settings.max_bytes else None
        try:
            if raw is None:
                raise InputError("<stdin>", f"is above the {settings.max_bytes / 1e6:.0f} MB limit")
            with time_limit(settings.max_seconds):
                text, _ = decode(raw, "<stdin>")
                report.extend(runner.check_text(text, "<stdin>"))
        except TimeLimit:
            report.skipped.append(
                (
                    "<stdin>",
                    f"took more than {settings.max_seconds:g} s of processor time to check (--max-file-seconds)",
                )
            )
        except InputError as exc:
            report.skipped.append((exc.path, str(exc).removeprefix(f"{exc.path}: ")))
    if runner.product_file is not None:  # the description's own problems (field rules), in its file
        report.extend(runner.waive(runner.ruleset.check_product(runner.product_file)))
    parts = runner.iter_reports([p for p in args.paths if p != "-"], getattr(args, "jobs", 1))
    for part in _progress(parts, args):
        report.extend(part)
    return report, settings


class _Collector(Report):
    """The run's report, built file by file. A file's text is kept only for the HTML report, and only up to
    HTML_SOURCES_LIMIT characters in all (the page says how many it dropped). When the findings were already
    written as files finished (``on_file``), only their counts are kept, so memory does not grow with the
    number of findings either; otherwise the findings are kept for the report written at the end."""

    def __init__(self, keep_sources: bool, on_file: Callable[[Report], None] | None) -> None:
        super().__init__()
        self._keep, self._on_file, self._kept = keep_sources, on_file, 0
        self._counted: Counter[tuple[str, str, str]] = Counter()  # (severity, category, rule) when streamed
        self._paths: set[str] = set()

    def extend(self, other: Report) -> None:
        if self._on_file is not None:
            self._on_file(other)
            for f in other.findings:
                self._counted[(f.severity.value, f.category, f.rule_id)] += 1
                self._paths.add(f.path)
            other.findings, other.encoded = [], {}
        sources, other.sources = other.sources, {}
        super().extend(other)
        for path, text in sources.items():
            if self._keep and self._kept + len(text) <= HTML_SOURCES_LIMIT:
                self.sources[path] = text
                self._kept += len(text)
            else:
                self.sources_dropped.append(path)

    def summary(self) -> dict[str, Any]:
        if self._on_file is None:
            return super().summary()
        found = super().summary()
        by = self._counted
        found["files_with_findings"] = len(self._paths)
        found["findings"] = sum(by.values())
        found["by_severity"] = {s.value: sum(n for k, n in by.items() if k[0] == s.value) for s in Severity}
        categories: Counter[str] = Counter()
        rules: Counter[str] = Counter()
        for (_, category, rule), n in by.items():
            categories[category] += n
            rules[rule] += n
        found["by_category"], found["by_rule"] = dict(sorted(categories.items())), dict(sorted(rules.items()))
        return found

    def failed(self, fail_on: str = "error") -> bool:
        if self._on_file is None:
            return super().failed(fail_on)
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(Severity(k[0]).rank >= threshold for k in self._counted)


def _progress(parts: Iterator[Report], args: argparse.Namespace) -> Iterator[Report]:
    """A progress bar on standard error when it is a terminal (not with --no-progress)."""
    if getattr(args, "no_progress", True) or not sys.stderr.isatty():
        return parts
    from tqdm import tqdm

    return iter(tqdm(parts, unit=" files", file=sys.stderr, leave=False, dynamic_ncols=True))


def _check(args: argparse.Namespace) -> int:
    if not args.paths and not args.product:
        raise UsageError("check what? give files, folders, - for standard input, or --product FILE")
    writer = None
    stream_to = None
    from .report.lines import STREAMING, StreamWriter

    if args.format in STREAMING:
        stream_to = _open_output(args.output) if args.output else sys.stdout
        writer = StreamWriter(args.format, stream_to, _color(args, stream_to))
    try:
        ran = _run(args, writer.file if writer else None)
        if ran is None:
            return EXIT_ERROR
        report, settings = ran
        if writer is not None:
            writer.end(report)
            if args.output:
                for path, reason in report.skipped:
                    print(skipped_line(path, reason), file=sys.stderr)
        else:
            _emit(report, args)
    finally:
        if stream_to is not None and stream_to is not sys.stdout:
            stream_to.close()
    if not report.files:
        print("consumer-rules: nothing was checked", file=sys.stderr)
        return EXIT_ERROR
    if _incomplete(report, settings):
        return EXIT_ERROR
    return EXIT_FINDINGS if report.failed(settings.fail_on) else EXIT_OK


def _incomplete(report: Report, settings: Settings) -> bool:
    """Skipped inputs fail the run (exit 2) unless the user allowed them with --missing ok."""
    if not report.skipped or settings.missing == "ok":
        return False
    print(
        f"consumer-rules: {len(report.skipped)} input(s) could not be checked (see 'skipped' above); "
        "exit status 2. Fix the paths, or pass --missing ok to accept skipped inputs.",
        file=sys.stderr,
    )
    return True


def _baseline(args: argparse.Namespace) -> int:
    from .waivers import baseline, waiver_root

    ran = _run(args)
    if ran is None:
        return EXIT_ERROR
    report, settings = ran
    root = waiver_root(args.output, settings.config_dir)
    text, count = baseline(report, args.approver, args.expires, args.reason, root)
    _write(args.output, text)
    print(f"wrote {count} waivers to {printable(str(args.output))}")
    for path, reason in report.skipped:
        print(skipped_line(path, reason), file=sys.stderr)
    return EXIT_ERROR if _incomplete(report, settings) else EXIT_OK


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _open_output(path: Path) -> TextIO:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _color(args: argparse.Namespace, out: TextIO) -> bool:
    if out is not sys.stdout:
        return bool(args.color == "always")
    return args.color == "always" or (args.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)


def _emit(report: Report, args: argparse.Namespace) -> None:
    out: TextIO
    if args.output:
        color = args.color == "always"
        _write(args.output, render(report, args.format, color))
        for path, reason in report.skipped:
            print(skipped_line(path, reason), file=sys.stderr)
        return
    out = sys.stdout
    color = args.color == "always" or (args.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
    out.write(render(report, args.format, color))
    out.flush()


def _rules_list(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    if args.format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category,
                "severity": r.severity.value,
                "kind": r.kind,
                "pack": r.pack,
                "message": r.message,
                "message_en": r.message_en,
            }
            for r in ruleset.rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in ruleset.rules:
        print(no_commands(printable(f"{r.code:<8} {r.severity.value:<8} {r.category:<24} {r.name}")))
        print(f"{'':<8} {printable(r.message_en)}")
    refs = [ref for r in ruleset.rules for ref in r.references]
    verified = sum(1 for ref in refs if ref.verified)
    print(f"{len(ruleset.rules)} rules ({ruleset.backend} matcher); {verified} of {len(refs)} citations verified")
    return EXIT_OK


def _rules_show(args: argparse.Namespace) -> int:
    from .explain import explain

    text = explain(args.code, [] if args.no_builtin else args.pack, args.rules)
    print(no_commands("\n".join(printable(line) for line in text.split("\n"))))
    return EXIT_OK


def _rules_validate(args: argparse.Namespace) -> int:
    from .compile import compile_rules
    from .discovery import rule_sources
    from .loader import load_folders

    dirs = _rule_dirs(args)
    if not dirs:
        folders = own = rule_sources(None, [])
        where = "built-in packs"
    else:
        own, builtin, where = _beside_builtin(args, dirs)
        folders = rule_sources(builtin, dirs)
    loaded = load_folders(folders)
    compiled = compile_rules(loaded)  # as `check` does: a set that validates also runs
    rules = loaded.rules_in(own)
    files = _rule_files(args)
    if files is not None:
        rules = [r for r in rules if Path(r.path).resolve() in files]
        own = sorted({Path(r.path) for r in rules})
        where = ", ".join(map(str, own)) + (", loaded with the rest of the rule set" if own else "")
    n, f = len(rules), len(own)
    unit = "file" if files is not None else "folder"
    print(f"{n} rule{'s' * (n != 1)} in {f} {unit}{'s' * (f != 1)} {'are' if n != 1 else 'is'} valid ({where})")
    from .pattern_cost import cost_warnings

    located = {r.spec.code: (r.path, r.line) for r in rules}
    paths = {path for path, _ in located.values()}
    for warning in cost_warnings(compiled, located, codes=set(located) if dirs else None):
        if warning.path in paths:  # the folder's rules, not the built-in packs loaded beside them
            print(no_commands(printable(str(warning))), file=sys.stderr)
    return EXIT_OK


def _beside_builtin(args: argparse.Namespace, dirs: Sequence[Path]) -> tuple[list[Path], list[str], str]:
    """For `rules validate DIR` and `rules test DIR`: the folders' packs, the built-in packs to load beside them
    (all but one named as a folder, which loads once, as that folder; none with --no-builtin), and the words
    that say so. A house pack runs beside the built-in packs under `check --rules DIR`, so it is validated and
    tested there: a code the built-in packs already use, or a case that holds only while their disclaimers and
    framing are not loaded, is a problem of the house pack."""
    from .discovery import builtin_pack_names, builtin_packs_dir, pack_dirs

    own = [folder for d in dirs if d.is_dir() for folder in pack_dirs(d)]
    named = {folder.resolve() for folder in own}
    builtin = [] if args.no_builtin else [
        name for name in builtin_pack_names() if (builtin_packs_dir() / name).resolve() not in named
    ]  # fmt: skip
    return own, builtin, ", ".join(map(str, dirs)) + (", with the built-in packs loaded" if builtin else "")


def _rules_test(args: argparse.Namespace) -> int:
    from .testing import run_cases

    dirs = _rule_dirs(args)
    if not dirs:
        results = run_cases(None, [], backend=args.backend)
        where = "built-in packs"
    else:
        own, builtin, where = _beside_builtin(args, dirs)
        results = run_cases(builtin, dirs, backend=args.backend, only=own)
        files = _rule_files(args)
        if files is not None:
            results = [r for r in results if Path(r.path).resolve() in files]
            where = ", ".join(sorted({str(r.path) for r in results})) + ", with the rest of the rule set loaded"
    failed = [r for r in results if not r.ok]
    for result in failed:
        print(result.describe())
    rules = len({r.code for r in results})
    print(
        f"{len(results) - len(failed)} passed, {len(failed)} failed ({rules} rule{'' if rules == 1 else 's'}; {where})"
    )
    return EXIT_FINDINGS if failed else EXIT_OK
