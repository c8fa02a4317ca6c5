"""IAM for the root user: calls without UserName from a root session act on the root.

Each handler below replaces moto's handler of the same name on IamResponse (PATCHES) and falls
back to it for IAM users, so what moto already does for users is unchanged.
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.iam.models import AccessKey, iam_backends
from moto.iam.responses import IamResponse

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch, original
from rootkeeper.rehearsal.root_mfa_devices import detach_root_mfa
from rootkeeper.rehearsal.root_sts import forget_root_key
from rootkeeper.rehearsal.state import RootPrincipal, WorldState, active

ROOT_KEY_LIMIT = 2
CONSOLE_ONLY = ("sign in to the AWS Management Console as the root user and use "
                "Security credentials")
_ROOT_NAMES = {"root", "<root_account>"}


def _caller_root(response: IamResponse) -> tuple[WorldState, RootPrincipal] | None:
    """The root this request acts on: the caller is root and named no IAM user."""
    state = active()
    if state is None or response._get_param("UserName"):
        return None
    account = state.root_account_of_key(response.get_access_key())
    return (state, state.root(account)) if account else None


def _no_such_key(key_id: str) -> Exception:
    return aws_error("iam", "NoSuchEntity", f"The Access Key with id {key_id} cannot be found", 404)


def _root_key(root: RootPrincipal, key_id: str) -> AccessKey:
    if key_id not in root.key_ids:
        raise _no_such_key(key_id)
    return iam_backends[root.account_id]["global"].access_keys[key_id]


def add_root_access_key(state: WorldState, root: RootPrincipal, key_id: str | None = None,
                        secret: str | None = None, status: str = "Active") -> AccessKey:
    """Create a root access key (also used by scenarios, with fixed ids)."""
    if len(root.key_ids) >= ROOT_KEY_LIMIT:
        raise aws_error("iam", "LimitExceeded", f"Cannot exceed quota for AccessKeysPerUser: {ROOT_KEY_LIMIT}", 409)
    key = AccessKey(user_name=None, prefix="AKIA", account_id=root.account_id, status=status)
    if key_id:
        key.access_key_id = key_id
    if secret:
        key.secret_access_key = secret
    key.create_date = state.now()
    iam_backends[root.account_id]["global"].access_keys[key.access_key_id] = key
    root.key_ids.append(key.access_key_id)
    state.root_key_accounts[key.access_key_id] = root.account_id
    return key


def remove_root_access_key(state: WorldState, root: RootPrincipal, key_id: str) -> None:
    _root_key(root, key_id)
    del iam_backends[root.account_id]["global"].access_keys[key_id]
    root.key_ids.remove(key_id)
    forget_root_key(state, key_id)


def list_access_keys(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "list_access_keys")(self)
    _, root = caller
    return ActionResult({"AccessKeyMetadata": [_root_key(root, k) for k in root.key_ids], "IsTruncated": False})


def create_access_key(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "create_access_key")(self)
    return ActionResult({"AccessKey": add_root_access_key(*caller)})


def update_access_key(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "update_access_key")(self)
    _root_key(caller[1], self._get_param("AccessKeyId")).status = self._get_param("Status")
    return EmptyResult()


def delete_access_key(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "delete_access_key")(self)
    remove_root_access_key(caller[0], caller[1], self._get_param("AccessKeyId"))
    return EmptyResult()


def get_access_key_last_used(self: IamResponse) -> ActionResult:
    state = active()
    key_id = self._get_param("AccessKeyId")
    account = state.root_key_accounts.get(key_id) if state else None
    if account is None:
        return original(IamResponse, "get_access_key_last_used")(self)
    if account != self.current_account:
        raise _no_such_key(key_id)
    used = iam_backends[account]["global"].access_keys[key_id].last_used
    last_used = ({"LastUsedDate": used.timestamp, "Region": used.region, "ServiceName": used.service}
                 if used else {"Region": "N/A", "ServiceName": "N/A"})
    return ActionResult({"UserName": "root", "AccessKeyLastUsed": last_used})


def list_mfa_devices(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "list_mfa_devices")(self)
    devices = [{"SerialNumber": d.serial, "EnableDate": d.enabled_at} for d in caller[1].mfa_devices]
    return ActionResult({"MFADevices": devices, "IsTruncated": False})


def deactivate_mfa_device(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "deactivate_mfa_device")(self)
    detach_root_mfa(caller[0], caller[1], self._get_param("SerialNumber"))
    return EmptyResult()


def list_signing_certificates(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "list_signing_certificates")(self)
    certs = [{"CertificateId": c.certificate_id, "Status": c.status, "UploadDate": c.uploaded_at,
              "CertificateBody": "-----BEGIN CERTIFICATE-----\n(rehearsal)\n-----END CERTIFICATE-----"}
             for c in caller[1].signing_certificates]
    return ActionResult({"Certificates": certs, "IsTruncated": False})


def delete_signing_certificate(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "delete_signing_certificate")(self)
    cert_id = self._get_param("CertificateId")
    root = caller[1]
    remaining = [c for c in root.signing_certificates if c.certificate_id != cert_id]
    if len(remaining) == len(root.signing_certificates):
        raise aws_error("iam", "NoSuchEntity", f"The Certificate with id {cert_id} cannot be found.", 404)
    root.signing_certificates = remaining
    return EmptyResult()


def get_user(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "get_user")(self)
    root = caller[1]
    user: dict[str, Any] = {"UserId": root.account_id, "Arn": root.arn, "CreateDate": root.created_at}
    if root.password_last_used:
        user["PasswordLastUsed"] = root.password_last_used
    return ActionResult({"User": user})


def _login_profile(root: RootPrincipal) -> dict[str, Any]:
    if root.password is None:
        raise aws_error("iam", "NoSuchEntity", "Login Profile for User root cannot be found.", 404)
    return {"LoginProfile": {"CreateDate": root.password_changed_at or root.created_at, "PasswordResetRequired": False}}


def get_login_profile(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "get_login_profile")(self)
    return ActionResult(_login_profile(caller[1]))


def create_login_profile(self: IamResponse) -> ActionResult:
    """From an IAMCreateRootUserPassword session: turns on password recovery for the
    member's root (no password is chosen by API; the custodian uses 'Forgot password')."""
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "create_login_profile")(self)
    state, root = caller
    if self.get_access_key() not in state.sessions:
        # AWS: "When you make this request with root user credentials, you must use an AssumeRoot
        # session to omit the user name."
        raise aws_error("iam", "InvalidInput", "The root user's login profile can be created without a user "
                        "name only from an AssumeRoot session (IAMCreateRootUserPassword).", 400)
    if self._get_param("Password") is not None:
        # AWS: the Password "must be omitted when you make the request with an AssumeRoot session".
        raise aws_error("iam", "InvalidInput", "Password must be omitted when the request is made with an "
                        "AssumeRoot session: the root user's mailbox holder sets it with 'Forgot password?'.", 400)
    if root.password is not None:
        raise aws_error("iam", "EntityAlreadyExists", "Login Profile for User root already exists.", 409)
    root.password = ""  # a password exists but nobody knows it until recovery
    root.password_changed_at = state.now()
    return ActionResult(_login_profile(root))


