"""ui/validation: the Input validators say what the core validators say, as one types."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from rootkeeper.core.validators import validate_account_id, validate_contact_field
from rootkeeper.ui.validation import AccountIdValidator, ContactFieldValidator, TypedAccountIdValidator


@pytest.mark.parametrize(("field", "value"), [
    ("phone", "+1 (206) 555-0100"), ("phone", "ext 2"), ("email", "ops@acme.example"), ("email", "josé@acme.example"),
    ("name", ""), ("name", "Ana"), ("title", "t" * 51),
])
def test_contact_field_validator_gives_the_cores_verdict_and_message(field, value):
    result = ContactFieldValidator(field).validate(value)
    expected = validate_contact_field(field, value)
    assert result.is_valid == (expected is None)
    assert result.failure_descriptions == ([] if expected is None else [expected])
    assert all(failure.value is None for failure in result.failures)  # the value is not carried


def test_unknown_field_fails_at_construction():
    with pytest.raises(ValueError):
        ContactFieldValidator("fax")


@pytest.mark.parametrize("value", ["123456789012", "1234-5678-9012", "", "١٢٣٤٥٦٧٨٩٠١٢"])
def test_account_id_validator(value):
    result = AccountIdValidator().validate(value)
    assert result.is_valid == (validate_account_id(value) is None)


def test_typed_account_id_validator():
    validator = TypedAccountIdValidator("123456789012")
    assert validator.validate(" 1234-5678-9012 ").is_valid
    assert validator.validate("123456789013").failure_descriptions == ["Type the account id 123456789012 to confirm."]


class ContactForm(App):
    def compose(self) -> ComposeResult:
        yield Input(id="phone", validators=[ContactFieldValidator("phone")])


async def test_an_input_validates_as_the_operator_types():
    app = ContactForm()
    async with app.run_test(size=(60, 5)) as pilot:
        phone = app.query_one("#phone", Input)
        phone.focus()
        await pilot.press(*"+1 206")
        await pilot.pause()
        assert phone.is_valid and not phone.has_class("-invalid")
        await pilot.press("x")
        await pilot.pause()
        assert not phone.is_valid and phone.has_class("-invalid")
