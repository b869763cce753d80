"""`duta demo --scale large`: a national program at the scale the dashboards must stand up to.

One more organization, "Kementerian Contoh Nasional" (``nasional``): a unit tree of about 2,200 units five levels
deep, 100,000 ambassadors with their roster entries, social media accounts and candidacies in one program, the
staff who log in (the PR team, leadership, a coordinator for every Eselon I and Eselon II unit), 48 campaigns over
the last year, the ambassadors' share links and reported posts, and 10 million clicks.

This loader writes the models of other apps directly, in bulk (users, units, memberships, employees, accounts,
candidates, campaigns, items, share links, post reports): an exception to "an app never writes another app's
models", justified by scale as the test factories are. Going through the services would take hours and send
100,000 announcements. It copies what the services do where it matters: unit paths and depths as
``organizations.services.unit_create`` sets them, each link's campaign, unit, destination and UTM fields as
``links.services.share_link_build`` sets them, and post addresses in the form ``campaigns.rules.post_url_parse``
gives. The clicks go the real way: written as a redirector writes its journal (``links.journal``), in closed files
of ``CHUNK_CLICKS`` lines, and stored by the real shipper (``links.services.Shipper``), so that the ``Click`` and
``ClickRollup`` rows are exactly what production would hold.

Last, the dashboards' figures are computed (``analytics.services.refresh.analytics_refresh_all``), as the small
demo does. Idempotent: when the organization exists, nothing is done. Everything but the clicks is written in one
transaction; the clicks are shipped after it, a file at a time (a run killed while shipping leaves the
organization with part of its clicks: delete the database and load again).
"""

from duta.demo.large.data import DOMAIN, SLUG
from duta.demo.large.loader import LargeResult, demo_large_load

__all__ = ["DOMAIN", "SLUG", "LargeResult", "demo_large_load"]
