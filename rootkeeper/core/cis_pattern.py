"""The CIS 4.3 root-usage metric filter pattern (CIS AWS Foundations v3.0 / v5.0 4.3, Security Hub
CloudWatch.1), and how to recognise it: used by the posture read and by the rehearsal world."""

from __future__ import annotations

CIS_ROOT_PATTERN = ('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
                    '&& $.eventType != "AwsServiceEvent" }')
# The three clauses CIS 4.3 asks for, whitespace aside.
_CIS_CLAUSES = ('$.userIdentity.type="Root"', "$.userIdentity.invokedByNOTEXISTS", '$.eventType!="AwsServiceEvent"')


def is_cis_root_pattern(pattern: str | None) -> bool:
    """True when the filter pattern holds CIS 4.3's three clauses (whitespace is not significant)."""
    compact = "".join((pattern or "").split())
    return all(clause in compact for clause in _CIS_CLAUSES)
