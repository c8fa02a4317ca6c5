"""Refuse an answer that is not AWS's before botocore parses it.

botocore reads an HTML page sent with status 200 (a web server behind a wrong
--endpoint-url) as an empty but successful answer: GetAlternateContact would then say
"no contact", a finding nobody observed. Every client rootkeeper makes checks the shape
of each answer first; what is not AWS's becomes NotAnAwsResponse, translated in errors.py.
"""

from __future__ import annotations

from typing import Any

_HTML_STARTS = (b"<!doctype html", b"<html")


class NotAnAwsResponse(Exception):
    """The endpoint answered, but not as AWS does."""

    def __init__(self, operation: str, status: int, what: str) -> None:
        super().__init__(f"{operation}: HTTP {status}, {what}")
        self.operation = operation
        self.status = status
        self.what = what  # "an HTML page", "a body that is not JSON"...


def check_aws_response(operation_model: Any, response_dict: dict, **_: Any) -> None:
    """botocore ``before-parse`` handler."""
    body = response_dict.get("body")
    if not isinstance(body, (bytes, bytearray)):
        return  # a streamed body: nothing to sniff without consuming it
    status = int(response_dict.get("status_code") or 0)
    start = bytes(body[:512]).lstrip().lower()
    operation = operation_model.name
    if start.startswith(_HTML_STARTS):
        raise NotAnAwsResponse(operation, status, "an HTML page")
    if not 200 <= status < 300 or not start:
        return  # error bodies are the parser's business; an empty success is normal for some calls
    service = operation_model.service_model
    protocol = getattr(service, "resolved_protocol", None) or service.metadata.get("protocol")
    if protocol in ("json", "rest-json") and not start.startswith(b"{"):
        raise NotAnAwsResponse(operation, status, "a body that is not a JSON object")
    if protocol == "query" and f"<{operation}response".lower().encode() not in start:
        raise NotAnAwsResponse(operation, status, f"no {operation}Response document")
