"""Included at the site's root: the inbox lives under the organization, the e-mail's open link needs no
organization nor log-in, and the preferences belong to the person (beside the profile)."""

from django.urls import path

from duta.notifications import views

app_name = "notifications"

urlpatterns = [
    path("o/<slug:org_slug>/notifications/", views.inbox_view, name="inbox"),
    path("o/<slug:org_slug>/notifications/read/", views.read_all_view, name="read_all"),
    path("o/<slug:org_slug>/notifications/<int:notification_pk>/", views.read_view, name="read"),
    path("notifications/<int:notification_pk>/open/<str:token>/", views.open_view, name="open"),
    path("account/notifications/", views.preferences_view, name="preferences"),
]
