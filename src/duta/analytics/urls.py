from django.urls import include, path

from duta.analytics.views import dashboards, settings

app_name = "analytics"

urlpatterns = [
    path("", dashboards.program_view, name="program"),
    path("units/", dashboards.units_view, name="units"),
    path("campaigns/", dashboards.campaign_list_view, name="campaigns"),
    path("campaigns/<int:campaign_id>/", dashboards.campaign_view, name="campaign"),
    path("me/", dashboards.member_view, name="member"),
    path("inactive/", dashboards.inactive_view, name="inactive"),
    path("inactive/nudge/", dashboards.nudge_view, name="nudge"),
    path("settings/", settings.settings_view, name="settings"),
    path("", include("duta.analytics.urls_recognition")),
    path("", include("duta.analytics.urls_external")),
    path("", include("duta.analytics.urls_reports")),
]
