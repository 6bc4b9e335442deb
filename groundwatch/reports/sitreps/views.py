"""Sitrep pages: list and create, the draft with its narrative form, preview, PDF and published issues."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from groundwatch.accounts.lookups import access_mission, find_or_404, may, mission_context
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import EditConflict, PermissionDenied, ValidationFailed
from groundwatch.reports.models import PublishedSitrep, Sitrep, SitrepKind
from groundwatch.reports.sitreps.pdf import PdfUnavailable, pdf_bytes
from groundwatch.reports.sitreps.services import (
    create_sitrep,
    edit_narrative,
    publish_sitrep,
    render_document,
)


class NewSitrepForm(forms.Form):
    kind = forms.ChoiceField(choices=SitrepKind.choices, label="Kind")
    last_day = forms.DateField(label="Last day of the period", widget=forms.DateInput(attrs={"type": "date"}))
    confidentiality = forms.TypedChoiceField(
        choices=Confidentiality.choices[:3], coerce=int, initial=Confidentiality.INTERNAL, label="For"
    )


class NarrativeForm(forms.Form):
    highlights = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    overview = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    protection = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    humanitarian = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    security = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _sitrep(request: HttpRequest, slug: str, pk: int, action: str = Action.VIEW) -> Sitrep:
    mission = access_mission(request, slug)
    return find_or_404(Sitrep.objects.filter(mission=mission), request.user, action, pk=pk)


@login_required
def sitrep_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    form = NewSitrepForm(request.POST or None, initial={"last_day": dt.date.today()})
    if request.method == "POST":
        if not may(request, mission, Action.ANALYSE):
            raise HttpForbidden("Your role in this mission does not allow you to write sitreps.")
        if form.is_valid():
            try:
                sitrep = create_sitrep(mission=mission, actor=request.user, **form.cleaned_data)
            except ValidationFailed as invalid:
                messages.error(request, invalid.message)
            else:
                messages.success(request, "Draft created: edit the narrative, then publish.")
                return redirect("reports:sitrep_detail", slug=mission.slug, pk=sitrep.pk)
    context = {
        **mission_context(request, mission),
        "sitreps": Sitrep.objects.restrict(request.user).filter(mission=mission),
        "form": form if may(request, mission, Action.ANALYSE) else None,
    }
    return render(request, "reports/sitrep_list.html", context)


@login_required
def sitrep_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sitrep = _sitrep(request, slug, pk)
    can_edit = may(request, sitrep.mission, Action.ANALYSE)
    form = NarrativeForm(initial={name: getattr(sitrep, name) for name in NarrativeForm.base_fields})
    if request.method == "POST":
        if not can_edit:
            raise HttpForbidden("Your role in this mission does not allow you to edit sitreps.")
        form = NarrativeForm(request.POST)
        if form.is_valid():
            text = {name: value for name, value in form.cleaned_data.items() if name != "version"}
            try:
                edit_narrative(
                    sitrep=sitrep, actor=request.user, expected_version=form.cleaned_data["version"], **text
                )
            except EditConflict as conflict:
                messages.error(request, conflict.message)
            else:
                messages.success(request, "Narrative saved.")
            return redirect("reports:sitrep_detail", slug=slug, pk=pk)
    context = {
        **mission_context(request, sitrep.mission),
        "sitrep": sitrep,
        "form": form if can_edit else None,
        "issues": PublishedSitrep.objects.restrict(request.user).filter(sitrep=sitrep),
    }
    return render(request, "reports/sitrep_detail.html", context)


@login_required
def sitrep_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    html, _figures = render_document(_sitrep(request, slug, pk))
    return HttpResponse(html)


@login_required
def sitrep_pdf(request: HttpRequest, slug: str, pk: int, number: int | None = None) -> HttpResponse:
    sitrep = _sitrep(request, slug, pk)
    if number is None:
        html, name = render_document(sitrep)[0], f"{sitrep.mission.slug}-sitrep-{sitrep.pk}-draft.pdf"
    else:
        issue = find_or_404(PublishedSitrep.objects.filter(sitrep=sitrep), request.user, number=number)
        html, name = issue.html, f"{sitrep.mission.slug}-sitrep-{sitrep.pk}-issue-{number}.pdf"
    try:
        document = pdf_bytes(html)
    except PdfUnavailable as unavailable:
        # The HTML version works without it; say what the operator has to install.
        return HttpResponse(str(unavailable), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def sitrep_issue(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    sitrep = _sitrep(request, slug, pk)
    issue = find_or_404(PublishedSitrep.objects.filter(sitrep=sitrep), request.user, number=number)
    return HttpResponse(issue.html)


@login_required
@require_POST
def sitrep_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sitrep = _sitrep(request, slug, pk, Action.ANALYSE)
    try:
        issue = publish_sitrep(sitrep=sitrep, actor=request.user)
    except PermissionDenied as denied:
        raise HttpForbidden(denied.message) from None
    messages.success(request, f"Published as issue {issue.number}; that version is now frozen.")
    return redirect("reports:sitrep_detail", slug=slug, pk=pk)
