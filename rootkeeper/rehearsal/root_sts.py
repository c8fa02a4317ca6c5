"""Root sessions: who is calling, sts:GetCallerIdentity for root, sts:AssumeRoot, and the
gate that holds AssumeRoot credentials to their task policy and their 15 minutes.

moto resolves the calling account from the access key on every request
(``BaseResponse.setup_class``); we wrap that step to (1) resolve root keys and AssumeRoot
keys quickly, (2) authenticate the caller at the world's door (door.py: unknown keys,
inactive or deleted root keys, wrong secrets and expired sessions are refused), (3) refuse
actions a task policy does not allow, (4) stamp "last used" with the world's clock, and
(5) record root's calls in the CloudTrail event history (cloudtrail.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta
from typing import Any

import moto.iam.models as iam_models
from moto.core.responses import ActionResult, BaseResponse
from moto.iam.models import AccessKeyLastUsed, iam_backends
from moto.organizations.models import organizations_backends
from moto.sts.responses import TokenResponse

from rootkeeper.rehearsal import cloudtrail, door
from rootkeeper.rehearsal.aws_errors import access_denied, aws_error
from rootkeeper.rehearsal.patches import Patch, original
from rootkeeper.rehearsal.state import RootSession, WorldState, active

TASK_POLICY_PREFIX = "arn:aws:iam::aws:policy/root-task/"

# The actions each AWS-managed root-task policy allows (AWS Managed Policy reference).
TASK_POLICY_ACTIONS: dict[str, frozenset[str]] = {
    "IAMAuditRootUserCredentials": frozenset({
        "iam:GetAccessKeyLastUsed", "iam:GetAccountSummary", "iam:GetLoginProfile", "iam:GetUser",
        "iam:ListAccessKeys", "iam:ListMFADevices", "iam:ListSigningCertificates",
    }),
    "IAMCreateRootUserPassword": frozenset({"iam:CreateLoginProfile", "iam:GetLoginProfile", "iam:GetUser"}),
    "IAMDeleteRootUserCredentials": frozenset({
        "iam:DeactivateMFADevice", "iam:DeleteAccessKey", "iam:DeleteLoginProfile",
        "iam:DeleteSigningCertificate", "iam:DeleteVirtualMFADevice", "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile", "iam:GetUser",
        "iam:ListAccessKeys", "iam:ListMFADevices", "iam:ListSigningCertificates",
    }),
    "S3UnlockBucketPolicy": frozenset({"s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketPolicy"}),
    "SQSUnlockQueuePolicy": frozenset({"sqs:GetQueueAttributes", "sqs:SetQueueAttributes"}),
}
MAX_ROOT_SESSION_SECONDS = 900
# No permission is needed to ask who you are; AWS answers even under an explicit deny.
ALWAYS_ALLOWED = frozenset({"sts:GetCallerIdentity"})
IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com"


def fast_account_id_from(access_key: str) -> str:
    """moto's lookup asks every account for every partition (creating backends as it
    goes); with hundreds of member accounts that is the slowest thing in the world."""
    account = active().root_account_of_key(access_key)  # type: ignore[union-attr]
    if account:
        return account
    for account_id, account in list(iam_backends.items()):
        backend = dict.get(account, "aws")
        if backend is not None and access_key in backend.access_keys:
            return account_id
    return iam_models.DEFAULT_ACCOUNT_ID  # unknown: the door refuses it


def setup_class(self: BaseResponse, *args: Any, **kwargs: Any) -> None:
    """The world's request gate: every request passes here (delayed and maybe throttled as
    the world's traffic shaping says), and every one made as root is recorded in the
    CloudTrail event history (also when a task policy refused it)."""
    state = active()
    assert state is not None  # a world_only patch
    state.traffic.admit(getattr(self, "service_name", None))
    try:
        _let_in(self, state, args, kwargs)
    except Exception as error:
        if (getattr(error, "error_type", "") or "").startswith("AccessDenied"):  # still root at work
            cloudtrail.record_call(state, self, error_code="AccessDenied")
        raise
    cloudtrail.record_call(state, self)


def _let_in(self: BaseResponse, state: WorldState, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    stored = _stored_key(state, _key_id_in(args, kwargs))
    use_before = stored.last_used if stored is not None else None
    original(BaseResponse, "setup_class")(self, *args, **kwargs)  # stamps the key as used
    key_id = self.access_key
    try:
        door.authenticate(self, state)  # outside the lock: concurrent callers (org scan) check signatures in parallel
    except Exception:
        # A refused request (inactive key, wrong secret) is no use of the key, in AWS.
        if stored is not None:
            stored.last_used = use_before
        raise
    with state.lock:
        session = state.sessions.get(key_id)
        if session is not None:
            _gate_session(self, session)
        _stamp_last_used(state, self, key_id)


def _key_id_in(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """The access key id a request's Authorization header names (setup_class's arguments)."""
    headers = args[2] if len(args) > 2 else kwargs.get("headers")
    match = BaseResponse.access_key_regex.search((headers or {}).get("Authorization") or "")
    return match.group("access_key") if match else None


def _stored_key(state: WorldState, key_id: str | None) -> Any:
    """The access key moto stores under this id: a root key's, a session's, or an IAM user's."""
    if key_id is None:
        return None
    session = state.sessions.get(key_id)
    owner = state.root_account_of_key(key_id) or (session.account_id if session is not None else None)
    if owner is None:
        return door.iam_user_access_key(key_id)
    backend = dict.get(iam_backends.get(owner, {}), "aws")
    return backend.access_keys.get(key_id) if backend is not None else None


