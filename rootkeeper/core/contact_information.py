"""The account's primary contact (Account API GetContactInformation / PutContactInformation),
validated as AWS validates it (botocore ``account`` model, shape ContactInformation).

Every field is a length in characters; the phone alone has a pattern: it starts with ``+``
and then holds only digits, spaces and ( ) - (``[+][\\s0-9()-]+``, whole value). FullName,
AddressLine1, City, PostalCode, CountryCode and PhoneNumber are required. AWS replaces the
whole contact on Put, so a change of one field sends the others unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from rootkeeper.core.validators import FieldRule

PRIMARY_PHONE_PATTERN = r"[+][\s0-9()-]+"

# attribute -> its rule; required fields first, in the order AWS lists them
PRIMARY_CONTACT_FIELDS: dict[str, FieldRule] = {
    "full_name": FieldRule("FullName", "Full name", 1, 50),
    "address_line_1": FieldRule("AddressLine1", "Address line 1", 1, 60),
    "city": FieldRule("City", "City", 1, 50),
    "postal_code": FieldRule("PostalCode", "Postal code", 1, 20),
    "country_code": FieldRule("CountryCode", "Country code", 2, 2),
    "phone": FieldRule("PhoneNumber", "Phone number", 1, 20, re.compile(PRIMARY_PHONE_PATTERN, re.ASCII),
                       "must start with + and the country code, then only digits, spaces and ( ) -"),
    "address_line_2": FieldRule("AddressLine2", "Address line 2", 1, 60),
    "address_line_3": FieldRule("AddressLine3", "Address line 3", 1, 60),
    "state_or_region": FieldRule("StateOrRegion", "State or region", 1, 50),
    "district_or_county": FieldRule("DistrictOrCounty", "District or county", 1, 50),
    "company_name": FieldRule("CompanyName", "Company name", 1, 50),
    "website_url": FieldRule("WebsiteUrl", "Website URL", 1, 256),
}
REQUIRED_FIELDS = ("full_name", "address_line_1", "city", "postal_code", "country_code", "phone")


@dataclass(frozen=True)
class PrimaryContact:
    """The account's primary contact; optional fields are None when unset."""

    full_name: str
    address_line_1: str
    city: str
    postal_code: str
    country_code: str
    phone: str
    address_line_2: str | None = None
    address_line_3: str | None = None
    state_or_region: str | None = None
    district_or_county: str | None = None
    company_name: str | None = None
    website_url: str | None = None

    @classmethod
    def from_api(cls, values: dict[str, str]) -> PrimaryContact:
        return cls(**{name: values.get(rule.aws_name, "" if name in REQUIRED_FIELDS else None)
                      for name, rule in PRIMARY_CONTACT_FIELDS.items()})

    def to_api(self) -> dict[str, str]:
        """The ContactInformation structure, unset optional fields left out."""
        return {PRIMARY_CONTACT_FIELDS[f.name].aws_name: getattr(self, f.name)
                for f in fields(self) if getattr(self, f.name) is not None}


def validate_primary_contact_field(field: str, value: str | None) -> str | None:
    """None when AWS would accept ``value`` for ``field`` (an attribute of PrimaryContact)."""
    rule = PRIMARY_CONTACT_FIELDS[field]
    if value is None:
        return f"{rule.label} is required." if field in REQUIRED_FIELDS else None
    if not value:
        return f"{rule.label} is required." if field in REQUIRED_FIELDS else f"{rule.label} may not be empty: leave it unset."
    if len(value) < rule.min_length:
        return f"{rule.label} must be exactly {rule.min_length} characters, such as US; it has {len(value)}."
    if len(value) > rule.max_length:
        if rule.min_length == rule.max_length:
            return f"{rule.label} must be exactly {rule.max_length} characters, such as US; it has {len(value)}."
        return f"{rule.label} must be at most {rule.max_length} characters; it has {len(value)}."
    if rule.pattern is not None and not rule.pattern.fullmatch(value):
        return f"{rule.label} {rule.pattern_rule}."
    return None


def validate_primary_contact(contact: PrimaryContact) -> dict[str, str]:
    """Every problem of the contact, keyed by attribute; empty when AWS would accept it."""
    problems = {name: validate_primary_contact_field(name, getattr(contact, name)) for name in PRIMARY_CONTACT_FIELDS}
    return {name: message for name, message in problems.items() if message is not None}
