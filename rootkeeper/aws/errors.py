"""AWS errors, translated into rootkeeper errors a person can act on.

Every gateway call runs inside ``aws_errors(action)``: a botocore ClientError or
BotoCoreError never leaves aws/. The message says what happened; the hint (where there
is one) says what to do next. The CLI and the UI print ``str(error)`` only.
"""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

import botocore.exceptions as boto_errors
from botocore.parsers import ResponseParserError

from rootkeeper.aws.response_check import NotAnAwsResponse
from rootkeeper.aws.task_policies import task_policies_allowing, task_policy_name
from rootkeeper.core.errors import (
    AccessDeniedError,
    EndpointError,
    NoCredentialsError,
    NotFoundError,
    RootkeeperError,
    SessionExpiredError,
    ThrottledError,
    ValidationError,
)

# The key under which an AssumeRoot session's clients mark their answers (session.py), so
# that a denial can name the task policy in force rather than ask for a grant.
ASSUMED_ROOT_MARK = "RootkeeperAssumedRoot"
ENDPOINT_HINT = "Check --endpoint-url (or AWS_ENDPOINT_URL) and the network, then try again."

NO_CREDENTIALS_MESSAGE = (
    "No AWS credentials were found: configure a profile (or pass --profile), "
    "or run `rootkeeper rehearse` to practise against the rehearsal world."
)

ACCESS_DENIED_CODES = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
    "UnauthorizedAccess", "Forbidden",
})
EXPIRED_CODES = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"})
INVALID_CREDENTIAL_CODES = frozenset({
    "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId",
    "IncompleteSignature", "MissingAuthenticationToken", "InvalidSignatureException",
})
_WRONG_SECRET_CODES = frozenset({"SignatureDoesNotMatch", "InvalidSignatureException"})
THROTTLING_CODES = frozenset({
    "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
    "SlowDown", "RequestThrottled", "RequestThrottledException", "ConcurrentModification",
})
NOT_FOUND_CODES = frozenset({
    "NoSuchEntity", "ResourceNotFoundException", "NotFoundException", "ReportNotPresent",
    "ReportExpired", "AWSOrganizationsNotInUseException", "AccountNotFoundException",
})
VALIDATION_CODES = frozenset({
    "ValidationError", "ValidationException", "InvalidInput", "InvalidParameterValue",
    "InvalidParameterCombination", "MalformedPolicyDocument", "LimitExceeded",
    "InvalidEventPatternException", "InvalidParameter",
})

# What an identity that is denied an operation can do instead, by operation name.
_DENIED_HINTS: dict[str, str] = {
    "DeleteAccessKey": "This identity cannot delete root access keys: sign in as root or use AssumeRoot "
                       "from the management account.",
    "UpdateAccessKey": "This identity cannot change root access keys: sign in as root or use AssumeRoot "
                       "from the management account.",
    "CreateLoginProfile": "This identity cannot create a root password: use AssumeRoot with the "
                          "IAMCreateRootUserPassword task policy from the management account.",
    "DeleteLoginProfile": "This identity cannot delete the root password: use AssumeRoot with the "
                          "IAMDeleteRootUserCredentials task policy from the management account.",
    "AssumeRoot": "Only the management account (or a delegated administrator) with root sessions enabled "
                  "may call sts:AssumeRoot; enable centralized root access first.",
    "PutAlternateContact": "Grant this identity account:PutAlternateContact.",
    "GetAlternateContact": "Grant this identity account:GetAlternateContact.",
    "GetCredentialReport": "Grant this identity "
                           "iam:GenerateCredentialReport and iam:GetCredentialReport.",
    "GenerateCredentialReport": "Grant this identity "
                                "iam:GenerateCredentialReport and iam:GetCredentialReport.",
    "GetAccountSummary": "Grant this identity iam:GetAccountSummary.",
    "ListVirtualMFADevices": "Grant this identity iam:ListVirtualMFADevices.",
    "ListOrganizationsFeatures": "Grant this identity "
                                 "iam:ListOrganizationsFeatures in the management account.",
    "EnableOrganizationsRootCredentialsManagement": "Only the management account may enable centralized "
                                                    "root access, with trusted access for IAM enabled.",
    "EnableOrganizationsRootSessions": "Only the management account may enable root sessions, with "
                                       "trusted access for IAM enabled.",
}


