"""Alert rules (data, per mission) and the alerts they fire."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.assessment.choices import (
    AreaLevel,
    CapCategory,
    CapCertainty,
    CapSeverity,
    CapUrgency,
    Indicator,
    Period,
    RuleKind,
)
from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned


class AlertRuleQuerySet(RestrictedQuerySet["AlertRule"]):
    pass


class AlertRule(MissionOwned):
    """When to raise an alert. Only the fields the rule's kind needs are set.

    threshold: ``value_key`` of ``indicator`` in a period above ``threshold``.
    spike: a period's value ≥ ``spike_factor`` × the mean of the previous ``baseline_periods`` periods,
    and at least ``floor``. first_in_days: a period's value at least ``floor`` and higher than any
    period in the ``window_days`` before it. new_access_denial: a convoy blocked or denied in the last
    ``window_days``. stalled_handover: a commitment past its deadline and not met.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=RuleKind.choices)
    indicator = models.CharField(max_length=30, choices=Indicator.choices, blank=True)
    value_key = models.CharField(max_length=30, blank=True, help_text="Which figure of the indicator.")
    key_filter = models.CharField(
        max_length=80, blank=True, help_text="Only rows with this key, e.g. security/battles."
    )
    area_level = models.CharField(max_length=10, choices=AreaLevel.choices, default=AreaLevel.COUNTRY)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.DAY)
    threshold = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    spike_factor = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    baseline_periods = models.PositiveSmallIntegerField(null=True, blank=True)
    window_days = models.PositiveIntegerField(null=True, blank=True)
    floor = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    include_unverified = models.BooleanField(default=False)
    is_public = models.BooleanField(
        default=False, help_text="Publish its alerts in the mission's public feed."
    )
    is_active = models.BooleanField(default=True)
    notify_emails = models.JSONField(default=list, blank=True, help_text="Empty: the mission's coordinators.")
    cap_category = models.CharField(max_length=12, choices=CapCategory.choices, default=CapCategory.SECURITY)
    cap_urgency = models.CharField(max_length=12, choices=CapUrgency.choices, default=CapUrgency.PAST)
    cap_severity = models.CharField(max_length=12, choices=CapSeverity.choices, default=CapSeverity.MODERATE)
    cap_certainty = models.CharField(max_length=12, choices=CapCertainty.choices, default=CapCertainty.LIKELY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AlertRuleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AlertQuerySet(RestrictedQuerySet["Alert"]):
    pass


class Alert(MissionOwned, Confidential):
    """A rule that fired: the figures, the events behind them, and its CAP identifier."""

    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    identifier = models.CharField(max_length=100, unique=True, help_text="CAP identifier.")
    dedupe_key = models.CharField(max_length=200, help_text="What this alert is about; fired once.")
    title = models.CharField(max_length=300)
    description = models.TextField()
    area = models.CharField(max_length=200, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_label = models.CharField(max_length=20, blank=True)
    figures = models.JSONField(default=dict)
    evidence_events = models.ManyToManyField("events.Event", blank=True, related_name="+")
    is_public = models.BooleanField(default=False)
    fired_at = models.DateTimeField()

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-fired_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "dedupe_key"], name="alert_fires_once")]

    def __str__(self) -> str:
        return self.title
