from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(request: HttpRequest, items: Any, *, size: int = PAGE_SIZE) -> Page[Any]:
    """The page of ``items`` that ``?page=`` asks for (the last one when it is past the end)."""
    return Paginator(items, size).get_page(request.GET.get("page"))
