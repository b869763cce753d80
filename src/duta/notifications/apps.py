from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "duta.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # registers the built-in channels (in-app, e-mail); other apps register theirs in their own ready()
        from duta.notifications import channels  # noqa: F401
