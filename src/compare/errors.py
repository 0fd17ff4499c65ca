"""The project's own error type: every expected failure is one of these, with a message that names
the file and says what to do."""

from __future__ import annotations


class CompareError(Exception):
    """A failure the user can act on; the CLI prints it and exits with `exit_code`."""

    exit_code = 1


class InputError(CompareError):
    """Bad input: undecodable file, unknown unit, sha256 mismatch, unknown jurisdiction …"""

    exit_code = 2


class ReviewError(CompareError):
    """A review file no longer matches the raw text or the candidates."""

    exit_code = 3


class ValidationFailed(CompareError):
    """The curated tables failed the Great Expectations gate; nothing was published."""

    exit_code = 4


class ExportError(CompareError):
    """Static export cannot run (missing browser or CJK font …)."""

    exit_code = 5


class OutputError(CompareError):
    """An output folder cannot be used: a file, not writable, or a non-empty folder the command did not
    write (nothing is removed from it)."""

    exit_code = 6
