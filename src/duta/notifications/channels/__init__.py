"""The channels the outbox delivers through, in one registry.

A channel is a ``Channel`` subclass with a ``name``, a ``label`` and a ``send(delivery)`` that raises
``ChannelError`` with a short reason when it cannot deliver. The outbox only ever looks channels up here,
so WhatsApp or Telegram come as a new module whose app calls ``register(WhatsAppChannel())`` in its
``AppConfig.ready()``: the models, services and pages of the outbox stay as they are.
"""

from duta.notifications.channels.base import (
    Channel,
    ChannelError,
    channel_get,
    channel_names,
    channels_all,
    register,
    unregister,
)
from duta.notifications.channels.email import EmailChannel
from duta.notifications.channels.in_app import InAppChannel

register(InAppChannel())
register(EmailChannel())

__all__ = [
    "Channel",
    "ChannelError",
    "EmailChannel",
    "InAppChannel",
    "channel_get",
    "channel_names",
    "channels_all",
    "register",
    "unregister",
]
