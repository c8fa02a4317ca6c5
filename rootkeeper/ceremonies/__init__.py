"""Step handlers: bind the core runbooks (data) to the aws/ gateways and the journal.

Nothing here imports textual or boto3: the UI drives ceremonies through these handlers,
and the tests drive them headless against the rehearsal world."""
