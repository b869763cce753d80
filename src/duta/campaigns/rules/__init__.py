"""The pure rules of campaigns: post addresses, caption variants and posting windows, sharing guardrails, the
text fields of a brief, and copy-paste detection. No ORM, no settings, no clock: the services pass what they know.

Each module's docstring lists the decisions it takes on ambiguous input; the tests pin them down.
"""

from duta.campaigns.rules.brief import facts_parse, facts_text, hashtags_parse, lines, qa_parse, qa_text
from duta.campaigns.rules.copies import CopyCluster, copy_clusters, text_fingerprint
from duta.campaigns.rules.post_urls import PLATFORM_NAMES, SHORTENERS, PostUrl, post_url_parse
from duta.campaigns.rules.sharing import (
    duration_text,
    share_delays,
    share_refusal,
    sharing_open,
    stagger_offset,
    variant_index,
)

__all__ = [
    "PLATFORM_NAMES",
    "SHORTENERS",
    "CopyCluster",
    "PostUrl",
    "copy_clusters",
    "duration_text",
    "facts_parse",
    "facts_text",
    "hashtags_parse",
    "lines",
    "post_url_parse",
    "qa_parse",
    "qa_text",
    "share_delays",
    "share_refusal",
    "sharing_open",
    "stagger_offset",
    "text_fingerprint",
    "variant_index",
]
