from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.notifications import rules, selectors, services
from duta.notifications.forms import PreferencesForm
from duta.notifications.models import Notification
from duta.organizations.models import Membership
from duta.organizations.views import member_required

PER_PAGE = 25


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _inbox_url(notification: Notification) -> str:
    return reverse("notifications:inbox", args=[notification.organization.slug])


def _target(notification: Notification) -> str:
    """Where opening leads: the notification's own page on this site, else the inbox. Never another host."""
    return notification.url if rules.is_internal_path(notification.url) else _inbox_url(notification)


@member_required
@require_safe
def inbox_view(request: HttpRequest, member: Membership) -> HttpResponse:
    notifications = selectors.inbox_for_user(user=member.user, organization=member.organization)
    page = page_of(request, notifications, size=PER_PAGE)
    context = {
        "page": page,
        "querystring": request.GET.copy(),
        "unread": selectors.unread_count(user=member.user, organization=member.organization),
    }
    return render_page_or_partial(request, "notifications/inbox.html", context, partial="rows")


@member_required
@require_http_methods(["GET", "POST"])
def read_view(request: HttpRequest, member: Membership, notification_pk: int) -> HttpResponse:
    """Open one notification of the inbox: GET follows its link, POST (HTMX) marks it read in place."""
    notification = selectors.notification_get_for_user(
        user=member.user, organization=member.organization, notification_pk=notification_pk
    )
    services.notification_open(notification=notification, user=member.user)
    if request.method == "POST":
        if _is_htmx(request):
            return render(request, "notifications/inbox.html#item", {"notification": notification})
        return redirect("notifications:inbox", org_slug=member.organization.slug)
    return redirect(_target(notification))


@member_required
@require_POST
def read_all_view(request: HttpRequest, member: Membership) -> HttpResponse:
    count = services.notifications_open_all(user=member.user, organization=member.organization)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox", org_slug=member.organization.slug)


@require_safe
def open_view(request: HttpRequest, notification_pk: int, token: str) -> HttpResponse:
    """The link in an e-mail: the signed token marks the notification opened without a log-in, then the
    notification's page on this site (through the log-in page for a visitor who is not logged in)."""
    notification = selectors.notification_get_by_token(notification_pk=notification_pk, token=token)
    services.notification_open(notification=notification, user=None)
    target = _target(notification)
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    """The person's choices of kinds x channels. They belong to the person, not to one organization (the same
    e-mail address receives every organization's messages), so they live beside the profile."""
    form = PreferencesForm(request.POST if request.method == "POST" else None)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preferences_update(user=request.user, enabled=form.enabled_pairs())  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if not _is_htmx(request):
                messages.success(request, _("Your notification settings have been saved."))
                return redirect("notifications:preferences")
            saved = True
    context = {
        "form": form,
        "table": selectors.preference_table_for_user(user=request.user),  # type: ignore[arg-type]
        "saved": saved,
    }
    status = 400 if form.errors else 200
    return render_page_or_partial(request, "notifications/preferences.html", context, partial="table", status=status)
