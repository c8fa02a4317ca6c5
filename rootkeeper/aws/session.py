"""A boto3 session pointed at one target, with cached clients and AssumeRoot.

Clients are cached per (service, region): creating a client is slow and not thread-safe,
using one is thread-safe, so creation is guarded by a lock and posture reads share them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import botocore.session
from botocore.config import Config

from rootkeeper.aws.errors import ASSUMED_ROOT_MARK, aws_errors
from rootkeeper.aws.response_check import check_aws_response
from rootkeeper.aws.task_policies import ROOT_TASK_POLICIES, iam_action
from rootkeeper.core.endpoint_url import endpoint_url_problem
from rootkeeper.core.environment import AwsTarget
from rootkeeper.core.errors import ValidationError

DEFAULT_REGION = "us-east-1"
ROOT_TASK_POLICY_PREFIX = "arn:aws:iam::aws:policy/root-task/"
MAX_ROOT_SESSION_SECONDS = 900

# Standard retry mode backs off throttling with jitter; five attempts ride out a burst
# without making the operator wait minutes on a dead endpoint.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 5},
    connect_timeout=5,
    read_timeout=30,
    user_agent_extra="rootkeeper",
)


def task_policy_arn(task_policy: str) -> str:
    """Accept 'IAMDeleteRootUserCredentials' or its full ARN; return the ARN."""
    if task_policy.startswith("arn:"):
        return task_policy
    if task_policy not in ROOT_TASK_POLICIES:
        raise ValidationError(f"Unknown root task policy {task_policy!r}.",
                              hint=f"Use one of: {', '.join(ROOT_TASK_POLICIES)}.")
    return ROOT_TASK_POLICY_PREFIX + task_policy


@dataclass(frozen=True)
class AssumedRoot:
    """What marks a session as a sts:AssumeRoot session on a member account."""

    member_account_id: str
    task_policy_arn: str
    expires_at: datetime


class AwsSession:
    """boto3, configured for one target. The only way aws/ gateways reach AWS."""

    def __init__(self, target: AwsTarget, *, assumed_root: AssumedRoot | None = None,
                 parent: "AwsSession | None" = None) -> None:
        problem = endpoint_url_problem(target.endpoint_url) if target.endpoint_url is not None else None
        if problem:
            raise ValidationError(problem, code="InvalidEndpointUrl")
        self.target = target
        self.assumed_root = assumed_root
        # A session opened from another (AssumeRoot) shares its boto3 session: a new boto3
        # session loads every service model again (~60 ms of CPU), a client from a warm one
        # ~3 ms, which is what lets an org scan open a root session per member. Its clients
        # carry their own keys; creation is guarded by the parent's lock (boto3 sessions
        # are not thread-safe).
        self._client_keys: dict[str, str | None] = {}
        if parent is not None:
            self._boto = parent._boto
            self._client_keys = {"aws_access_key_id": target.access_key_id,
                                 "aws_secret_access_key": target.secret_access_key,
                                 "aws_session_token": target.session_token}
        else:
            with aws_errors("set up the AWS session" + (f" for profile {target.profile!r}" if target.profile else "")):
                self._boto = boto3.Session(
                    profile_name=target.profile,
                    aws_access_key_id=target.access_key_id,
                    aws_secret_access_key=target.secret_access_key,
                    aws_session_token=target.session_token,
                    region_name=target.region,
                )
        self.region = target.region or self._boto.region_name or DEFAULT_REGION
        self._clients: dict[tuple[str, str], Any] = {}
        self.client_config: Config = CLIENT_CONFIG  # set before the first client() to change retries
        self._lock: threading.Lock = parent._lock if parent is not None else threading.Lock()

    def __repr__(self) -> str:  # never show keys
        kind = f" assumed-root:{self.assumed_root.member_account_id}" if self.assumed_root else ""
        return f"<AwsSession region={self.region} endpoint={self.target.endpoint_url}{kind}>"

    @property
    def is_assumed_root(self) -> bool:
        return self.assumed_root is not None

    @property
    def expires_at(self) -> datetime | None:
        return self.assumed_root.expires_at if self.assumed_root else None

    def expires_within(self, seconds: float, now: datetime | None = None) -> bool:
        """True when an AssumeRoot session has less than ``seconds`` left: renew it."""
        if self.assumed_root is None:
            return False
        now = now or datetime.now(timezone.utc)
        return self.assumed_root.expires_at - now < timedelta(seconds=seconds)

    def client(self, service: str, region: str | None = None) -> Any:
        region = region or self.region
        key = (service, region)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                try:
                    with aws_errors(f"create an AWS {service} client"):
                        client = self._boto.client(service, region_name=region, endpoint_url=self.target.endpoint_url,
                                                   config=self.client_config, **self._client_keys)
                except ValueError as error:
                    if not str(error).startswith("Invalid endpoint"):
                        raise
                    # --endpoint-url was checked up front; this one came from AWS_ENDPOINT_URL,
                    # AWS_ENDPOINT_URL_<SERVICE> or a profile's endpoint_url, read by botocore itself.
                    url = str(error).partition(":")[2].strip()
                    raise ValidationError(
                        f"The endpoint URL {url!r} for {service} (from AWS_ENDPOINT_URL, "
                        f"AWS_ENDPOINT_URL_{service.upper()} or the profile's endpoint_url) is malformed: "
                        "fix or unset it, or pass --endpoint-url like http://127.0.0.1:5000.",
                        code="InvalidEndpointUrl") from None
                self._clients[key] = self._watched(client)
            return client

    def sibling_boto_session(self) -> boto3.Session:
        """A boto3 session of its own (its own credentials object, placeholder keys until the
        caller sets them), sharing this one's loaded service models: ~1 ms, not ~60 ms and
        ~10 MB, to make."""
        core = botocore.session.get_session()
        core.register_component("data_loader", self._boto._session.get_component("data_loader"))
        core.set_credentials("-", "-", "-")
        return boto3.Session(botocore_session=core, region_name=self.region)

    def assume_root(self, member_account_id: str, task_policy: str,
                    duration: int = MAX_ROOT_SESSION_SECONDS) -> "AwsSession":
        """A root session on a member account, scoped to one task policy, for at most 15 minutes.

        sts:AssumeRoot only answers on regional STS endpoints, so the global endpoint is never used."""
        arn = task_policy_arn(task_policy)
        duration = max(1, min(int(duration), MAX_ROOT_SESSION_SECONDS))
        sts = self._regional_sts()
        with aws_errors(f"assume root in account {member_account_id}"):
            response = sts.assume_root(TargetPrincipal=member_account_id, TaskPolicyArn={"arn": arn},
                                       DurationSeconds=duration)
        credentials = response["Credentials"]
        expires = credentials["Expiration"]
        if isinstance(expires, str):
            expires = datetime.fromisoformat(expires.replace("Z", "+00:00"))
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=timezone.utc)
        target = AwsTarget(
            region=self.region,
            endpoint_url=self.target.endpoint_url,
            access_key_id=credentials["AccessKeyId"],
            secret_access_key=credentials["SecretAccessKey"],
            session_token=credentials["SessionToken"],
        )
        return AwsSession(target, assumed_root=AssumedRoot(member_account_id, arn, expires), parent=self)

    def _regional_sts(self) -> Any:
        if self.target.endpoint_url:
            return self.client("sts")
        key = ("sts-regional", self.region)
        with self._lock:
            if key not in self._clients:
                with aws_errors("create an AWS sts client"):
                    self._clients[key] = self._watched(self._boto.client(
                        "sts", region_name=self.region, config=self.client_config,
                        endpoint_url=f"https://sts.{self.region}.amazonaws.com", **self._client_keys))
            return self._clients[key]

    def _watched(self, client: Any) -> Any:
        """The client, refusing answers that are not AWS's and, in an AssumeRoot session,
        marking each answer with the task policy in force (errors.py names it on a denial)."""
        client.meta.events.register("before-parse.*.*", check_aws_response)
        if self.assumed_root is not None:
            client.meta.events.register("after-call.*.*", self._mark_assumed_root)
        return client

    def _mark_assumed_root(self, http_response: Any = None, parsed: Any = None, model: Any = None,
                           **_: Any) -> None:
        failed = getattr(http_response, "status_code", 200) >= 300
        if failed and isinstance(parsed, dict) and model is not None and self.assumed_root is not None:
            service = model.service_model.signing_name or model.service_model.endpoint_prefix
            parsed[ASSUMED_ROOT_MARK] = {"task_policy": self.assumed_root.task_policy_arn,
                                         "action": iam_action(service, model.name)}
