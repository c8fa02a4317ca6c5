"""Update (or remove) one alternate contact: SECURITY, BILLING or OPERATIONS, of this
account or, from the management account, of a member chosen from the Organization.

The current value is read first; the new one is validated exactly as AWS validates it
(core/validators.py) before PutAlternateContact; the operator confirms a diff; the
read-back shows what AWS now holds. Contacts are not secrets: the journal carries the
before and after values.

A ceremony either puts the contact or removes it: the step not taken is skipped with a
reason (``skip_reason``, the removal's ``skip_when``).
"""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.checks import ContactEquals
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind

CHOOSE_CONTACT = "choose-contact"
PUT_CONTACT = "put-contact"
REMOVE_CONTACT = "remove-contact"
READ_BACK_CONTACT = "read-back-contact"
RESTORE_CONTACT = "restore-previous-contact"  # the undo of PUT_CONTACT and REMOVE_CONTACT

CONTACT_FIELDS = ("name", "title", "email", "phone")

ALTERNATE_CONTACTS = Runbook(
    id="alternate-contacts",
    title="Update an alternate contact",
    summary=("Set the SECURITY, BILLING or OPERATIONS contact (name, title, email, phone), validated "
             "as AWS validates it, after a before/after diff; then read back what AWS holds."),
    requirement=Requirement.ANY,  # the Account API answers for itself: a refusal says which permission
    remedies=("Account.1",),
    fixes=("security-contact", "billing-contact", "operations-contact"),
    steps=(
        Step(
            id=CHOOSE_CONTACT, kind=StepKind.CHECK,
            title="Choose the account and the contact",
            inputs=("contact_type", "target_account_id"),
            verifies="Reads what AWS holds now for the chosen contact type of the chosen account.",
        ),
        Step(
            id=PUT_CONTACT, kind=StepKind.ACTION,
            title="Review the change and write the contact",
            inputs=CONTACT_FIELDS,
            verifies="PutAlternateContact accepted the new {contact_type} contact of account {target_account_id}.",
            confirmation=Confirmation.YES_NO, optional=True, undo=RESTORE_CONTACT,
        ),
        Step(
            id=REMOVE_CONTACT, kind=StepKind.ACTION,
            title="Remove the contact",
            verifies="DeleteAlternateContact removed the {contact_type} contact of account {target_account_id}.",
            confirmation=Confirmation.YES_NO, destructive=True, optional=True, undo=RESTORE_CONTACT,
            skip_when=lambda facts, history: skip_reason(REMOVE_CONTACT, facts, history.done),
        ),
        Step(
            id=READ_BACK_CONTACT, kind=StepKind.CHECK,
            title="Read back what AWS now holds",
            verifies="GetAlternateContact returns exactly the {contact_type} contact written.",
            checks=(PUT_CONTACT, REMOVE_CONTACT), check=ContactEquals(account_fact="target_account_id"),
        ),
    ),
)


def skip_reason(step_id: str, facts: Mapping[str, Any], done: frozenset[str] = frozenset()) -> str | None:
    """Why ``step_id`` does not apply: removal when the contact was just written, or when
    there is nothing to remove. ``done``: the steps completed so far."""
    if step_id == REMOVE_CONTACT and PUT_CONTACT in done:
        return "The contact was updated, not removed."
    if step_id == REMOVE_CONTACT and facts.get("before") is None and CHOOSE_CONTACT in done:
        return "There is no contact of this type to remove."
    return None


def contact_diff(before: Mapping[str, str] | None, after: Mapping[str, str] | None) -> list[dict[str, Any]]:
    """One row per field: its current value, its new value, and whether it changes.
    ``None`` on either side means no contact (a new one, or a removal)."""
    rows = []
    for field in CONTACT_FIELDS:
        old = (before or {}).get(field)
        new = (after or {}).get(field)
        rows.append({"field": field, "before": old, "after": new, "changed": old != new})
    return rows


def describe_diff(rows: list[dict[str, Any]]) -> str:
    """The diff in one line, for the confirmation and the journal's message."""
    changes = [f"{row['field']}: {row['before'] or '(none)'} -> {row['after'] or '(none)'}"
               for row in rows if row["changed"]]
    return "; ".join(changes) if changes else "no change"


def choose_removal(ceremony: Any) -> None:
    """The operator removes the contact instead of writing one: skip the write (journaled)."""
    step = ceremony.current_step
    if step is None or step.id != PUT_CONTACT:
        raise RootkeeperError("Removal is chosen after the contact is chosen, instead of writing it.")
    ceremony.skip_step(reason="The operator chose to remove the contact.")
