"""Textual validators over the core's own, so that an ``Input`` refuses, as the operator
types, exactly what the core would refuse before calling AWS (one rule, one place:
``rootkeeper.core.validators``).

    Input(placeholder="+1 206 555 0100", validators=[ContactFieldValidator("phone")])
    Input(placeholder="123456789012", validators=[AccountIdValidator()])
    Input(placeholder="type the account id", validators=[TypedAccountIdValidator(account_id)])

Failures carry the core's message as their description and never the value typed.
"""

from __future__ import annotations

from textual.validation import ValidationResult, Validator

from rootkeeper.core.validators import (
    typed_account_id_matches,
    typed_name_matches,
    validate_account_id,
    validate_contact_field,
)


class ContactFieldValidator(Validator):
    """An alternate contact's field ("name", "title", "email" or "phone") as AWS's
    PutAlternateContact validates it."""

    def __init__(self, field: str) -> None:
        validate_contact_field(field, "x")  # an unknown field fails here, at construction
        super().__init__()
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        return _result(self, validate_contact_field(self.field, value))


class AccountIdValidator(Validator):
    """A 12-digit AWS account id, as the API takes it."""

    def validate(self, value: str) -> ValidationResult:
        return _result(self, validate_account_id(value))


class TypedAccountIdValidator(Validator):
    """The confirmation of a destructive action: valid only once the operator has typed
    ``expected`` (grouping as 1234-5678-9012 and surrounding spaces allowed)."""

    def __init__(self, expected: str) -> None:
        super().__init__()
        self.expected = expected

    def validate(self, value: str) -> ValidationResult:
        if typed_account_id_matches(value, self.expected):
            return self.success()
        return self.failure(f"Type the account id {self.expected} to confirm.")


def _result(validator: Validator, problem: str | None) -> ValidationResult:
    return validator.success() if problem is None else validator.failure(problem)


class TypedNameValidator(Validator):
    """The confirmation of a destructive action on a named resource: valid only once the
    operator has typed its name exactly (the core's rule, checked again by the engine)."""

    def __init__(self, expected: str) -> None:
        super().__init__()
        self.expected = expected

    def validate(self, value: str) -> ValidationResult:
        if typed_name_matches(value, self.expected):
            return self.success()
        return self.failure(f"Type the name {self.expected} to confirm.")