_HTTP_STATUS_CODES = {"401": "AccessDenied", "403": "AccessDenied", "404": "ResourceNotFoundException",
                      "429": "TooManyRequestsException", "503": "ServiceUnavailable"}
# AWS names the permission it denied: "User: arn:... is not authorized to perform: account:PutAlternateContact ..."
_DENIED_PERMISSION = re.compile(r"not authorized to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)")
_XML_CODE = re.compile(r"<Code>([^<]+)</Code>")
_XML_MESSAGE = re.compile(r"<Message>([^<]*)</Message>")


def _client_error_parts(error: boto_errors.ClientError) -> tuple[str, str, str]:
    details = error.response.get("Error", {}) if isinstance(error.response, dict) else {}
    code = str(details.get("Code") or "Unknown")
    message = " ".join(str(details.get("Message") or "").split())
    # Some endpoints (emulators, proxies) answer a JSON-protocol call with an XML error body:
    # botocore then reports the HTTP status as the code and the raw body as the message.
    if _XML_CODE.search(message):
        code = _XML_CODE.search(message).group(1)
        found = _XML_MESSAGE.search(message)
        message = found.group(1).strip() if found else ""
    elif code.isdigit():
        code = _HTTP_STATUS_CODES.get(code, code)
    return code, message, getattr(error, "operation_name", "") or ""


def translate(error: BaseException, action: str) -> RootkeeperError:
    """The rootkeeper error for an AWS failure while doing ``action`` ("read the credential report")."""
    if isinstance(error, RootkeeperError):
        return error
    if isinstance(error, (boto_errors.NoCredentialsError, boto_errors.PartialCredentialsError)):
        return NoCredentialsError(NO_CREDENTIALS_MESSAGE, code="NoCredentials")
    if isinstance(error, boto_errors.ProfileNotFound):
        profile = error.kwargs.get("profile", "?")
        return NoCredentialsError(
            f"The AWS profile {profile!r} is not in your AWS config: check --profile, "
            "or run `rootkeeper rehearse` to practise against the rehearsal world.", code="ProfileNotFound")
    if isinstance(error, NotAnAwsResponse):
        return EndpointError(f"The endpoint is not AWS: asked to {action}, it answered with {error.what} "
                             f"(HTTP {error.status}).", hint=ENDPOINT_HINT, code="NotAnAwsResponse")
    if isinstance(error, ResponseParserError):
        return EndpointError(f"The endpoint is not AWS: asked to {action}, it answered with something that is "
                             "not an AWS response.", hint=ENDPOINT_HINT, code="ResponseParserError")
    if isinstance(error, (boto_errors.ConnectTimeoutError, boto_errors.ReadTimeoutError)):
        where = _endpoint_of(error)
        return EndpointError(f"AWS{where} did not answer in time to {action}.", hint=ENDPOINT_HINT,
                             code="Timeout")
    if isinstance(error, (boto_errors.ConnectionError, boto_errors.HTTPClientError)):
        where = _endpoint_of(error)
        return EndpointError(f"Could not reach AWS{where} to {action}.", hint=ENDPOINT_HINT, code="Unreachable")
    if isinstance(error, boto_errors.ClientError):
        return _translate_client_error(error, action)
    if isinstance(error, boto_errors.InvalidRegionError):
        region = error.kwargs.get("region_name", "?")
        return ValidationError(f"{region!r} is not an AWS region name.",
                               hint="Give one like us-east-1 with --region (or AWS_DEFAULT_REGION).", code="InvalidRegion")
    if isinstance(error, boto_errors.BotoCoreError):
        return RootkeeperError(f"Could not {action}: {error}", hint="Try again; if it persists, check your AWS config.")
    return RootkeeperError(f"Could not {action}: {error}")


def _endpoint_of(error: BaseException) -> str:
    url = getattr(error, "kwargs", {}).get("endpoint_url")
    return f" at {url}" if url else ""


