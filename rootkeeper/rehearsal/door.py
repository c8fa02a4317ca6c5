"""The world's door: every request is authenticated, then authorized, as AWS does it.

Plain moto serves any access key as its default account 123456789012; its IAM simulation
(``settings.INITIAL_NO_AUTH_ACTION_COUNT``) is off, and knows only IAM users and AssumeRole
sessions. While a world runs:

- every request is authenticated when moto sets it up (``BaseResponse.setup_class``, see
  root_sts): the key must be known — an IAM user's key, an active root access key, an
  AssumeRole session, or an unexpired AssumeRoot session with its own token — and the
  signature must match its secret. Else ``InvalidClientTokenId`` (unknown key),
  ``SignatureDoesNotMatch`` (wrong secret) or ``ExpiredToken``, shaped for the protocol.
- every action is authorized where moto authorizes (``_authenticate_and_authorize_action``),
  with moto's policy evaluation always on: IAM users and roles by their policies (a role's
  trust policy may name its account, as in AWS); root and root sessions are allowed
  everything here (an AssumeRoot session is held to its task policy by root_sts's gate).

Both are declared in PATCHES (rehearsal/patches.py), so plain moto stays as it was.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlparse

import moto.iam.access_control as access_control
from botocore.credentials import Credentials
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import ServiceException
from moto.core.responses import BaseResponse
from moto.iam.access_control import CreateAccessKeyFailure, IAMPolicyStatement, IAMRequest, S3IAMRequest
from moto.iam.models import iam_backends
from moto.moto_api._internal.responses import MotoAPIResponse
from werkzeug.exceptions import HTTPException

from rootkeeper.rehearsal.aws_errors import (access_denied_by_policy, aws_error, expired_token, invalid_client_token,
                                             signature_mismatch)
from rootkeeper.rehearsal.patches import Patch, original
from rootkeeper.rehearsal.state import WorldState, active

# Root may do anything in its account (no identity policy applies to it).
_ROOT_POLICY = json.dumps({"Version": "2012-10-17",
                           "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
_UNKNOWN_KEY = frozenset({"InvalidClientTokenId", "InvalidAccessKeyId", "AuthFailure", "InvalidToken"})


class RootCaller:
    """A root access key or an AssumeRoot session, as moto's IAM simulation sees a caller."""

    def __init__(self, account_id: str, partition: str, access_key_id: str, secret: str,
                 session_token: str | None = None) -> None:
        self.account_id = account_id
        self.partition = partition
        self._credentials = Credentials(access_key_id, secret, session_token)

    @property
    def arn(self) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:root"

    def create_credentials(self) -> Credentials:
        return self._credentials

    def collect_policies(self) -> list[str]:
        # Root is allowed everything; an AssumeRoot session's task policy is applied by
        # root_sts's gate (with AWS's "no session policy allows" wording).
        return [_ROOT_POLICY]


def create_access_key(account_id: str, partition: str, access_key_id: str, headers: Any) -> Any:
    """moto's key lookup, which also knows the world's root keys and AssumeRoot sessions."""
    state = active()
    assert state is not None  # a world_only patch
    token = headers.get("X-Amz-Security-Token")
    root_account = state.root_key_accounts.get(access_key_id)
    session = state.sessions.get(access_key_id)
    if root_account is None and session is None:
        # moto serves an IAM user's key whatever its status; AWS refuses an inactive one.
        user_key = iam_user_access_key(access_key_id)
        if user_key is not None and user_key.status != "Active":
            raise CreateAccessKeyFailure(reason="InvalidId")
        return original(access_control, "create_access_key")(
            account_id=account_id, partition=partition, access_key_id=access_key_id, headers=headers)
    owner = root_account if root_account is not None else session.account_id  # type: ignore[union-attr]
    key = iam_backends[owner]["global"].access_keys.get(access_key_id)
    if key is None or key.status != "Active":
        raise CreateAccessKeyFailure(reason="InvalidId")
    if session is None:
        if token is not None:  # a long-term key signs without a session token
            raise CreateAccessKeyFailure(reason="InvalidToken")
        return RootCaller(owner, partition, access_key_id, key.secret_access_key)
    if token != session.session_token:
        raise CreateAccessKeyFailure(reason="InvalidToken")
    return RootCaller(owner, partition, access_key_id, key.secret_access_key, token)


# key id -> the account last found holding it: checked on every use (keys come and go), so
# a stale entry costs one scan, and a world of 5,000 accounts is not scanned on every call.
_user_key_accounts: dict[str, str] = {}


