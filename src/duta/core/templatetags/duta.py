from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ labels|get_item:unit_id }}``: a dictionary look-up with a variable key."""
    return mapping.get(key, "")
