"""events:TestEventPattern in the rehearsal world answers {"Result": ...} as AWS does (moto 5.2.5
answers with an empty body), in process and served (issue 11, "Root activity raises an alert")."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from tests.support.rehearsal_clients import MGMT, error_code

PATTERN = {"source": ["aws.signin"], "detail-type": ["AWS Console Sign In via CloudTrail"],
           "detail": {"userIdentity": {"type": ["Root"]}}}


def sign_in(identity_type: str, **detail) -> str:
    return json.dumps({"version": "0", "id": "7f1a", "detail-type": "AWS Console Sign In via CloudTrail",
                       "source": "aws.signin", "account": MGMT, "time": "2025-06-02T09:30:00Z",
                       "region": "us-east-1", "resources": [],
                       "detail": {"eventName": "ConsoleLogin", "userIdentity": {"type": identity_type}, **detail}})


def result(aws, pattern, event) -> bool:
    response = aws("events").test_event_pattern(EventPattern=json.dumps(pattern), Event=event)
    return response["Result"]


def test_a_root_sign_in_matches_and_an_iam_user_sign_in_does_not(aws):
    assert result(aws, PATTERN, sign_in("Root")) is True
    assert result(aws, PATTERN, sign_in("IAMUser")) is False


def test_lists_of_values_nested_keys_and_missing_keys(aws):
    either = {"detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"]}
    assert result(aws, either, sign_in("Root")) is True
    assert result(aws, {"source": ["aws.iam", "aws.sts"]}, sign_in("Root")) is False
    assert result(aws, {"detail": {"eventName": ["ConsoleLogin"]}}, sign_in("Root")) is True
    assert result(aws, {"detail": {"additionalEventData": {"MFAUsed": ["Yes"]}}}, sign_in("Root")) is False
    assert result(aws, {"source": ["aws.iam", {"prefix": "aws."}]}, sign_in("Root")) is True
    assert result(aws, {"source": [{"prefix": "aws.s"}]}, sign_in("Root")) is True
    assert result(aws, {"source": [{"prefix": "aws.iam"}]}, sign_in("Root")) is False
    # the event holds a list: one of its elements is enough
    assert result(aws, {"detail": {"tags": ["b"]}}, sign_in("Root", tags=["a", "b"])) is True


def test_a_malformed_pattern_or_event_is_refused_as_aws_refuses_it(aws):
    events = aws("events")
    with pytest.raises(ClientError) as bad_pattern:
        events.test_event_pattern(EventPattern=json.dumps({"source": "aws.signin"}), Event=sign_in("Root"))
    assert error_code(bad_pattern) == "InvalidEventPatternException"
    with pytest.raises(ClientError) as empty_list:
        events.test_event_pattern(EventPattern=json.dumps({"source": []}), Event=sign_in("Root"))
    assert error_code(empty_list) == "InvalidEventPatternException"
    with pytest.raises(ClientError) as unserved_filter:
        events.test_event_pattern(EventPattern=json.dumps({"source": [{"anything-but": "x"}]}), Event=sign_in("Root"))
    assert error_code(unserved_filter) == "InvalidEventPatternException"
    with pytest.raises(ClientError) as bad_event:
        events.test_event_pattern(EventPattern=json.dumps(PATTERN), Event=json.dumps({"source": "aws.signin"}))
    assert error_code(bad_event) == "ValidationException"
