from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from duta.notifications.channels.base import Channel
from duta.notifications.rules import IN_APP

if TYPE_CHECKING:
    from duta.notifications.models import Delivery


class InAppChannel(Channel):
    """The inbox in Duta itself: the notification is there as soon as it is created."""

    name = IN_APP
    label = _("In Duta")
    immediate = True

    def send(self, delivery: Delivery) -> None:
        return None  # nothing to transmit: the inbox reads the notification
