"""The one exception tree of licensecheck; the CLI turns it into exit code 2."""

from __future__ import annotations


class LicenseCheckError(Exception):
    """Base class: a problem the user can act on, reported in one line."""


class InputError(LicenseCheckError):
    """The input text cannot be read, decoded or accepted; ``reason`` names why in one word."""

    def __init__(self, message: str, reason: str = "invalid-input") -> None:
        super().__init__(message)
        self.reason = reason


class CorpusError(LicenseCheckError):
    """An annotated corpus file is malformed or no longer matches its source."""


class ModelError(LicenseCheckError):
    """The classifier artifact is missing, untrusted or incompatible."""


class UnknownLicenseError(LicenseCheckError):
    """A license key is not in the reference data."""
