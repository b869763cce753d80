"""Every write of the campaigns app (see the modules for each part)."""

from duta.campaigns.services.campaigns import (
    BriefData,
    SettingsData,
    attachment_add,
    attachment_delete,
    campaign_close,
    campaign_create,
    campaign_settings_update,
    campaign_update,
)
from duta.campaigns.services.crisis import crisis_broadcast
from duta.campaigns.services.digest import digest_send
from duta.campaigns.services.freeze import organization_freeze, organization_resume
from duta.campaigns.services.items import (
    VariantData,
    item_announce,
    item_approve,
    item_archive,
    item_comment,
    item_create,
    item_publish,
    item_return,
    item_schedule,
    item_submit,
    item_target_move,
    item_update,
    items_publish_due,
)
from duta.campaigns.services.sharing import post_report_create, post_report_delete, post_report_metrics_update

__all__ = [
    "BriefData",
    "SettingsData",
    "VariantData",
    "attachment_add",
    "attachment_delete",
    "campaign_close",
    "campaign_create",
    "campaign_settings_update",
    "campaign_update",
    "crisis_broadcast",
    "digest_send",
    "item_announce",
    "item_approve",
    "item_archive",
    "item_comment",
    "item_create",
    "item_publish",
    "item_return",
    "item_schedule",
    "item_submit",
    "item_target_move",
    "item_update",
    "items_publish_due",
    "organization_freeze",
    "organization_resume",
    "post_report_create",
    "post_report_delete",
    "post_report_metrics_update",
]
