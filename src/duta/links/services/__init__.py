"""Every write of the links app: share links and their management, the visitor salts, and shipping clicks."""

from duta.links.services.links import (
    clicks_purge,
    share_link_build,
    share_link_ensure,
    share_link_retarget,
    share_link_set_active,
    share_links_retarget_item,
    visitor_salts_ensure,
)
from duta.links.services.shipping import Shipper, ShipReport

__all__ = [
    "ShipReport",
    "Shipper",
    "clicks_purge",
    "share_link_build",
    "share_link_ensure",
    "share_link_retarget",
    "share_link_set_active",
    "share_links_retarget_item",
    "visitor_salts_ensure",
]
