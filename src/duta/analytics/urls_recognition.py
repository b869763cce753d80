"""URLs of the recognition pages (included by ``duta.analytics.urls``)."""

from django.urls import URLPattern, path

from duta.analytics.views import recognition

urlpatterns: list[URLPattern] = [
    path("leaderboard/", recognition.leaderboard_view, name="leaderboard"),
    path("leaderboard/switch/", recognition.leaderboards_toggle_view, name="leaderboards_toggle"),
    path(
        "leaderboard/impact-assessment.md",
        recognition.impact_assessment_template_view,
        name="impact_assessment_template",
    ),
    path("seasons/", recognition.seasons_view, name="seasons"),
    path("seasons/<int:season_id>/", recognition.season_edit_view, name="season_edit"),
    path("seasons/<int:season_id>/delete/", recognition.season_delete_view, name="season_delete"),
    path("privacy/", recognition.privacy_view, name="privacy"),
]
