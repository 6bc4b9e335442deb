"""Every write to alert rules and alerts: defining rules, and firing alerts (with e-mail on commit)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from groundwatch.accounts.models import Membership, Mission
from groundwatch.assessment.choices import (
    INDICATOR_VALUES,
    SERIES_KINDS,
    AreaLevel,
    Indicator,
    Period,
    RuleKind,
)
from groundwatch.assessment.models import Alert, AlertRule
from groundwatch.assessment.rules import Firing, evaluate
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality, Role
from groundwatch.core.errors import ValidationFailed

RULE_FIELDS = frozenset(
    {
        "indicator",
        "value_key",
        "key_filter",
        "area_level",
        "period",
        "threshold",
        "spike_factor",
        "baseline_periods",
        "window_days",
        "floor",
        "include_unverified",
        "is_public",
        "notify_emails",
        "cap_category",
        "cap_urgency",
        "cap_severity",
        "cap_certainty",
    }
)


def create_alert_rule(*, mission: Mission, actor: Any, name: str, kind: str, **fields: Any) -> AlertRule:
    """Define a rule. Rules are mission settings: it takes the manage right."""
    require_action(actor, mission, Action.MANAGE)
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise ValidationFailed(
            f"Unknown rule fields: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0]
        )
    rule = AlertRule(mission=mission, name=name, kind=kind, created_by=actor, **fields)
    _check_rule(rule)
    with transaction.atomic():
        rule.save()
        record_audit(
            action="alert_rule.create", actor=actor, mission=mission, target=rule, after=snapshot(rule)
        )
    return rule


def _check_rule(rule: AlertRule) -> None:
    if not rule.name.strip():
        raise ValidationFailed("A rule needs a name.", field="name")
    if rule.kind not in RuleKind.values:
        raise ValidationFailed(f"Unknown rule kind {rule.kind!r}.", field="kind")
    if rule.area_level not in AreaLevel.values or rule.period not in Period.values:
        raise ValidationFailed("Unknown area level or period.", field="period")
    for address in rule.notify_emails:
        try:
            validate_email(address)
        except DjangoValidationError:
            raise ValidationFailed(f"{address!r} is not an e-mail address.", field="notify_emails") from None
    if rule.kind in SERIES_KINDS:
        _check_series_rule(rule)


def _check_series_rule(rule: AlertRule) -> None:
    if rule.indicator not in Indicator.values:
        raise ValidationFailed("Name the indicator the rule watches.", field="indicator")
    allowed = INDICATOR_VALUES[rule.indicator]
    rule.value_key = rule.value_key or allowed[0]
    if rule.value_key not in allowed:
        raise ValidationFailed(f"{rule.indicator} gives {', '.join(allowed)}.", field="value_key")
    needs = {
        RuleKind.THRESHOLD: ("threshold",),
        RuleKind.SPIKE: ("spike_factor", "baseline_periods"),
        RuleKind.FIRST_IN_DAYS: ("window_days",),
    }[RuleKind(rule.kind)]
    for name in needs:
        if getattr(rule, name) in (None, ""):
            raise ValidationFailed(f"A {rule.kind} rule needs {name}.", field=name)
    for name in ("threshold", "spike_factor", "floor"):
        value = getattr(rule, name)
        if value is not None and Decimal(str(value)) < 0:
            raise ValidationFailed(f"{name} cannot be negative.", field=name)


def evaluate_rules(*, mission: Mission, actor: Any, as_of: dt.date | None = None) -> list[Alert]:
    """Run every active rule of the mission; fire each new finding once. Returns the new alerts."""
    require_action(actor, mission, Action.ANALYSE)
    as_of = as_of or timezone.localdate()
    fired = []
    for rule in AlertRule.objects.filter(mission=mission, is_active=True).select_related("mission"):
        for firing in evaluate(rule, as_of):
            alert = _fire(rule, firing, actor)
            if alert is not None:
                fired.append(alert)
    return fired


def _fire(rule: AlertRule, firing: Firing, actor: Any) -> Alert | None:
    with transaction.atomic():
        if Alert.objects.filter(rule=rule, dedupe_key=firing.dedupe_key).exists():
            return None
        alert = Alert.objects.create(
            mission_id=rule.mission_id,
            rule=rule,
            identifier=f"groundwatch-{rule.mission.slug}-{uuid.uuid4().hex}",
            dedupe_key=firing.dedupe_key,
            title=firing.title[:300],
            description=firing.description,
            area=firing.area[:200],
            period_start=firing.period_start,
            period_label=firing.period_label,
            figures=firing.figures,
            is_public=rule.is_public,
            confidentiality=Confidentiality.PUBLIC if rule.is_public else Confidentiality.INTERNAL,
            fired_at=timezone.now(),
        )
        alert.evidence_events.set(sorted(firing.event_ids))
        after = {**snapshot(alert), "evidence_events": sorted(firing.event_ids)}
        record_audit(action="alert.fire", actor=actor, mission=rule.mission_id, target=alert, after=after)
        transaction.on_commit(lambda: notify_by_email(alert))
    return alert


def alert_recipients(rule: AlertRule) -> list[str]:
    """The rule's addresses, or the e-mail of every active coordinator and administrator of the mission."""
    if rule.notify_emails:
        return list(rule.notify_emails)
    members = Membership.objects.filter(
        mission_id=rule.mission_id, is_active=True, role__in=[Role.COORDINATOR, Role.ADMIN]
    ).exclude(user__email="")
    return sorted(set(members.values_list("user__email", flat=True)))


def notify_by_email(alert: Alert) -> int:
    recipients = alert_recipients(alert.rule)
    if not recipients:
        return 0
    lines = [alert.description, "", *(f"{key}: {value}" for key, value in sorted(alert.figures.items()))]
    lines += [
        "",
        f"Alert {alert.identifier} in mission {alert.mission.name}, at /m/{alert.mission.slug}/alerts/{alert.pk}/",
    ]
    return send_mail(f"[groundwatch] {alert.title}", "\n".join(lines), None, recipients)
