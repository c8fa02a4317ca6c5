"""Errors shaped as AWS sends them, for the protocol of the service being called.

Raised from response handlers or from the session gate; moto turns an HTTPException into
the HTTP response as is, so the status code and body are exactly what we build here.
"""

from __future__ import annotations

from moto.core.exceptions import JsonRESTError, _RESTError

# Services whose wire protocol is JSON (error code in ``__type``); the others speak XML.
_JSON_SERVICES = {"account", "sqs", "events", "cloudtrail", "organizations", "logs", "sns-json"}


class _S3Error(_RESTError):
    """S3 (rest-xml) puts <Error> at the document root, not inside <ErrorResponse>."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        from xmltodict import unparse

        self.description = unparse({"Error": {"Code": code, "Message": message}}, full_document=True)


def aws_error(service: str | None, code: str, message: str, status: int = 400) -> _RESTError:
    if service in _JSON_SERVICES:
        error: _RESTError = JsonRESTError(code if code.endswith("Exception") else f"{code}Exception", message)
    elif service == "s3":
        error = _S3Error(code, message)
    else:
        error = _RESTError(code, message)
    error.code = status
    return error


def access_denied(service: str | None, principal_arn: str, action: str, reason: str) -> _RESTError:
    """AWS's wording for an implicit deny by a session policy (the AssumeRoot task policy)."""
    message = f"User: {principal_arn} is not authorized to perform: {action} {reason}"
    return aws_error(service, "AccessDenied", message, 403)


def expired_token(service: str | None) -> _RESTError:
    return aws_error(service, "ExpiredToken", "The security token included in the request is expired", 403)


def invalid_client_token(service: str | None) -> _RESTError:
    return aws_error(service, "InvalidClientTokenId", "The security token included in the request is invalid.", 403)
