"""Account pages: the second sign-in factor, personal API tokens, and a mission's time zone."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from groundwatch.accounts.models import ApiToken, User
from groundwatch.accounts.services import confirm_two_factor, issue_api_token, revoke_api_token
from groundwatch.accounts.two_factor import confirmed_device, pending_device, setup_details


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="What the token is for", max_length=100)


def _signed_in(request: HttpRequest) -> User:
    """The signed-in person (the views below all require sign-in)."""
    if not isinstance(request.user, User):
        raise PermissionError("sign-in required")
    return request.user


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:home")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code; people without a confirmed device first set one up here."""
    confirmed = confirmed_device(request.user)
    setting_up = confirmed is None
    device = confirmed or pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            if setting_up:
                confirm_two_factor(device=device, actor=request.user)
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", "That code is not right, or it has expired. Try the current one.")
    context = {"form": form, "setting_up": setting_up, "next": _next_url(request)}
    if setting_up:
        context |= setup_details(device)
    return render(request, "accounts/two_factor.html", context)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = ""
    if request.method == "POST" and form.is_valid():
        new_secret = issue_api_token(
            user=_signed_in(request), actor=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    listed = ApiToken.objects.filter(user_id=request.user.pk or 0).order_by("-created_at")
    return render(request, "accounts/tokens.html", {"form": form, "tokens": listed, "new_secret": new_secret})


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token=token, actor=request.user)
    messages.success(request, f"Token “{token.name}” revoked. Scripts using it will now be refused.")
    return HttpResponseRedirect(reverse("accounts:tokens"))


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label="Time zone (IANA name)",
        max_length=64,
        help_text="For example Asia/Baku, Asia/Yerevan, Europe/Kyiv or UTC.",
    )


@login_required
def mission_time_zone(request: HttpRequest, slug: str) -> HttpResponse:
    """The mission's time zone: shown to every member, changed by its administrators."""
    from django.core.exceptions import PermissionDenied as HttpForbidden

    from groundwatch.accounts.lookups import access_mission, may, mission_context
    from groundwatch.accounts.services import set_time_zone
    from groundwatch.core.choices import Action
    from groundwatch.core.errors import ValidationFailed

    mission = access_mission(request, slug)
    can_edit = may(request, mission, Action.MANAGE)
    form = TimeZoneForm(request.POST or None, initial={"time_zone": mission.time_zone})
    if request.method == "POST":
        if not can_edit:
            raise HttpForbidden("Only the mission's administrators can change its time zone.")
        if form.is_valid():
            try:
                set_time_zone(mission=mission, actor=request.user, time_zone=form.cleaned_data["time_zone"])
            except ValidationFailed as invalid:
                form.add_error("time_zone", invalid.message)
            else:
                messages.success(request, f"Times in this mission are now shown in {mission.time_zone}.")
                return HttpResponseRedirect(reverse("accounts:mission_time_zone", args=[mission.slug]))
    context = {**mission_context(request, mission), "form": form if can_edit else None}
    return render(request, "accounts/mission_time_zone.html", context)
