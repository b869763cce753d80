from django.urls import path

from duta.campaigns.views import crisis, feed, manage

app_name = "campaigns"

urlpatterns = [
    # the PR team
    path("", manage.campaign_list_view, name="list"),
    path("new/", manage.campaign_create_view, name="create"),
    path("<int:campaign_pk>/", manage.campaign_detail_view, name="detail"),
    path("<int:campaign_pk>/edit/", manage.campaign_edit_view, name="edit"),
    path("<int:campaign_pk>/close/", manage.campaign_close_view, name="close"),
    path("<int:campaign_pk>/attachments/", manage.attachment_add_view, name="attachment_add"),
    path("<int:campaign_pk>/items/new/", manage.item_create_view, name="item_create"),
    path("items/", manage.item_queue_view, name="queue"),
    path("items/<int:item_pk>/", manage.item_detail_view, name="item_detail"),
    path("items/<int:item_pk>/edit/", manage.item_edit_view, name="item_edit"),
    path("items/<int:item_pk>/<str:action>/", manage.item_action_view, name="item_action"),
    path("attachments/<int:attachment_pk>/delete/", manage.attachment_delete_view, name="attachment_delete"),
    path("settings/", manage.settings_view, name="settings"),
    path("freeze/", manage.freeze_view, name="freeze"),
    # the crisis lane
    path("<int:campaign_pk>/broadcast/", crisis.broadcast_view, name="broadcast"),
    path("<int:campaign_pk>/response/", crisis.response_view, name="response"),
    # ambassadors
    path("feed/", feed.feed_view, name="feed"),
    path("feed/<int:item_pk>/", feed.feed_item_view, name="feed_item"),
    path("feed/<int:item_pk>/report/", feed.report_view, name="report"),
    path("reports/<int:report_pk>/delete/", feed.report_delete_view, name="report_delete"),
    path("feed/posts/", feed.my_posts_view, name="my_posts"),
    path("reports/<int:report_pk>/metrics/", feed.post_metrics_view, name="post_metrics"),
    path("coach/", feed.coach_view, name="coach"),
    path("attachments/<int:attachment_pk>/", feed.attachment_download_view, name="attachment"),
]
