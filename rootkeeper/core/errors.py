"""Errors a person can act on.

Every failure that reaches the operator is a RootkeeperError whose message says what
happened and what to do next. The aws/ gateways translate AWS errors into these; the UI
and the CLI show ``str(error)`` and never a traceback.
"""

from __future__ import annotations


class RootkeeperError(Exception):
    """A failure with a message written for the operator."""

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint  # what to do about it, one sentence
        self.code = code  # the AWS error code, when there was one

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class NoCredentialsError(RootkeeperError):
    """No AWS credentials could be found in the credential chain."""


class AccessDeniedError(RootkeeperError):
    """The identity in use may not make this call."""


class SessionExpiredError(RootkeeperError):
    """The credentials (often a 15-minute AssumeRoot session) have expired."""


class ThrottledError(RootkeeperError):
    """AWS throttled the call; retrying later is the way forward."""


class NotFoundError(RootkeeperError):
    """The thing asked for does not exist (no such contact, device, key...)."""


class ValidationError(RootkeeperError):
    """Input that AWS would refuse; the message names the field and the rule."""


class EndpointError(RootkeeperError):
    """The AWS endpoint could not be reached."""
