"""The policy table: for every route, who may do what. The authorization matrix enforces it.

Each entry is keyed by ``"METHOD /path"`` exactly as the URL resolver (pages) or the OpenAPI schema (API)
spells the path. A route found in either but missing here fails the suite, naming the route: add an entry
saying which action it needs (see docs/development/security-tests.md, "Adding a route").

``needs``   who may use it: PUBLIC (anyone), SIGNED_IN (any account, acts on its own things only),
            STAFF (Django admin), NOBODY (404 for all), or an Action a mission role grants (view, submit, analyse, verify, manage).
``target``  the kind of record the path's id names (a kind of ``world.World.records``); the matrix tries it
            at every confidentiality level. None for lists and for creates.
``lists``   for a list, the kind whose visible records must show up (proves the allow cells are real).
``body``    for writes: the name of a builder in ``payloads.py`` giving a valid request body.
``shows_target`` False for answers about a record that do not repeat its title (figures, measures).
``in_body`` the target is named in the body rather than the path (an unseen one is a 422 field error).
"""

from __future__ import annotations

from dataclasses import dataclass

from groundwatch.core.choices import Action

PUBLIC = "public"
SIGNED_IN = "signed_in"
STAFF = "staff"
NOBODY = "nobody"  # a name kept for reverse() only: answers 404 to everyone


@dataclass(frozen=True)
class Rule:
    needs: str
    target: str | None = None
    lists: str | None = None
    body: str | None = None
    in_body: bool = False
    basic_auth: bool = False  # OpenRosa clients sign in with HTTP basic credentials, not a session
    mission_query: bool = True  # API lists: also try ``?mission=<slug>`` (an outsider must get 404)
    shows_target: bool = True  # the answer names the target (its canary must show when allowed)
    ends_session: bool = False  # signing out: tried with a throwaway client so the others stay signed in
    formats: tuple[str, ...] = ()  # a ``<format>`` in the path: every cell is tried with each of these
    reveals: bool = False  # decrypts the target's protected fields: only an allowed cell may show them


VIEW, SUBMIT, ANALYSE, VERIFY, MANAGE = (
    Action.VIEW,
    Action.SUBMIT,
    Action.ANALYSE,
    Action.VERIFY,
    Action.MANAGE,
)

