"""AWS failures become rootkeeper errors with a message a person can act on."""

from __future__ import annotations

import pytest
from botocore import exceptions as boto

from rootkeeper.aws.errors import NO_CREDENTIALS_MESSAGE, aws_errors, translate, translated
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


def client_error(code: str, operation: str = "GetAccountSummary", message: str = "details") -> boto.ClientError:
    return boto.ClientError({"Error": {"Code": code, "Message": message}}, operation)


@pytest.mark.parametrize("code, kind", [
    ("AccessDenied", AccessDeniedError), ("AccessDeniedException", AccessDeniedError),
    ("ExpiredToken", SessionExpiredError), ("ExpiredTokenException", SessionExpiredError),
    ("InvalidClientTokenId", NoCredentialsError), ("SignatureDoesNotMatch", NoCredentialsError),
    ("Throttling", ThrottledError), ("ThrottlingException", ThrottledError), ("TooManyRequestsException", ThrottledError),
    ("NoSuchEntity", NotFoundError), ("ResourceNotFoundException", NotFoundError), ("ReportNotPresent", NotFoundError),
    ("ReportExpired", NotFoundError), ("AWSOrganizationsNotInUseException", NotFoundError),
    ("ValidationException", ValidationError), ("InvalidInput", ValidationError),
])
def test_client_error_codes_map_to_the_right_error_and_keep_the_code(code, kind):
    error = translate(client_error(code), "read the account summary")
    assert type(error) is kind
    assert error.code == code
    assert "read the account summary" in str(error)


def test_report_in_progress_says_to_wait():
    error = translate(client_error("ReportInProgress", "GetCredentialReport"), "read the IAM credential report")
    assert error.code == "ReportInProgress" and "Try again in a few seconds" in str(error)


def test_denied_root_key_deletion_says_what_to_do():
    error = translate(client_error("AccessDenied", "DeleteAccessKey"), "delete root access key AKIA1")
    assert isinstance(error, AccessDeniedError)
    assert error.hint == ("This identity cannot delete root access keys: sign in as root or use AssumeRoot "
                          "from the management account.")


def test_no_credentials_is_one_sentence_that_suggests_rehearse():
    error = translate(boto.NoCredentialsError(), "find out who this identity is")
    assert isinstance(error, NoCredentialsError)
    assert str(error) == NO_CREDENTIALS_MESSAGE
    assert "rootkeeper rehearse" in str(error)
    assert str(error).count(".") == 1 and str(error).endswith(".")


def test_missing_profile_and_unreachable_endpoint():
    assert isinstance(translate(boto.ProfileNotFound(profile="prod"), "x"), NoCredentialsError)
    assert "'prod'" in str(translate(boto.ProfileNotFound(profile="prod"), "x"))
    error = translate(boto.EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), "read the account summary")
    assert isinstance(error, EndpointError) and "--endpoint-url" in str(error)


def test_xml_error_bodies_from_json_services_are_read_for_their_real_code():
    body = ('<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>AccessDenied</Code>'
            '<Message>User is not authorized to perform: account:GetAlternateContact</Message></Error></Errors>'
            '</ErrorResponse>')
    error = translate(client_error("403", "GetAlternateContact", body), "read the SECURITY alternate contact")
    assert isinstance(error, AccessDeniedError) and error.code == "AccessDenied"
    assert "<" not in str(error)
    assert isinstance(translate(client_error("404"), "x"), NotFoundError)


def test_unknown_codes_still_become_rootkeeper_errors_with_the_aws_words():
    error = translate(client_error("SomethingNew", message="the thing broke"), "do the thing")
    assert type(error) is RootkeeperError and "SomethingNew" in str(error) and "the thing broke" in str(error)


def test_context_manager_and_decorator_translate_and_chain():
    with pytest.raises(ThrottledError) as caught:
        with aws_errors("list rules"):
            raise client_error("Throttling")
    assert isinstance(caught.value.__cause__, boto.ClientError)

    @translated("read the alias")
    def denied():
        raise client_error("AccessDenied", "ListAccountAliases")

    with pytest.raises(AccessDeniedError, match="read the alias"):
        denied()
    already = NotFoundError("gone")
    assert translate(already, "x") is already
