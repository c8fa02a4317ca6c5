"""A batch's one confirmation: the operator types the phrase shown ('delete 50'). Dismisses
with the phrase as typed once it matches (the batch checks it again), None when cancelled:
the typed-confirmation dialog of confirm_screen.py, with a phrase for the account id."""

from __future__ import annotations

from textual.validation import ValidationResult, Validator

from rootkeeper.ui.confirm_screen import TypeAccountIdScreen


class PhraseValidator(Validator):
    def __init__(self, phrase: str) -> None:
        super().__init__()
        self.phrase = phrase

    def validate(self, value: str) -> ValidationResult:
        if " ".join(value.split()).lower() == self.phrase:
            return self.success()
        return self.failure(f"Type {self.phrase!r} to confirm.")


class TypePhraseScreen(TypeAccountIdScreen):
    what = "phrase"

    @property
    def phrase(self) -> str:
        return self.account_id

    def validator(self) -> Validator:
        return PhraseValidator(self.phrase)

    def prompt(self) -> str:
        return f"Type '{self.phrase}' to confirm."

    def refusal(self) -> str:
        return f"That is not '{self.phrase}': nothing was done."
