"""Reads: a site's occupancy over time, and arrivals against capacity per area. Callers pass restricted sets."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from groundwatch.displacement.choices import PLACE_AREA_FIELDS, AreaLevel
from groundwatch.displacement.models import Site, SiteOccupancy


@dataclass(frozen=True)
class OccupancyPoint:
    observed_on: dt.date
    occupants: int
    arrivals: int | None
    cumulative_arrivals: int
    capacity: int
    count_id: int

    @property
    def occupancy_rate(self) -> float | None:
        """Occupants per place of capacity (1.0 = full; above 1 = overcrowded)."""
        return round(self.occupants / self.capacity, 3) if self.capacity else None


def site_series(counts: Iterable[SiteOccupancy]) -> list[OccupancyPoint]:
    """One site's counts in date order, with arrivals added up as they come."""
    total = 0
    points = []
    for count in sorted(counts, key=lambda row: row.observed_on):
        total += count.arrivals or 0
        points.append(
            OccupancyPoint(
                count.observed_on, count.occupants, count.arrivals, total, count.capacity, count.pk
            )
        )
    return points


@dataclass
class AreaOccupancy:
    area: str
    sites: int = 0
    capacity: int = 0
    occupants: int = 0
    arrivals: int = 0
    site_names: list[str] = field(default_factory=list)

    @property
    def occupancy_rate(self) -> float | None:
        return round(self.occupants / self.capacity, 3) if self.capacity else None


def area_occupancy(
    sites: QuerySet[Site], level: str = AreaLevel.ADMIN1, as_of: dt.date | None = None
) -> list[AreaOccupancy]:
    """Per area: sites, capacity and occupants at each site's latest count up to ``as_of``, arrivals to date.

    Two queries whatever the number of sites. A site without a count adds its capacity and no occupants.
    """
    area_field = PLACE_AREA_FIELDS[AreaLevel(level)]
    site_rows = list(sites.select_related("place"))
    counts = SiteOccupancy.objects.filter(site__in=[site.pk for site in site_rows]).order_by("observed_on")
    if as_of is not None:
        counts = counts.filter(observed_on__lte=as_of)
    latest: dict[int, SiteOccupancy] = {}
    arrivals: dict[int, int] = defaultdict(int)
    for count in counts:
        latest[count.site_id] = count
        arrivals[count.site_id] += count.arrivals or 0
    areas: dict[str, AreaOccupancy] = {}
    for site in site_rows:
        name = getattr(site.place, area_field, "") if site.place else ""
        area = areas.setdefault(name or "(no place)", AreaOccupancy(name or "(no place)"))
        last = latest.get(site.pk)
        area.sites += 1
        area.capacity += last.capacity if last else site.capacity
        area.occupants += last.occupants if last else 0
        area.arrivals += arrivals[site.pk]
        area.site_names.append(site.name)
    return sorted(areas.values(), key=lambda row: row.area)
