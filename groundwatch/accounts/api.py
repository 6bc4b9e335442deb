"""API: the missions the caller belongs to."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from groundwatch.accounts.models import Membership, Mission
from groundwatch.accounts.services import set_time_zone
from groundwatch.api.schemas import with_errors
from groundwatch.core.access import get_restricted

router = Router(tags=["missions"])


class MissionSchema(Schema):
    slug: str
    name: str
    description: str
    area_countries: list[str]
    period_start_on: dt.date | None
    period_end_on: dt.date | None
    time_zone: str = Field(description="IANA name; pages show times in it. The API itself answers in UTC.")
    role: str


class MissionPatch(Schema):
    time_zone: str = Field(description="IANA time zone name, e.g. Asia/Baku (mission administrators).")


def _roles(request: HttpRequest) -> dict[int, str]:
    """The caller's role in each mission, in one query."""
    memberships = Membership.objects.filter(user_id=getattr(request.user, "pk", 0), is_active=True)
    return dict(memberships.values_list("mission_id", "role"))


def _schema(mission: Mission, roles: dict[int, str]) -> MissionSchema:
    return MissionSchema(
        slug=mission.slug,
        name=mission.name,
        description=mission.description,
        area_countries=mission.area_countries,
        period_start_on=mission.period_start_on,
        period_end_on=mission.period_end_on,
        time_zone=mission.time_zone,
        role=roles.get(mission.pk, ""),
    )


@router.get("", response=list[MissionSchema], summary="Missions you are a member of")
def list_missions(request: HttpRequest) -> list[MissionSchema]:
    roles = _roles(request)
    return [_schema(mission, roles) for mission in Mission.objects.restrict(request.user)]


@router.get("/{slug}", response=with_errors(200, MissionSchema), summary="One mission")
def get_mission(request: HttpRequest, slug: str) -> MissionSchema:
    return _schema(get_restricted(Mission.objects.all(), request.user, slug=slug), _roles(request))


@router.patch(
    "/{slug}",
    response=with_errors(200, MissionSchema),
    summary="Change the mission's settings: its time zone (mission administrators)",
)
def patch_mission(request: HttpRequest, slug: str, payload: MissionPatch) -> MissionSchema:
    mission = get_restricted(Mission.objects.all(), request.user, slug=slug)
    set_time_zone(mission=mission, actor=request.user, time_zone=payload.time_zone)
    return _schema(mission, _roles(request))
