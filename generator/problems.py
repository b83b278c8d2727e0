"""A problem found in the data, carrying where it was found, and the two ways of printing it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: the file, the 1-based line (and column) where known, `error` or `warning`, and what to do."""

    path: str
    line: int | None
    severity: str
    message: str
    column: int | None = field(default=None, compare=False)

    def human(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        where += f":{self.column}" if self.line and self.column else ""
        return f"{where}: {self.severity}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command that marks the line in a pull request."""
        kind = "error" if self.severity == "error" else "warning"
        location = f"file={_escape(self.path, property=True)}" + (f",line={self.line}" if self.line else "")
        location += f",col={self.column}" if self.line and self.column else ""
        return f"::{kind} {location}::{_escape(self.message)}"


def _escape(text: str, property: bool = False) -> str:
    """Escape a workflow command's data, or one of its properties, where ',' and ':' also end the value."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


class DataError(Exception):
    """Raised when data cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.severity, p.message))
        super().__init__("\n".join(p.human() for p in self.problems))
