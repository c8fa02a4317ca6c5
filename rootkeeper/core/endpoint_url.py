"""--endpoint-url, checked before anything is sent: botocore would otherwise fail deep in
client creation with a traceback ("Invalid endpoint: notaurl")."""

from __future__ import annotations

from urllib.parse import urlsplit


def endpoint_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an AWS endpoint, in one sentence; None when it can."""
    text = url.strip()
    if not text:
        return "The endpoint URL is empty: give one like http://127.0.0.1:5000 or https://iam.amazonaws.com."
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a port that is not a number in 0-65535
    except ValueError as error:
        return f"The endpoint URL {url!r} is malformed ({error}): give one like http://127.0.0.1:5000."
    if parts.scheme not in ("http", "https"):
        return (f"The endpoint URL {url!r} does not start with http:// or https://: "
                "give one like http://127.0.0.1:5000.")
    if not parts.hostname:
        return f"The endpoint URL {url!r} names no host: give one like http://127.0.0.1:5000."
    if port == 0:
        return f"The endpoint URL {url!r} names port 0: give the port the endpoint listens on."
    if any(ch.isspace() for ch in text):
        return f"The endpoint URL {url!r} contains a space."
    return None
