"""What AWS (or something that is not AWS) answers at the door, as one sentence a person can act on:
answers that do not parse, timeouts, refused keys and, in an AssumeRoot session, a denial that
names the task policy to use (a task-policy session cannot be granted anything)."""

from __future__ import annotations

import pytest
from botocore import exceptions as boto
from botocore.parsers import ResponseParserError

from rootkeeper.aws.errors import aws_errors, translate
from rootkeeper.aws.mfa import read_account_summary
from rootkeeper.aws.root_keys import list_root_access_keys
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.environment import AwsTarget
from rootkeeper.core.errors import AccessDeniedError, EndpointError, NoCredentialsError, ValidationError

PROD = "314159265401"  # an acme member account


def test_a_response_that_does_not_parse_is_an_endpoint_error_not_a_traceback():
    with pytest.raises(EndpointError) as excinfo:
        with aws_errors("read the account summary"):
            raise ResponseParserError("Unable to parse response (mismatched tag), invalid XML received: b'<html>'")
    assert "not AWS" in str(excinfo.value) and "--endpoint-url" in str(excinfo.value)
    assert "<html>" not in str(excinfo.value)


@pytest.mark.parametrize("error", [
    boto.ConnectTimeoutError(endpoint_url="https://iam.amazonaws.com/"),
    boto.ReadTimeoutError(endpoint_url="https://iam.amazonaws.com/"),
])
def test_timeouts_say_who_did_not_answer(error):
    translated = translate(error, "read the account summary")
    assert isinstance(translated, EndpointError)
    assert str(translated).startswith("AWS at https://iam.amazonaws.com/ did not answer in time")


def test_refused_keys_say_which_half_is_wrong():
    def refused(code: str):
        return translate(boto.ClientError({"Error": {"Code": code, "Message": "m"}}, "GetCallerIdentity"),
                         "find out who this identity is")

    assert isinstance(refused("InvalidClientTokenId"), NoCredentialsError)
    assert "does not know this access key" in str(refused("InvalidClientTokenId"))
    assert "secret access key does not match" in str(refused("SignatureDoesNotMatch"))


def test_a_session_refuses_a_malformed_endpoint_url_before_botocore_does():
    with pytest.raises(ValidationError) as excinfo:
        AwsSession(AwsTarget(endpoint_url="notaurl", access_key_id="a", secret_access_key="b"))
    assert "'notaurl' does not start with http:// or https://" in str(excinfo.value)


@pytest.fixture(scope="module")
def acme():
    from rootkeeper.rehearsal.world import start_world

    world = start_world(serve=False)
    yield world
    world.stop()


def test_assume_root_denial_names_the_task_policy_that_allows_the_call(acme):
    operator = AwsSession(acme.environment("operator").target)
    password_session = operator.assume_root(PROD, "IAMCreateRootUserPassword")
    with pytest.raises(AccessDeniedError) as excinfo:
        list_root_access_keys(password_session)
    message = str(excinfo.value)
    assert "Grant this identity" not in message
    assert "AssumeRoot session (task policy IAMCreateRootUserPassword)" in message
    assert ("iam:ListAccessKeys is allowed by the task policy IAMAuditRootUserCredentials or "
            "IAMDeleteRootUserCredentials") in message


def test_assume_root_denial_says_when_no_task_policy_allows_the_call(acme):
    operator = AwsSession(acme.environment("operator").target)
    delete_session = operator.assume_root(PROD, "IAMDeleteRootUserCredentials")
    with pytest.raises(AccessDeniedError) as excinfo:
        read_account_summary(delete_session)
    assert "iam:GetAccountSummary is allowed by the task policy IAMAuditRootUserCredentials" in str(excinfo.value)
    with pytest.raises(AccessDeniedError) as excinfo:
        with aws_errors("generate the credential report"):
            delete_session.client("iam").generate_credential_report()
    assert "No root task policy allows iam:GenerateCredentialReport" in str(excinfo.value)
    assert "Grant this identity" not in str(excinfo.value)


def test_an_ordinary_identity_is_still_told_what_to_grant():
    error = translate(boto.ClientError({"Error": {"Code": "AccessDenied", "Message": "m"}}, "GetAccountSummary"),
                      "read the account summary")
    assert error.hint == "Grant this identity iam:GetAccountSummary."
