"""Compliance: what each party handed over against what it declared, with the evidence for each figure.

    compliance(commitment) = handed over / declared

where "handed over" adds up the ``value`` of every Measure of the commitment's item (and unit) on the
weapons_handover Events linked to the agreement as handovers by the commitment's party, dated up to
``as_of``. A figure qualified "more than 800" counts as 800 (the floor the source supports). Only
events with a counted verification status are added: verified only by default, or every status but
discounted when unverified events are included. A party's compliance is the mean of its commitments'
compliance, each capped at 1 (handing over extra rifles does not make up for missing vehicles).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from groundwatch.ceasefire.choices import LinkRole, counted_statuses
from groundwatch.ceasefire.models import Agreement, AgreementEvent, Commitment
from groundwatch.core.choices import Confidentiality
from groundwatch.events.choices import Stance
from groundwatch.events.models import Actor, Claim, Event, Evidence, Measure


@dataclass(frozen=True)
class HandoverFigure:
    """One number counted towards a commitment, with where it comes from."""

    event: Event
    measure: Measure
    claims: list[Claim]


@dataclass(frozen=True)
class CompliancePoint:
    on: dt.date
    handed_over: Decimal
    ratio: float


@dataclass
class CommitmentCompliance:
    commitment: Commitment
    figures: list[HandoverFigure] = field(default_factory=list)

    @property
    def handed_over(self) -> Decimal:
        return sum((figure.measure.value for figure in self.figures), Decimal(0))

    @property
    def ratio(self) -> float:
        return round(float(self.handed_over / self.commitment.declared_quantity), 4)

    @property
    def series(self) -> list[CompliancePoint]:
        """Cumulative handed over and compliance after each handover day."""
        by_day: dict[dt.date, Decimal] = defaultdict(Decimal)
        for figure in self.figures:
            by_day[figure.event.date_start] += figure.measure.value
        points, total = [], Decimal(0)
        for day in sorted(by_day):
            total += by_day[day]
            points.append(
                CompliancePoint(day, total, round(float(total / self.commitment.declared_quantity), 4))
            )
        return points

    def is_overdue(self, as_of: dt.date) -> bool:
        deadline = self.commitment.deadline_on
        return deadline is not None and deadline < as_of and self.ratio < 1


@dataclass
class PartyCompliance:
    party: Actor
    commitments: list[CommitmentCompliance]

    @property
    def ratio(self) -> float:
        ratios = [min(entry.ratio, 1.0) for entry in self.commitments]
        return round(sum(ratios) / len(ratios), 4) if ratios else 0.0


@dataclass
class AgreementCompliance:
    agreement: Agreement
    verified_only: bool
    as_of: dt.date | None
    commitments: list[CommitmentCompliance]

    @property
    def parties(self) -> list[PartyCompliance]:
        grouped: dict[int, list[CommitmentCompliance]] = defaultdict(list)
        actors: dict[int, Actor] = {}
        for entry in self.commitments:
            grouped[entry.commitment.party_id].append(entry)
            actors[entry.commitment.party_id] = entry.commitment.party
        return [
            PartyCompliance(actors[pk], grouped[pk]) for pk in sorted(grouped, key=lambda pk: actors[pk].name)
        ]


def agreement_compliance(
    agreement: Agreement,
    user: Any,
    *,
    include_unverified: bool = False,
    as_of: dt.date | None = None,
    ceiling: int = Confidentiality.INTERNAL,
) -> AgreementCompliance:
    """Compliance of every commitment under ``agreement``, from the handover events ``user`` may see.

    ``user`` None is system work (alert rules): records up to ``ceiling`` (internal, which every member may
    see; public for a rule that publishes its alerts).

    A fixed number of queries whatever the number of commitments, events and claims.
    """
    commitments = list(Commitment.objects.filter(agreement=agreement).select_related("party"))
    links = _visible(AgreementEvent.objects.all(), user, ceiling).filter(
        agreement=agreement,
        role=LinkRole.HANDOVER,
        event__verification_status__in=counted_statuses(include_unverified),
        event__merged_into__isnull=True,
    )
    if as_of is not None:
        links = links.filter(event__date_start__lte=as_of)
    party_of_event = dict(links.values_list("event_id", "party_id"))
    measures = (
        Measure.objects.filter(event_id__in=list(party_of_event), item__in={c.item for c in commitments})
        .select_related("event", "claim")
        .order_by("event__date_start", "id")
    )
    claims = _supporting_claims(user, list(party_of_event), ceiling)
    entries = {(c.party_id, c.item, c.unit): CommitmentCompliance(c) for c in commitments}
    for measure in measures:
        entry = entries.get((party_of_event[measure.event_id], measure.item, measure.unit))
        if entry is not None:
            entry.figures.append(HandoverFigure(measure.event, measure, claims.get(measure.event_id, [])))
    return AgreementCompliance(agreement, not include_unverified, as_of, list(entries.values()))


def _visible(queryset: Any, user: Any, ceiling: int = Confidentiality.INTERNAL) -> Any:
    """What ``user`` may see; for system work (``user`` None: alert rules) records up to ``ceiling``."""
    if user is not None:
        return queryset.restrict(user)
    paths = getattr(queryset.model, "restrict_confidentiality_paths", ())
    return queryset.filter(**{f"{path}__lte": ceiling for path in paths})


def _supporting_claims(
    user: Any, event_ids: list[int], ceiling: int = Confidentiality.INTERNAL
) -> dict[int, list[Claim]]:
    links = (
        _visible(Evidence.objects.all(), user, ceiling)
        .filter(event_id__in=event_ids, stance=Stance.SUPPORTS)
        .select_related("claim__report")
    )
    found: dict[int, list[Claim]] = defaultdict(list)
    for link in links:
        found[link.event_id].append(link.claim)
    return found
