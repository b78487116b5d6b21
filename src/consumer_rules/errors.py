"""Errors a user can act on: each names the file, the line and column, the problem and a hint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a rule, pack, config or input file."""

    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class ConsumerRulesError(Exception):
    """Base class of every error consumer-rules raises on purpose."""


class RuleLoadError(ConsumerRulesError):
    """One or more rule or pack files are broken. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(ConsumerRulesError):
    """A file to check cannot be read as text."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class UsageError(ConsumerRulesError):
    """A command-line or API argument is wrong."""