PAGES: dict[str, Rule] = {
    "GET /": Rule(SIGNED_IN),
    "GET /healthz": Rule(PUBLIC),
    "GET /accounts/login/": Rule(PUBLIC),
    "POST /accounts/logout/": Rule(PUBLIC, ends_session=True),
    "GET /accounts/two-factor/": Rule(SIGNED_IN),
    "GET /accounts/tokens/": Rule(SIGNED_IN),
    "POST /accounts/tokens/<int:pk>/revoke/": Rule(SIGNED_IN, target="token"),
    "GET /m/<slug:slug>/time-zone/": Rule(VIEW),
    "POST /m/<slug:slug>/time-zone/": Rule(MANAGE, body="time_zone_form"),
    "GET /m/<slug:slug>/": Rule(VIEW),
    "GET /m/<slug:slug>/events/": Rule(VIEW, lists="event"),
    "GET /m/<slug:slug>/events/<int:pk>/": Rule(VIEW, target="event"),
    "POST /m/<slug:slug>/events/<int:pk>/verify/": Rule(VERIFY, target="event", body="verify_form"),
    "GET /m/<slug:slug>/reports/<int:pk>/": Rule(VIEW, target="report"),
    "GET /m/<slug:slug>/convoys/": Rule(VIEW, lists="consignment"),
    "GET /m/<slug:slug>/convoys/<int:pk>/": Rule(VIEW, target="consignment"),
    "GET /m/<slug:slug>/access/": Rule(VIEW, lists="constraint"),
    "GET /m/<slug:slug>/access/<int:pk>/": Rule(VIEW, target="constraint"),
    "GET /m/<slug:slug>/needs/": Rule(VIEW, lists="need"),
    "GET /m/<slug:slug>/sites/": Rule(VIEW, lists="site"),
    "GET /m/<slug:slug>/sites/<int:pk>/": Rule(VIEW, target="site"),
    "GET /m/<slug:slug>/movements/": Rule(VIEW, lists="movement"),
    "GET /m/<slug:slug>/ceasefire/": Rule(VIEW, lists="agreement"),
    "GET /m/<slug:slug>/ceasefire/<int:pk>/": Rule(VIEW, target="agreement"),
    "GET /m/<slug:slug>/indicators/": Rule(VIEW),
    "GET /m/<slug:slug>/alerts/": Rule(VIEW, lists="alert"),
    "GET /m/<slug:slug>/alerts/feed.atom": Rule(VIEW, lists="alert"),
    "GET /m/<slug:slug>/alerts/<int:pk>/": Rule(VIEW, target="alert"),
    "GET /m/<slug:slug>/alerts/<int:pk>/cap.xml": Rule(VIEW, target="alert"),
    # Public feeds: anyone, but only alerts the mission published (public level) may show.
    "GET /public/<slug:slug>/alerts.atom": Rule(PUBLIC, lists="alert"),
    "GET /public/<slug:slug>/alerts/<str:identifier>.xml": Rule(PUBLIC, target="alert"),
    "GET /m/<slug:mission_slug>/openrosa/formList": Rule(SUBMIT, basic_auth=True),
    "POST /m/<slug:mission_slug>/openrosa/submission": Rule(SUBMIT, basic_auth=True, body="openrosa"),
    "GET /m/<slug:mission_slug>/openrosa/forms/<str:form_id>.xml": Rule(
        SUBMIT, target="form", basic_auth=True
    ),
    "GET /m/<slug:mission_slug>/openrosa/forms/<str:form_id>/manifest": Rule(
        SUBMIT, target="form", basic_auth=True
    ),
    "GET /m/<slug:mission_slug>/openrosa/forms/<str:form_id>/media/<str:filename>": Rule(
        SUBMIT, target="form", basic_auth=True
    ),
    "GET /readyz": Rule(PUBLIC),
    "GET /m/<slug:slug>/dashboard/": Rule(VIEW),
    "GET /m/<slug:slug>/map/": Rule(VIEW),
    "GET /m/<slug:slug>/map/data.json": Rule(VIEW),
    "GET /m/<slug:slug>/timeline/": Rule(VIEW, lists="event"),
    # The review queue: members see it; deciding, pasting text and bulk accepting need analyse.
    "GET /m/<slug:slug>/review/": Rule(VIEW, lists="proposal"),
    "POST /m/<slug:slug>/review/": Rule(ANALYSE, body="bulk_accept_form"),
    "GET /m/<slug:slug>/review/<int:pk>/": Rule(VIEW, target="proposal"),
    "POST /m/<slug:slug>/review/<int:pk>/": Rule(ANALYSE, target="proposal", body="decide_form"),
    # Exports: any member, of the events they may see (XLSX is binary: its canaries are not readable).
    # ACLED is left out: it codes none of the seeded event types, so its list would be empty.
    "GET /m/<slug:slug>/exports/": Rule(VIEW),
    "GET /m/<slug:slug>/exports/<str:format>/": Rule(VIEW, lists="event", formats=("hxl", "geojson", "xlsx")),
    "POST /m/<slug:slug>/exports/jobs/": Rule(VIEW, body="export_job_form"),
    # A background export is its requester's alone (the matrix knows the owner): everyone else gets 404.
    "GET /m/<slug:slug>/exports/jobs/<int:pk>/": Rule(SIGNED_IN, target="export_job"),
    "GET /m/<slug:slug>/exports/jobs/<int:pk>/progress.json": Rule(SIGNED_IN, target="export_job"),
    "GET /m/<slug:slug>/exports/jobs/<int:pk>/download/": Rule(SIGNED_IN, target="export_job"),
    "GET /m/<slug:slug>/sitreps/": Rule(VIEW, lists="sitrep"),
    "POST /m/<slug:slug>/sitreps/": Rule(ANALYSE, body="new_sitrep"),
    "GET /m/<slug:slug>/sitreps/<int:pk>/": Rule(VIEW, target="sitrep"),
    "POST /m/<slug:slug>/sitreps/<int:pk>/": Rule(ANALYSE, target="sitrep", body="narrative"),
    "GET /m/<slug:slug>/sitreps/<int:pk>/preview/": Rule(VIEW, target="sitrep"),
    "GET /m/<slug:slug>/sitreps/<int:pk>/sitrep.pdf": Rule(VIEW, target="sitrep", shows_target=False),
    "POST /m/<slug:slug>/sitreps/<int:pk>/publish/": Rule(ANALYSE, target="sitrep"),
    "GET /m/<slug:slug>/sitreps/<int:pk>/issues/<int:number>/": Rule(VIEW, target="sitrep_issue"),
    "GET /m/<slug:slug>/sitreps/<int:pk>/issues/<int:number>.pdf": Rule(
        VIEW, target="sitrep_issue", shows_target=False
    ),
    "GET /imports/<int:run_id>/errors.csv": Rule(VIEW, target="import_run"),
    # Monitor web form (the published XForms, filled in on a laptop) and file imports with progress.
    # An empty POST is a page of field errors (200) for those allowed; the role check comes first.
    "GET /m/<slug:slug>/forms/": Rule(SUBMIT),
    "GET /m/<slug:slug>/forms/<str:form_id>/": Rule(SUBMIT, target="form"),
    "POST /m/<slug:slug>/forms/<str:form_id>/": Rule(SUBMIT, target="form"),
    "GET /m/<slug:slug>/imports/": Rule(VIEW),
    "POST /m/<slug:slug>/imports/": Rule(ANALYSE),
    "GET /m/<slug:slug>/imports/<int:pk>/": Rule(VIEW, target="import_run"),
    "GET /m/<slug:slug>/imports/<int:pk>/progress.json": Rule(VIEW, target="import_run"),
    # Protected persons: coded fields for members with clearance; the reveal decrypts, for analysts and above.
    "GET /m/<slug:slug>/people/": Rule(VIEW, lists="person"),
    "GET /m/<slug:slug>/people/new/": Rule(SUBMIT),
    "POST /m/<slug:slug>/people/new/": Rule(SUBMIT, body="person_form"),
    "GET /m/<slug:slug>/people/<int:pk>/": Rule(VIEW, target="person"),
    "POST /m/<slug:slug>/people/<int:pk>/reveal/": Rule(
        ANALYSE, target="person", body="reveal_form", reveals=True
    ),
    "POST /m/<slug:slug>/people/<int:pk>/consent/": Rule(
        ANALYSE, target="person", body="consent_form", shows_target=False
    ),
    "POST /m/<slug:slug>/people/<int:pk>/events/": Rule(
        ANALYSE, target="person", body="person_event_form", shows_target=False
    ),
    "GET /api/v1/": Rule(NOBODY),
    "GET /api/v1/docs": Rule(PUBLIC),
    "GET /api/v1/openapi.json": Rule(PUBLIC),
    "GET /admin/": Rule(STAFF),
}

