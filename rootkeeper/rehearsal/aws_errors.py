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


def access_denied_by_policy(service: str | None, refusal: Exception) -> _RESTError:
    """moto's implicit deny of an IAM identity ("User: ... is not authorized to perform: ..."),
    in AWS's words and in the service's protocol."""
    message = getattr(refusal, "message", "") or str(refusal)
    action = message.rpartition("perform: ")[2].split()[0] if "perform: " in message else ""
    if action and "because" not in message:
        message = f"{message} because no identity-based policy allows the {action} action"
    return aws_error(service, "AccessDenied", message, 403)


def expired_token(service: str | None) -> _RESTError:
    return aws_error(service, "ExpiredToken", "The security token included in the request is expired", 403)


def invalid_client_token(service: str | None) -> _RESTError:
    """An access key AWS does not know (or one no longer active), as each protocol says it."""
    if service == "s3":
        return aws_error(service, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in "
                         "our records.", 403)
    code = "UnrecognizedClientException" if service in _JSON_SERVICES else "InvalidClientTokenId"
    return aws_error(service, code, "The security token included in the request is invalid.", 403)


def signature_mismatch(service: str | None) -> _RESTError:
    """A known access key with the wrong secret."""
    message = ("The request signature we calculated does not match the signature you provided. Check your AWS "
               "Secret Access Key and signing method. Consult the service documentation for details.")
    code = "InvalidSignatureException" if service in _JSON_SERVICES else "SignatureDoesNotMatch"
    return aws_error(service, code, message, 403)
