"""Forms of the protected-persons pages: registering a person, consent, event links and the reveal reason."""

from __future__ import annotations

from django import forms

from groundwatch.core.choices import Confidentiality
from groundwatch.protection.choices import AgeBand, ConsentScope, PersonRole, RiskLevel, Sex

DATE = forms.DateInput(attrs={"type": "date"})
PERSON_LEVELS = [
    (int(level), level.label)
    for level in (Confidentiality.CONFIDENTIAL, Confidentiality.STRICTLY_CONFIDENTIAL)
]


class PersonForm(forms.Form):
    """Coded fields in the clear, identifying fields to be encrypted before they are stored."""

    code = forms.CharField(max_length=30, label="Pseudonym code", help_text="E.g. W-0007. Never a name.")
    role = forms.ChoiceField(choices=PersonRole.choices)
    sex = forms.ChoiceField(choices=Sex.choices, required=False)
    age_band = forms.ChoiceField(choices=AgeBand.choices, required=False, label="Age band")
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, initial=RiskLevel.MEDIUM, label="Risk level")
    confidentiality = forms.TypedChoiceField(
        choices=PERSON_LEVELS, coerce=int, initial=int(Confidentiality.CONFIDENTIAL)
    )
    consent_scope = forms.ChoiceField(choices=ConsentScope.choices, label="Consent: may be shared")
    consent_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        label="Consent notes",
        help_text="What the person agreed to; no identifying details here (this field is not encrypted).",
    )
    consent_recorded_on = forms.DateField(required=False, widget=DATE, label="Consent recorded on")
    retain_until = forms.DateField(
        widget=DATE, label="Retain until", help_text="Then the identity is destroyed."
    )
    full_name = forms.CharField(required=False, max_length=500, label="Full name (encrypted)")
    contact = forms.CharField(required=False, max_length=2000, label="Contact (encrypted)")
    identifying_details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
        label="Identifying details (encrypted)",
    )
    testimony = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=200000,
        label="Testimony (encrypted)",
    )


class ConsentForm(forms.Form):
    consent_scope = forms.ChoiceField(choices=ConsentScope.choices, label="May be shared")
    consent_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000, label="Consent notes"
    )
    consent_recorded_on = forms.DateField(required=False, widget=DATE, label="Recorded on")
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, label="Risk level")


class RevealForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label="Why do you need to see this person's identity?",
        help_text="Recorded in the audit log with your name.",
    )


class EventLinkForm(forms.Form):
    event = forms.IntegerField(min_value=1, max_value=2**63 - 1, label="Event number")
    action = forms.ChoiceField(choices=[("link", "Link"), ("unlink", "Unlink")], initial="link")
