from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

if TYPE_CHECKING:
    from duta.notifications.models import Delivery


class ChannelError(Exception):
    """A channel could not deliver. ``reason`` is short and goes to the delivery's status row.

    ``permanent``: retrying cannot help (no address for this person), the delivery fails at once.
    """

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Channel:
    name: ClassVar[str]
    label: ClassVar[str | Promise]
    # delivered as the notification is created (the in-app inbox shows it): never queued nor sent
    immediate: ClassVar[bool] = False

    def reachable(self, user_ids: Collection[int]) -> set[int]:
        """The people of ``user_ids`` this channel can reach (an address, a linked account ...). At most one query."""
        return set(user_ids)

    def send(self, delivery: Delivery) -> None:
        """Deliver one message; raise ``ChannelError`` when that fails. Called once per attempt, outside any
        transaction, with ``delivery.notification.recipient`` loaded."""
        raise NotImplementedError


_REGISTRY: dict[str, Channel] = {}


def register(channel: Channel) -> Channel:
    """Add a channel. Registering the same class again is harmless; another class under a taken name is not."""
    existing = _REGISTRY.get(channel.name)
    if existing is not None and type(existing) is not type(channel):
        raise ImproperlyConfigured(f"Notification channel {channel.name!r} is already registered by {existing!r}.")
    _REGISTRY[channel.name] = channel
    return channel


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def channel_get(name: str) -> Channel:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ChannelError(f"unknown channel {name!r}", permanent=True) from None


def channels_all() -> list[Channel]:
    """Every channel, in the order they were registered (in-app first)."""
    return list(_REGISTRY.values())


def channel_names() -> list[str]:
    return list(_REGISTRY)
