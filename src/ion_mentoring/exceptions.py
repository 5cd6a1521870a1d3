"""The exception hierarchy: every error the library raises derives from `IonMentoringError`."""

from __future__ import annotations

from collections.abc import Iterable


class IonMentoringError(Exception):
    """Base class of every error raised by ion_mentoring."""


class InvalidKeyError(IonMentoringError, ValueError):
    """A resonance key (or one of its parts) is not in the vocabulary."""

    def __init__(self, part: str, value: str, allowed: Iterable[str]) -> None:
        self.part = part
        self.value = value
        self.allowed = tuple(allowed)
        super().__init__(
            f"invalid {part} {value!r} in resonance key; allowed {part} values: "
            + ", ".join(self.allowed)
        )


class UnknownPersonaError(IonMentoringError, KeyError):
    """A persona name is not registered."""

    def __init__(self, name: str, available: Iterable[str]) -> None:
        self.name = name
        self.available = tuple(available)
        super().__init__(name)

    def __str__(self) -> str:
        return f"unknown persona {self.name!r}; available personas: " + ", ".join(self.available)


class PersonaDefinitionError(IonMentoringError, ValueError):
    """A persona definition (texts or affinity rows) is incomplete or out of range."""


class ConfigurationError(IonMentoringError, ValueError):
    """A setting has a value the library cannot use."""


class AnalysisInputError(IonMentoringError, TypeError):
    """`analyze` was given something other than a `str`."""


class LexiconError(IonMentoringError, ValueError):
    """A lexicon data file is malformed (unknown section or label, bad weight)."""


class GenerationError(IonMentoringError):
    """The reply generator failed after its retries."""


class CacheError(IonMentoringError):
    """A cache URL or cache setting is invalid (cache I/O failures are never raised)."""


class StoreError(IonMentoringError):
    """The store could not complete an operation.

    `rejected` is True when the database refused the data itself (a constraint or a value it
    cannot store), so retrying the same rows cannot help.
    """

    def __init__(self, message: str, *, rejected: bool = False) -> None:
        super().__init__(message)
        self.rejected = rejected
