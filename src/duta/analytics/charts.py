"""Charts drawn on the server as plain numbers for inline SVG (pure, no ORM): no script, fast on a phone."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    peak: float
    title: str


def bar_chart(
    values: list[tuple[str, float, str]],
    *,
    title: str,
    width: int = 600,
    height: int = 160,
    gap: float = 0.2,
    peak: float | None = None,
) -> BarChart:
    """Vertical bars for ``(label, value, text)``; ``peak`` (by default the tallest value) fills the height, so
    percentages can be drawn against 100. An empty chart stays flat."""
    peak = peak or max((value for _label, value, _text in values), default=0) or 1
    slot = width / max(len(values), 1)
    bars = []
    for index, (label, value, text) in enumerate(values):
        bar_height = round(height * max(value, 0) / peak, 1)
        bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                x=round(index * slot + slot * gap / 2, 1),
                y=round(height - bar_height, 1),
                width=round(slot * (1 - gap), 1),
                height=bar_height,
            )
        )
    return BarChart(bars=bars, width=width, height=height, peak=peak, title=title)
