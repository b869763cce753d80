from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from duta.core.views import health_view

urlpatterns = [
    path("", include("duta.organizations.urls")),
    path("o/<slug:org_slug>/people/", include("duta.people.urls")),
    path("o/<slug:org_slug>/programs/", include("duta.programs.urls")),
    path("o/<slug:org_slug>/screening/", include("duta.screening.urls")),
    path("o/<slug:org_slug>/campaigns/", include("duta.campaigns.urls")),
    path("o/<slug:org_slug>/links/", include("duta.links.urls")),
    path("o/<slug:org_slug>/analytics/", include("duta.analytics.urls")),
    path("o/<slug:org_slug>/academy/", include("duta.academy.urls")),
    path("verify/", include("duta.academy.urls_verify")),
    path("account/", include("duta.accounts.urls")),
    path("", include("duta.notifications.urls")),
    path("api/v1/", include(("duta.organizations.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("healthz", health_view, name="health"),
    path("django-admin/", admin.site.urls),
]
