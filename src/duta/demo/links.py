"""Demo tracked links: some ambassadors shared the live item last week, and their friends clicked.

The clicks go the real way: written to a click journal as a redirector would, then stored by the shipper, so the
link list shows figures (counted clicks, WhatsApp and Facebook previews that are not counted, a repeated click).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from duta.campaigns.models import ContentItem, ItemStatus
from duta.links.journal import JournalWriter
from duta.links.models import ShareLink
from duta.links.services import Shipper, share_link_build
from duta.organizations.models import Membership, Organization, Role

PHONES = [
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; V2250) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36 "
    "[FB_IAB/FB4A;FBAV/456.0.0.0;]",
]
PREVIEWS = ["WhatsApp/2.24.6.77 A", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"]
REFERRERS = ["", "", "https://l.facebook.com/", "https://t.co/", "android-app://com.whatsapp/"]


def demo_links(organization: Organization, *, seed: int) -> int:
    """Links of up to 25 ambassadors for the organization's live items, and a week of clicks. Idempotent."""
    items = list(ContentItem.objects.filter(organization=organization, status=ItemStatus.LIVE).exclude(target_url=""))
    if not items or ShareLink.objects.filter(organization=organization).exists():
        return 0
    rng = random.Random(seed)
    ambassadors = list(
        Membership.objects.filter(organization=organization, role=Role.AMBASSADOR, is_active=True).order_by("pk")[:25]
    )
    links = []
    for item in items:
        platforms = sorted({variant.platform for variant in item.variants.all()})
        for position, member in enumerate(ambassadors):
            platform = platforms[position % len(platforms)]
            links.append(share_link_build(member=member, item=item, platform=platform, position=position % 3))
    ShareLink.objects.bulk_create(links)
    with tempfile.TemporaryDirectory(prefix="duta-demo-clicks-") as directory:
        writer = JournalWriter(Path(directory), node="demo")
        now_ms = int(time.time() * 1000)
        for link in links:
            for _click in range(rng.randint(0, 12)):
                at = now_ms - rng.randint(0, 7 * 24 * 3600 * 1000)
                visitor = f"{rng.getrandbits(64):016x}"
                agent = rng.choice(PHONES)
                if rng.random() < 0.25:  # pasting the link in a chat makes the app fetch a preview first
                    writer.append(at - 5000, f"{link.code}\t{visitor}\t\t{rng.choice(PREVIEWS)}")
                writer.append(at, f"{link.code}\t{visitor}\t{rng.choice(REFERRERS)}\t{agent}")
                if rng.random() < 0.1:  # the same friend, a minute later
                    writer.append(at + 60_000, f"{link.code}\t{visitor}\t\t{agent}")
        writer.close()
        Shipper(Path(directory), node="demo").ship_all()
    return len(links)