def forget_root_key(state: WorldState, key_id: str) -> None:
    """A deleted root key must stop working: the door no longer knows it."""
    state.root_key_accounts.pop(key_id, None)


def _gate_session(response: BaseResponse, session: RootSession) -> None:
    action = f"{response.service_name}:{door.action_name(response)}"
    if action in ALWAYS_ALLOWED or action in TASK_POLICY_ACTIONS[session.task_policy]:
        return
    raise access_denied(
        response.service_name,
        f"arn:aws:iam::{session.account_id}:root",
        action,
        f"because no session policy allows the {action} action",
    )


def _stamp_last_used(state: WorldState, response: BaseResponse, key_id: str) -> None:
    backend = dict.get(iam_backends.get(response.current_account, {}), "aws")
    key = backend.access_keys.get(key_id) if backend is not None else None
    if key is not None:
        key.last_used = AccessKeyLastUsed(timestamp=state.now(), service=response.service_name or "", region=response.region)


def is_root_caller(state: WorldState, key_id: str) -> bool:
    return state.root_account_of_key(key_id) is not None


def get_caller_identity(self: TokenResponse) -> ActionResult:
    state = active()
    account = state.root_account_of_key(self.get_access_key()) if state else None
    if account is None:
        return original(TokenResponse, "get_caller_identity")(self)
    return ActionResult({"UserId": account, "Account": account, "Arn": f"arn:aws:iam::{account}:root"})


def _organization_admin_of(account_id: str) -> str | None:
    """The management account of the organization that ``account_id`` may run AssumeRoot in:
    its own if it is the management account, the management account if it is the IAM
    delegated administrator, else None."""
    own = dict.get(organizations_backends.get(account_id, {}), "aws")
    if own is not None and own.org is not None:
        return account_id
    master = organizations_backends.master_accounts.get(account_id)
    if master is None:
        return None
    org_backend = organizations_backends[master[0]]["aws"]
    for admin in org_backend.admins:
        if admin.account.id == account_id and IAM_SERVICE_PRINCIPAL in admin.services:
            return master[0]
    return None


def assume_root(self: TokenResponse) -> ActionResult:
    state = active()
    caller_key = self.get_access_key()
    caller_account = self.current_account
    assert state is not None  # a world_only patch
    if is_root_caller(state, caller_key):
        raise access_denied("sts", f"arn:aws:iam::{caller_account}:root", "sts:AssumeRoot",
                            "because root user credentials cannot be used to call AssumeRoot")
    target = str(self._get_param("TargetPrincipal") or "")
    match = re.search(r"(\d{12})", target)
    policy = self._get_param("TaskPolicyArn") or {}
    policy_arn = policy.get("arn") or policy.get("Arn") or ""
    duration = self._get_int_param("DurationSeconds", MAX_ROOT_SESSION_SECONDS)
    if duration > MAX_ROOT_SESSION_SECONDS or duration < 0:
        raise aws_error("sts", "ValidationError", f"1 validation error detected: Value '{duration}' at "
                        "'durationSeconds' failed to satisfy constraint: Member must have value less than "
                        f"or equal to {MAX_ROOT_SESSION_SECONDS}")
    task = policy_arn.removeprefix(TASK_POLICY_PREFIX)
    if not policy_arn.startswith(TASK_POLICY_PREFIX) or task not in TASK_POLICY_ACTIONS:
        raise aws_error("sts", "ValidationError", f"The task policy {policy_arn!r} is not one of the "
                        "AWS managed root-task policies")
    management = _organization_admin_of(caller_account)
    caller_arn = _caller_arn(self, caller_key)
    if management is None:
        raise access_denied("sts", caller_arn, "sts:AssumeRoot",
                            "because only the organization's management account or the IAM delegated "
                            "administrator can call AssumeRoot")
    if "RootSessions" not in state.organization_features:
        raise access_denied("sts", caller_arn, "sts:AssumeRoot",
                            "because centralized root access (root sessions) is not enabled for the organization")
    target_account = match.group(1) if match else ""
    members = organizations_backends.master_accounts
    if target_account == management or members.get(target_account, ("",))[0] != management:
        raise access_denied("sts", caller_arn, "sts:AssumeRoot",
                            f"on resource: {target} because it is not a member account of the organization")
    key = iam_backends[target_account]["global"].create_temp_access_key()
    now = state.now()
    token = "IQoJb3JpZ2luX2Vj" + base64.b64encode(
        hashlib.sha256(f"root-session:{key.access_key_id}".encode()).digest() * 4).decode()
    session = RootSession(key.access_key_id, target_account, task, now + timedelta(seconds=duration), caller_account,
                          session_token=token)
    state.sessions[key.access_key_id] = session
    return ActionResult({
        "Credentials": {
            "AccessKeyId": key.access_key_id,
            "SecretAccessKey": key.secret_access_key,
            "SessionToken": token,
            "Expiration": session.expires_at,
        },
        "SourceIdentity": "",
    })


def _caller_arn(response: TokenResponse, key_id: str) -> str:
    _, arn, _ = response.backend.get_caller_identity(key_id, response.region)
    return arn


PATCHES = [
    Patch(iam_models, "get_account_id_from", fast_account_id_from),
    Patch(BaseResponse, "setup_class", setup_class),
    Patch(TokenResponse, "get_caller_identity", get_caller_identity, service="sts"),
    Patch(TokenResponse, "assume_root", assume_root, service="sts"),
]
