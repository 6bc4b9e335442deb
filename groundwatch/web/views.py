from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from groundwatch.accounts.models import Mission


@login_required
def home(request: HttpRequest) -> HttpResponse:
    missions = Mission.objects.restrict(request.user)
    return render(request, "web/home.html", {"missions": missions})


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
