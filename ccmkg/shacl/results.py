"""A validation's results and its report (counts, conforms, one-line summary)."""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    severity: str  # Violation, Warning or Info
    shape: str  # the IRI of the shape that produced it (a property shape or a node shape)
    focus: str
    message: str
    path: str = ""
    value: str = ""


def sort_key(result: Result) -> tuple:
    return (SEVERITIES.index(result.severity), result.shape, result.focus, result.message,
            result.path, result.value)


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """No result of severity Violation; warnings are reported, not fatal."""
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def summary(self, timed: bool = True) -> str:
        counts = ", ".join(f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}"
                           for s in SEVERITIES)
        text = f"{'conforms' if self.conforms else 'does not conform'}: {counts}"
        return f"{text} ({self.seconds:.2f} s)" if timed else text
