"""The analytics settings page (PR team): earned media value and its rates, the daily points cap, when an
ambassador counts as inactive; the leaderboards' switch lives beside it, behind the impact assessment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from duta.analytics.access import require_analytics_admin
from duta.analytics.forms_settings import AnalyticsSettingsForm
from duta.analytics.selectors.recognition import analytics_settings_for_member
from duta.analytics.services.settings import analytics_settings_update
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.organizations.models import Membership
from duta.organizations.views import member_required


@member_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, member: Membership) -> HttpResponse:
    require_analytics_admin(member)
    current = analytics_settings_for_member(member)
    form = AnalyticsSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            analytics_settings_update(member=member, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("analytics:settings", org_slug=member.organization.slug)
    return render(request, "analytics/settings.html", {"form": form, "current": current})