def delete_login_profile(self: IamResponse) -> ActionResult:
    caller = _caller_root(self)
    if caller is None:
        return original(IamResponse, "delete_login_profile")(self)
    _login_profile(caller[1])
    caller[1].password = None
    return EmptyResult()


def enable_mfa_device(self: IamResponse) -> ActionResult:
    state = active()
    caller_account = state.root_account_of_key(self.get_access_key()) if state else None
    user_name = self._get_param("UserName")
    if caller_account and (not user_name or user_name in _ROOT_NAMES or user_name == caller_account):
        raise aws_error("iam", "InvalidInput", "MFA devices cannot be assigned to the root user with the "
                        f"API: {CONSOLE_ONLY} > Assign MFA device.", 400)
    return original(IamResponse, "enable_mfa_device")(self)


def change_password(self: IamResponse) -> ActionResult:
    state = active()
    if state and state.root_account_of_key(self.get_access_key()):
        raise aws_error("iam", "InvalidUserType", "ChangePassword changes the password of the calling IAM "
                        f"user only; to change the root user's password, {CONSOLE_ONLY} > Edit password.", 400)
    return original(IamResponse, "change_password")(self)


def get_account_summary(self: IamResponse) -> ActionResult:
    result = original(IamResponse, "get_account_summary")(self)
    state = active()
    if state is not None:
        root = state.root(self.current_account)
        summary = dict(result.result["SummaryMap"])
        summary["AccountMFAEnabled"] = int(bool(root.mfa_devices))
        summary["AccountAccessKeysPresent"] = int(bool(root.key_ids))
        summary["AccountSigningCertificatesPresent"] = int(bool(root.signing_certificates))
        summary["AccountPasswordPresent"] = int(root.password is not None)
        result = ActionResult({"SummaryMap": summary})
    return result


def list_virtual_mfa_devices(self: IamResponse) -> ActionResult:
    """AWS returns the seed and the QR code once, at creation; listing never shows them."""
    result = original(IamResponse, "list_virtual_mfa_devices")(self)
    listed = []
    for device in result.result["VirtualMFADevices"]:
        item: dict[str, Any] = {"SerialNumber": device.serial_number}
        if device.enable_date:
            item["EnableDate"] = device.enable_date
        if isinstance(device.user, dict):
            item["User"] = device.user
        elif device.user is not None:
            item["User"] = {"Path": device.user.path, "UserName": device.user.name, "UserId": device.user.id,
                            "Arn": device.user.arn, "CreateDate": device.user.create_date}
        listed.append(item)
    return ActionResult({**result.result, "VirtualMFADevices": listed})


PATCHES = [Patch(IamResponse, handler.__name__, handler) for handler in (
    list_access_keys, create_access_key, update_access_key, delete_access_key, get_access_key_last_used,
    list_mfa_devices, deactivate_mfa_device, list_signing_certificates, delete_signing_certificate, get_user,
    get_login_profile, create_login_profile, delete_login_profile, enable_mfa_device, change_password,
    get_account_summary, list_virtual_mfa_devices)]