def _translate_client_error(error: boto_errors.ClientError, action: str) -> RootkeeperError:
    code, aws_message, operation = _client_error_parts(error)
    said = f" (AWS said: {aws_message})" if aws_message else ""
    if code in ACCESS_DENIED_CODES:
        assumed_root = error.response.get(ASSUMED_ROOT_MARK) if isinstance(error.response, dict) else None
        if assumed_root:
            return _denied_in_assumed_root(assumed_root, action, code)
        return AccessDeniedError(f"Access denied: this identity may not {action}.",
                                 hint=_denied_hint(operation, aws_message), code=code)
    if code in EXPIRED_CODES:
        return SessionExpiredError(f"The AWS session expired while trying to {action}.",
                                   hint="Sign in again (or renew the AssumeRoot session) and retry.", code=code)
    if code in INVALID_CREDENTIAL_CODES:
        problem = ("the secret access key does not match the access key id" if code in _WRONG_SECRET_CODES
                   else "the request was not signed" if code in {"MissingAuthenticationToken", "IncompleteSignature"}
                   else "AWS does not know this access key (deleted, deactivated, or mistyped)")
        return NoCredentialsError(f"AWS rejected the credentials in use ({code}) while trying to {action}: "
                                  f"{problem}.",
                                  hint="Check the profile or keys, or run `rootkeeper rehearse` to practise.",
                                  code=code)
    if code in THROTTLING_CODES:
        return ThrottledError(f"AWS is throttling requests to {action}.",
                              hint="Wait a few seconds and try again.", code=code)
    if code == "ReportInProgress":
        return RootkeeperError("The credential report is still being generated.",
                               hint="Try again in a few seconds.", code=code)
    if code in NOT_FOUND_CODES:
        return NotFoundError(f"Nothing found while trying to {action}{said}.", code=code)
    if code in VALIDATION_CODES:
        return ValidationError(f"AWS refused the input to {action}{said}.",
                               hint="Correct the value named above and try again.", code=code)
    return RootkeeperError(f"AWS refused to {action}: {code}{said}.", code=code)


def _denied_hint(operation: str, aws_message: str) -> str:
    """What to do about a denial: the operation's own advice, else the permission AWS named."""
    if operation in _DENIED_HINTS:
        return _DENIED_HINTS[operation]
    found = _DENIED_PERMISSION.search(aws_message)
    if found:
        return f"Grant this identity {found.group(1)}, or use an identity that has it."
    return "Use an identity with that permission, or ask an administrator for it."
def _denied_in_assumed_root(mark: dict, action: str, code: str) -> AccessDeniedError:
    """Nothing can be granted to an AssumeRoot session: name the task policy that allows the call."""
    in_force = task_policy_name(str(mark.get("task_policy", "")))
    needed = str(mark.get("action") or "")
    allowing = task_policies_allowing(needed)
    if allowing:
        hint = (f"{needed} is allowed by the task policy {' or '.join(allowing)}: assume root again with "
                f"{'that' if len(allowing) == 1 else 'one of those'} (a task-policy session cannot be granted "
                "anything).")
    else:
        hint = (f"No root task policy allows {needed}: do it with an IAM identity of that account, or as its "
                "root user in the console.")
    return AccessDeniedError(f"Access denied: this AssumeRoot session (task policy {in_force}) may not {action}.",
                             hint=hint, code=code)


def error_code(error: BaseException) -> str | None:
    """The AWS error code of a ClientError (or a translated error), else None."""
    if isinstance(error, boto_errors.ClientError):
        return _client_error_parts(error)[0]
    if isinstance(error, RootkeeperError):
        return error.code
    return None


@contextmanager
def aws_errors(action: str) -> Iterator[None]:
    """Run AWS calls; any AWS failure leaves as a RootkeeperError about ``action``."""
    try:
        yield
    except (boto_errors.ClientError, boto_errors.BotoCoreError, ResponseParserError, NotAnAwsResponse) as error:
        raise translate(error, action) from error


F = TypeVar("F", bound=Callable[..., object])


def translated(action: str) -> Callable[[F], F]:
    """Decorator form of ``aws_errors``."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with aws_errors(action):
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
