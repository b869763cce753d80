"""URLs of the external pages (included by ``duta.analytics.urls``)."""

from django.urls import path

from duta.analytics.views import external

urlpatterns = [
    path("external/", external.external_list_view, name="external_list"),
    path("external/new/", external.external_create_view, name="external_create"),
    path("external/<int:influencer_id>/", external.external_edit_view, name="external_edit"),
    path("external/<int:influencer_id>/delete/", external.external_delete_view, name="external_delete"),
    path("external/<int:influencer_id>/placements/new/", external.placement_create_view, name="placement_create"),
    path("external/placements/<int:placement_id>/", external.placement_edit_view, name="placement_edit"),
    path("external/placements/<int:placement_id>/delete/", external.placement_delete_view, name="placement_delete"),
    path("comparison/", external.comparison_view, name="comparison"),
]
