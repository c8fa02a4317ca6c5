"""At its door the world behaves as AWS does: an unknown access key, a wrong secret, a wrong
or expired session token are refused; IAM policies are enforced, so the read-only auditor
reads the posture and meets AccessDenied on every change. In process and served."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from rootkeeper.aws.contact_admin import delete_alternate_contact, put_alternate_contact
from rootkeeper.aws.errors import translate
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, NoCredentialsError
from rootkeeper.core.posture import AlternateContact, ContactType
from tests.support.rehearsal_clients import AUDIT, MGMT, PROD, error_code

RANDOM_KEY = {"AccessKeyId": "AKIAZZZZZZZZZZZZZZZZ", "SecretAccessKey": "x" * 40}
SECURITY = AlternateContact(ContactType.SECURITY, "Security Team", "CISO office", "security@acme.example",
                            "+1 206 555 0199")


def _client(world, service: str, key: str, secret: str, token: str | None = None):
    return boto3.client(service, region_name="us-east-1", endpoint_url=world.endpoint_url, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token)


def _refused(call) -> ClientError:
    with pytest.raises(ClientError) as excinfo:
        call()
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return excinfo.value


def _with_secret(world, identity: str, service: str, secret: str):
    return _client(world, service, world.identities[identity].target.access_key_id, secret)


def test_an_unknown_access_key_is_refused_by_every_service(either_world):
    key, secret = RANDOM_KEY["AccessKeyId"], RANDOM_KEY["SecretAccessKey"]
    sts = _refused(lambda: _client(either_world, "sts", key, secret).get_caller_identity())
    assert sts.response["Error"]["Code"] == "InvalidClientTokenId"
    assert sts.response["Error"]["Message"] == "The security token included in the request is invalid."
    assert error_code_of(lambda: _client(either_world, "iam", key, secret).list_users()) == "InvalidClientTokenId"
    # JSON-protocol services and S3 say it in their own words, as AWS does.
    assert error_code_of(lambda: _client(either_world, "account", key, secret).get_alternate_contact(
        AlternateContactType="BILLING")) == "UnrecognizedClientException"
    assert error_code_of(lambda: _client(either_world, "organizations", key, secret).describe_organization()) \
        == "UnrecognizedClientException"
    assert error_code_of(lambda: _client(either_world, "s3", key, secret).list_buckets()) == "InvalidAccessKeyId"


def error_code_of(call) -> str:
    return _refused(call).response["Error"]["Code"]


@pytest.mark.parametrize("identity", ["operator", "auditor", "root"])
def test_a_known_key_with_a_wrong_secret_does_not_match(either_world, identity):
    wrong = "w" * 40
    refused = _refused(lambda: _with_secret(either_world, identity, "sts", wrong).get_caller_identity())
    assert refused.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert "Check your AWS Secret Access Key" in refused.response["Error"]["Message"]
    assert error_code_of(lambda: _with_secret(either_world, identity, "iam", wrong).get_account_summary()) \
        == "SignatureDoesNotMatch"
    assert error_code_of(lambda: _with_secret(either_world, identity, "account", wrong).get_alternate_contact(
        AlternateContactType="BILLING")) == "InvalidSignatureException"


def test_the_right_secret_still_opens_the_door(aws):
    assert aws("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{MGMT}:user/operator"
    assert aws("sts", "root").get_caller_identity()["Arn"] == f"arn:aws:iam::{MGMT}:root"
    assert aws("sts", "auditor").get_caller_identity()["Arn"] == f"arn:aws:iam::{MGMT}:user/auditor"
    assert aws("sts", "prod-root").get_caller_identity()["Arn"] == f"arn:aws:iam::{PROD}:root"


def test_an_inactive_access_key_is_refused_and_not_counted_as_used(aws, either_world):
    """Trial of issue #8: a deactivated IAM user's key still opened the door (sts, iam,
    account) and was stamped as used. In AWS an inactive key is refused like an unknown one
    (InvalidClientTokenId), for an IAM user's key as for the root's."""
    key = either_world.identities["auditor"].target.access_key_id
    iam = aws("iam")
    before = iam.get_access_key_last_used(AccessKeyId=key)["AccessKeyLastUsed"].get("LastUsedDate")
    iam.update_access_key(UserName="auditor", AccessKeyId=key, Status="Inactive")
    assert error_code_of(lambda: aws("sts", "auditor").get_caller_identity()) == "InvalidClientTokenId"
    assert error_code_of(lambda: aws("iam", "auditor").list_users()) == "InvalidClientTokenId"
    assert error_code_of(lambda: aws("account", "auditor").get_alternate_contact(
        AlternateContactType="BILLING")) == "UnrecognizedClientException"
    assert iam.get_access_key_last_used(AccessKeyId=key)["AccessKeyLastUsed"].get("LastUsedDate") == before
    iam.update_access_key(UserName="auditor", AccessKeyId=key, Status="Active")
    assert aws("sts", "auditor").get_caller_identity()["Arn"] == f"arn:aws:iam::{MGMT}:user/auditor"


def test_a_refused_request_with_an_inactive_root_key_is_no_use_of_it(aws, either_world):
    root_key = either_world.identities["root"].target.access_key_id
    aws("iam", "root").update_access_key(AccessKeyId=root_key, Status="Inactive")
    iam = aws("iam")  # the operator
    before = iam.get_access_key_last_used(AccessKeyId=root_key)["AccessKeyLastUsed"].get("LastUsedDate")
    assert error_code_of(lambda: aws("sts", "root").get_caller_identity()) == "InvalidClientTokenId"
    assert iam.get_access_key_last_used(AccessKeyId=root_key)["AccessKeyLastUsed"].get("LastUsedDate") == before


def test_an_unsigned_request_is_refused(either_world):
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=either_world.endpoint_url,
                       config=Config(signature_version=UNSIGNED))
    refused = _refused(sts.get_caller_identity).response
    # Served, an unsigned request names no service, and moto's dispatcher takes it for S3.
    expected = "AccessDenied" if either_world.endpoint_url else "MissingAuthenticationToken"
    assert refused.get("Error", refused)["Code"] == expected


def test_assume_root_credentials_need_their_secret_and_their_token(aws, either_world, manual_clock):
    credentials = aws("sts").assume_root(TargetPrincipal=PROD, TaskPolicyArn={"arn": AUDIT})["Credentials"]
    key, secret, token = credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    assert _client(either_world, "iam", key, secret, token).list_access_keys()["AccessKeyMetadata"]
    assert error_code_of(lambda: _client(either_world, "iam", key, secret).list_access_keys()) == "InvalidClientTokenId"
    assert error_code_of(lambda: _client(either_world, "iam", key, secret, token[:-4] + "AAAA").list_access_keys()) \
        == "InvalidClientTokenId"
    assert error_code_of(lambda: _client(either_world, "iam", key, "s" * 40, token).list_access_keys()) \
        == "SignatureDoesNotMatch"
    manual_clock.advance(seconds=900)
    assert error_code_of(lambda: _client(either_world, "iam", key, secret, token).list_access_keys()) == "ExpiredToken"


def test_assume_role_session_credentials_are_known_and_held_to_the_role(aws, either_world):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": f"arn:aws:iam::{MGMT}:root"}}]}
    read_only = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}]}
    iam = aws("iam")
    iam.create_role(RoleName="lister", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="lister", PolicyName="list", PolicyDocument=json.dumps(read_only))
    # The trust policy names the account: its users may assume the role if their own policies allow it.
    assert error_code_of(lambda: aws("sts", "auditor").assume_role(
        RoleArn=f"arn:aws:iam::{MGMT}:role/lister", RoleSessionName="audit")) == "AccessDenied"
    credentials = aws("sts").assume_role(RoleArn=f"arn:aws:iam::{MGMT}:role/lister",
                                         RoleSessionName="ops")["Credentials"]
    key, secret, token = credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    assert _client(either_world, "sts", key, secret, token).get_caller_identity()["Arn"] \
        == f"arn:aws:sts::{MGMT}:assumed-role/lister/ops"
    iam = _client(either_world, "iam", key, secret, token)
    assert iam.list_users()["Users"]
    assert error_code_of(lambda: iam.create_user(UserName="x")) == "AccessDenied"
    assert error_code_of(lambda: _client(either_world, "iam", key, secret, "bogus").list_users()) \
        == "InvalidClientTokenId"
    assert error_code_of(lambda: _client(either_world, "iam", key, "s" * 40, token).list_users()) \
        == "SignatureDoesNotMatch"


def test_the_auditor_reads_the_posture(aws):
    iam = aws("iam", "auditor")
    assert iam.get_account_summary()["SummaryMap"]["AccountAccessKeysPresent"] == 1
    assert iam.generate_credential_report()["State"]
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["operator", "breakglass", "auditor"]
    assert iam.list_account_aliases()["AccountAliases"] == ["acme-mgmt"]
    assert iam.list_organizations_features()["EnabledFeatures"]
    assert aws("account", "auditor").get_alternate_contact(
        AlternateContactType="BILLING")["AlternateContact"]["Name"] == "Priya Natarajan"
    organizations = aws("organizations", "auditor")
    assert organizations.describe_organization()["Organization"]["MasterAccountId"] == MGMT
    assert len(organizations.list_accounts()["Accounts"]) == 5


def test_the_auditor_meets_access_denied_on_every_change(aws):
    denied = _refused(lambda: aws("account", "auditor").put_alternate_contact(
        AlternateContactType="SECURITY", Name="Sec", Title="CISO", EmailAddress="sec@acme.example",
        PhoneNumber="+1 206 555 0199"))
    assert denied.response["Error"]["Code"] == "AccessDeniedException"
    assert denied.response["Error"]["Message"] == (
        f"User: arn:aws:iam::{MGMT}:user/auditor is not authorized to perform: account:PutAlternateContact "
        "because no identity-based policy allows the account:PutAlternateContact action")
    iam = aws("iam", "auditor")
    for change in (lambda: iam.create_access_key(UserName="auditor"),
                   lambda: iam.attach_user_policy(UserName="auditor",
                                                  PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"),
                   lambda: iam.delete_login_profile(UserName="breakglass")):
        assert error_code(pytest.raises(ClientError, change)) == "AccessDenied"
    assert error_code_of(lambda: aws("sts", "auditor").assume_root(
        TargetPrincipal=PROD, TaskPolicyArn={"arn": AUDIT})) == "AccessDenied"
    # The operator (AdministratorAccess) may.
    aws("account").put_alternate_contact(AlternateContactType="SECURITY", Name="Sec", Title="CISO",
                                         EmailAddress="sec@acme.example", PhoneNumber="+1 206 555 0199")


def test_the_app_names_the_permission_the_auditor_lacks(either_world):
    auditor = AwsSession(either_world.identities["auditor"].target)
    with pytest.raises(AccessDeniedError) as put:
        put_alternate_contact(auditor, SECURITY)
    assert str(put.value) == ("Access denied: this identity may not write the SECURITY alternate contact. "
                              "Grant this identity account:PutAlternateContact.")
    with pytest.raises(AccessDeniedError) as delete:  # no advice of its own: AWS's words name the permission
        delete_alternate_contact(auditor, ContactType.BILLING)
    assert str(delete.value) == ("Access denied: this identity may not remove the BILLING alternate contact. "
                                 "Grant this identity account:DeleteAlternateContact, or use an identity that "
                                 "has it.")


def test_the_app_says_which_credential_was_wrong(either_world):
    wrong_secret = _refused(lambda: _with_secret(either_world, "operator", "iam", "w" * 40).get_account_summary())
    error = translate(wrong_secret, "read the account summary")
    assert isinstance(error, NoCredentialsError)
    assert "the secret access key does not match the access key id" in str(error)
    key, secret = RANDOM_KEY["AccessKeyId"], RANDOM_KEY["SecretAccessKey"]
    unknown = _refused(lambda: _client(either_world, "iam", key, secret).get_account_summary())
    assert "AWS does not know this access key" in str(translate(unknown, "read the account summary"))