API: dict[str, Rule] = {
    "GET /api/v1/missions": Rule(SIGNED_IN, mission_query=False),  # the caller's own missions
    "GET /api/v1/missions/{slug}": Rule(VIEW, target="mission"),
    "PATCH /api/v1/missions/{slug}": Rule(MANAGE, target="mission", body="api_time_zone", shows_target=False),
    "GET /api/v1/places": Rule(SIGNED_IN),
    "GET /api/v1/places/{place_id}": Rule(SIGNED_IN, target="place"),
    "GET /api/v1/sources": Rule(VIEW, lists="source"),
    "POST /api/v1/sources": Rule(ANALYSE, body="source"),
    "GET /api/v1/sources/{source_id}": Rule(VIEW, target="source"),
    "POST /api/v1/sources/{source_id}/grade": Rule(ANALYSE, target="source", body="grade"),
    "GET /api/v1/reports": Rule(VIEW, lists="report"),
    "POST /api/v1/reports": Rule(SUBMIT, body="report"),
    "GET /api/v1/reports/{report_id}": Rule(VIEW, target="report"),
    "POST /api/v1/reports/files": Rule(SUBMIT, body="report_files"),
    "GET /api/v1/attachments/{attachment_id}/download": Rule(VIEW, target="attachment"),
    "GET /api/v1/claims": Rule(VIEW, lists="claim"),
    "POST /api/v1/claims": Rule(ANALYSE, target="report", body="claim", in_body=True),
    "GET /api/v1/claims/{claim_id}": Rule(VIEW, target="claim"),
    "GET /api/v1/events": Rule(VIEW, lists="event"),
    "POST /api/v1/events": Rule(ANALYSE, body="event"),
    "GET /api/v1/events/{event_id}": Rule(VIEW, target="event"),
    "PATCH /api/v1/events/{event_id}": Rule(ANALYSE, target="event", body="event_edit"),
    "POST /api/v1/events/{event_id}/verification": Rule(VERIFY, target="event", body="verification"),
    "POST /api/v1/events/{event_id}/evidence": Rule(ANALYSE, target="event", body="evidence"),
    "POST /api/v1/events/{event_id}/merge": Rule(ANALYSE, target="event", body="merge", in_body=True),
    "GET /api/v1/events/{event_id}/measures": Rule(VIEW, target="event", shows_target=False),
    "POST /api/v1/events/{event_id}/measures": Rule(ANALYSE, target="event", body="measure"),
    "GET /api/v1/actors": Rule(VIEW, lists="actor"),
    "POST /api/v1/actors": Rule(ANALYSE, body="actor"),
    "GET /api/v1/actors/{actor_id}": Rule(VIEW, target="actor"),
    "GET /api/v1/consignments": Rule(VIEW, lists="consignment"),
    "POST /api/v1/consignments": Rule(ANALYSE, body="consignment"),
    "GET /api/v1/consignments/{consignment_id}": Rule(VIEW, target="consignment"),
    "POST /api/v1/consignments/{consignment_id}/status": Rule(ANALYSE, target="consignment", body="status"),
    "GET /api/v1/access-constraints": Rule(VIEW, lists="constraint"),
    "POST /api/v1/access-constraints": Rule(ANALYSE, body="constraint"),
    "GET /api/v1/access-constraints/{constraint_id}": Rule(VIEW, target="constraint"),
    "GET /api/v1/needs": Rule(VIEW, lists="need"),
    "POST /api/v1/needs": Rule(ANALYSE, body="need"),
    "GET /api/v1/movements": Rule(VIEW, lists="movement"),
    "POST /api/v1/movements": Rule(ANALYSE, body="movement"),
    "GET /api/v1/sites": Rule(VIEW, lists="site"),
    "POST /api/v1/sites": Rule(ANALYSE, body="site"),
    "GET /api/v1/sites/by-area": Rule(VIEW),
    "GET /api/v1/sites/{site_id}": Rule(VIEW, target="site"),
    "POST /api/v1/sites/{site_id}/occupancy": Rule(ANALYSE, target="site", body="occupancy"),
    "GET /api/v1/agreements": Rule(VIEW, lists="agreement"),
    "POST /api/v1/agreements": Rule(ANALYSE, body="agreement"),
    "GET /api/v1/agreements/{agreement_id}": Rule(VIEW, target="agreement"),
    "POST /api/v1/agreements/{agreement_id}/commitments": Rule(
        ANALYSE, target="agreement", body="commitment"
    ),
    "POST /api/v1/agreements/{agreement_id}/events": Rule(
        ANALYSE, target="agreement", body="agreement_event"
    ),
    "GET /api/v1/agreements/{agreement_id}/compliance": Rule(VIEW, target="agreement", shows_target=False),
    "GET /api/v1/indicators/{indicator}": Rule(VIEW, target="indicator"),
    "GET /api/v1/alert-rules": Rule(VIEW),
    "POST /api/v1/alert-rules": Rule(MANAGE, body="alert_rule"),
    "POST /api/v1/alert-rules/evaluate": Rule(ANALYSE, body="evaluate"),
    "GET /api/v1/alerts": Rule(VIEW, lists="alert"),
    "GET /api/v1/alerts/{alert_id}": Rule(VIEW, target="alert"),
    "GET /api/v1/alerts/{alert_id}/cap": Rule(VIEW, target="alert"),
    "GET /api/v1/intake/forms": Rule(VIEW),
    "POST /api/v1/intake/forms": Rule(VERIFY, body="xlsform"),
    "POST /api/v1/intake/forms/shipped": Rule(VERIFY, body="shipped"),
    "POST /api/v1/intake/forms/{form_pk}/close": Rule(VERIFY, target="form"),
    "POST /api/v1/exports": Rule(VIEW, body="api_export"),
    "GET /api/v1/exports": Rule(VIEW),
    "GET /api/v1/exports/{job_id}": Rule(SIGNED_IN, target="export_job"),
    "GET /api/v1/exports/{job_id}/download": Rule(SIGNED_IN, target="export_job"),
    "GET /api/v1/sitreps": Rule(VIEW, lists="sitrep"),
    "POST /api/v1/sitreps": Rule(ANALYSE, body="api_sitrep"),
    "GET /api/v1/sitreps/{sitrep_id}": Rule(VIEW, target="sitrep"),
    "PATCH /api/v1/sitreps/{sitrep_id}": Rule(ANALYSE, target="sitrep", body="api_narrative"),
    "GET /api/v1/sitreps/{sitrep_id}/html": Rule(VIEW, target="sitrep"),
    "GET /api/v1/sitreps/{sitrep_id}/pdf": Rule(VIEW, target="sitrep", shows_target=False),
    "GET /api/v1/sitreps/{sitrep_id}/issues": Rule(VIEW, target="sitrep", shows_target=False),
    "POST /api/v1/sitreps/{sitrep_id}/publish": Rule(ANALYSE, target="sitrep", shows_target=False),
    "GET /api/v1/intake/imports": Rule(VIEW),
    "GET /api/v1/review/proposals": Rule(VIEW, lists="proposal"),
    "POST /api/v1/review/articles": Rule(ANALYSE, body="article"),
    "POST /api/v1/review/bulk-accept": Rule(ANALYSE, body="bulk_accept"),
    "POST /api/v1/review/proposals/{pk}/review": Rule(ANALYSE, target="proposal"),
    "POST /api/v1/review/proposals/{pk}/accept": Rule(ANALYSE, target="proposal", body="accept"),
    "POST /api/v1/review/proposals/{pk}/merge": Rule(ANALYSE, target="proposal", body="merge_proposal"),
    "POST /api/v1/review/proposals/{pk}/reject": Rule(ANALYSE, target="proposal", body="reject"),
    "GET /api/v1/intake/imports/{run_id}": Rule(VIEW, target="import_run"),
    "GET /api/v1/intake/imports/{run_id}/errors": Rule(VIEW, target="import_run"),
    "GET /api/v1/intake/imports/{run_id}/progress": Rule(VIEW, target="import_run"),
    "GET /api/v1/protected-persons": Rule(VIEW, lists="person"),
    "POST /api/v1/protected-persons": Rule(SUBMIT, body="person"),
    "GET /api/v1/protected-persons/{person_id}": Rule(VIEW, target="person"),
    "POST /api/v1/protected-persons/{person_id}/reveal": Rule(
        ANALYSE, target="person", body="reveal", reveals=True
    ),
    "POST /api/v1/protected-persons/{person_id}/consent": Rule(ANALYSE, target="person", body="consent"),
    "POST /api/v1/protected-persons/{person_id}/events": Rule(ANALYSE, target="person", body="person_event"),
    "POST /api/v1/protected-persons/{person_id}/events/unlink": Rule(
        ANALYSE, target="person", body="person_event"
    ),
}