def iam_user_access_key(access_key_id: str) -> Any:
    """The IAM user's access key with this id, in whichever account holds it, or None (the
    caller has ruled out root keys and sessions, which the world knows without this scan)."""
    return iam_user_key_and_account(access_key_id)[0]


def iam_user_key_and_account(access_key_id: str) -> tuple[Any, str | None]:
    known = _user_key_accounts.get(access_key_id)
    if known is not None:
        backend = dict.get(iam_backends.get(known, {}), "aws")
        key = backend.access_keys.get(access_key_id) if backend is not None else None
        if key is not None:
            return key, known
    for account_id, account in list(iam_backends.items()):
        backend = dict.get(account, "aws")
        key = backend.access_keys.get(access_key_id) if backend is not None else None
        if key is not None:
            _user_key_accounts[access_key_id] = account_id
            return key, account_id
    return None, None


def _iam_request(response: BaseResponse, request_cls: type) -> IAMRequest | S3IAMRequest:
    """What moto's IAM simulation needs of a request (as ``_authenticate_and_authorize_action`` builds it)."""
    path = response.raw_path
    query = urlparse(response.uri).query
    return request_cls(account_id=response.current_account, method=response.method,
                       path=f"{path}?{query}" if query else path, data=response.data, body=response.raw_body,
                       headers=response.headers, action=action_name(response))


def action_name(response: BaseResponse) -> str:
    try:
        return response._get_action() or ""
    except Exception:  # a request moto cannot route: moto answers it after the door
        return ""


def _refusal(service: str | None, refusal: Exception) -> Exception:
    """moto's refusal, shaped as AWS sends it for this service's protocol."""
    kind = getattr(refusal, "error_type", None) or getattr(refusal, "code", "")
    if kind in _UNKNOWN_KEY:
        return invalid_client_token(service)
    if kind == "SignatureDoesNotMatch":
        return signature_mismatch(service)
    if kind == "AccessDenied" and service != "s3":
        return access_denied_by_policy(service, refusal)
    return refusal


def authenticate(response: BaseResponse, state: WorldState) -> None:
    """Is the caller who it says it is? Called for every request the world serves."""
    if isinstance(response, MotoAPIResponse):  # moto's own API (reset, dashboard), not AWS's
        return
    service = response.service_name
    if "Authorization" not in response.headers:
        if service == "s3":
            raise aws_error("s3", "AccessDenied", "Access Denied", 403)
        raise aws_error(service, "MissingAuthenticationToken", "Request is missing Authentication Token", 403)
    session = state.sessions.get(response.access_key)
    if session is not None and state.now() >= session.expires_at:
        raise expired_token(service)
    try:
        _iam_request(response, S3IAMRequest if service == "s3" else IAMRequest).check_signature()
    except (HTTPException, ServiceException) as refusal:
        raise _refusal(service, refusal) from None


def _authenticate_and_authorize_action(self: BaseResponse, iam_request_cls: type, resource: str = "*") -> None:
    """May the caller do this? moto's policy evaluation, always on inside a world (the
    caller was authenticated when the request was set up)."""
    if self.headers.get("X-Amz-Target") in ActionAuthenticatorMixin.PUBLIC_OPERATIONS:
        return
    try:
        _iam_request(self, iam_request_cls).check_action_permitted(resource)
    except (HTTPException, ServiceException) as refusal:
        raise _refusal(self.service_name, refusal) from None


def _check_principal(self: IAMPolicyStatement, principal: str) -> bool:
    """A trust policy that names an account ("arn:aws:iam::111122223333:root", or the bare id)
    trusts every principal of that account, whose own policies then decide, as in AWS; moto
    matches ARNs exactly, so AssumeRole would be denied to every user of the account."""
    if original(IAMPolicyStatement, "_check_principal")(self, principal):
        return True
    parts = principal.split(":")
    if len(parts) < 6 or not parts[4]:
        return False
    named = (self._statement.get("Principal") or {}).get("AWS") or []
    named = [named] if isinstance(named, str) else named
    return any(entry in (parts[4], f"arn:{parts[1]}:iam::{parts[4]}:root") for entry in named)


def _silent(record: logging.LogRecord) -> bool:
    return False


# moto's IAM simulation logs every request it checks, body included, at DEBUG: MFA codes
# and passwords would reach the logs. Inside a world, its logger says nothing.
PATCHES = [
    Patch(logging.getLogger(access_control.__name__), "filter", _silent),
    Patch(access_control, "create_access_key", create_access_key),
    Patch(ActionAuthenticatorMixin, "_authenticate_and_authorize_action", _authenticate_and_authorize_action),
    Patch(IAMPolicyStatement, "_check_principal", _check_principal),
]
