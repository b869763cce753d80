"""URLs of the reports pages (included by ``duta.analytics.urls``)."""

from django.urls import URLPattern, path

from duta.analytics.views import reports

urlpatterns: list[URLPattern] = [
    path("reports/", reports.reports_view, name="reports"),
    path("reports/<int:report_id>/", reports.report_detail_view, name="report_detail"),
    path("reports/<int:report_id>/<str:kind>", reports.report_download_view, name="report_download"),
]
