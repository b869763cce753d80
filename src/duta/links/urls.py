from django.urls import path

from duta.links import views

app_name = "links"

urlpatterns = [
    # ambassadors
    path("share/<int:item_pk>/<slug:platform>/", views.share_view, name="share"),
    path("<str:code>/qr.<str:kind>", views.qr_view, name="qr"),
    # the PR team
    path("", views.link_list_view, name="list"),
    path("items/<int:item_pk>/retarget/", views.item_retarget_view, name="item_retarget"),
    path("<str:code>/", views.link_detail_view, name="detail"),
    path("<str:code>/active/", views.link_active_view, name="active"),
    path("<str:code>/retarget/", views.link_retarget_view, name="retarget"),
]
