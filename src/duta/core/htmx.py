from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, partial: str, status: int = 200
) -> HttpResponse:
    """Render the whole page, or only ``partial`` of it when HTMX asks for that piece."""
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target and not htmx.boosted:
        template_name = f"{template_name}#{partial}"
    return render(request, template_name, context, status=status)
