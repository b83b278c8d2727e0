"""Charts as inline SVG, drawn here so that no chart library is loaded: columns over time, bars per category.

Each chart is a <figure>: the SVG (named by its <title>, described by its <desc>), a visible caption that
says what the chart shows, and the numbers as a table folded under it. Colours come from classes that
extra.css maps onto the theme's variables, so the charts follow the light and dark palettes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .markdown_text import html_text

_FONT = 14
_LINE = 17


@dataclass(frozen=True)
class Column:
    """One column: its full label (for tooltips and the table), its height, and an axis label if it gets one."""

    label: str
    value: int
    tick: str | None = None


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its solid part, and a lighter part stacked after it."""

    label: str
    value: int
    extra: int = 0


@dataclass(frozen=True)
class Table:
    """The chart's numbers: column headings and rows of cells, all plain text."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def column_chart(chart_id: str, title: str, description: str, columns: Sequence[Column]) -> str:
    """Columns side by side over a value axis with gridlines, each with its label and value as a tooltip."""
    width, height = 420, 190
    left, right, top, bottom = 30, 4, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = _axis(max((c.value for c in columns), default=0))
    slot = plot_w / max(len(columns), 1)
    body = _gridlines(left, top, plot_w, plot_h, top_value, step)
    for i, column in enumerate(columns):
        x = left + i * slot
        if column.value:
            bar_h = plot_h * column.value / top_value
            body.append(
                f'<rect class="chart-bar" x="{_n(x + slot * 0.12)}" y="{_n(top + plot_h - bar_h)}" '
                f'width="{_n(slot * 0.76)}" height="{_n(bar_h)}">'
                f"<title>{html_text(column.label)}: {column.value}</title></rect>"
            )
        if column.tick:
            body.append(
                f'<line class="chart-axis" x1="{_n(x)}" y1="{top + plot_h}" x2="{_n(x)}" y2="{top + plot_h + 5}"/>'
                f'<text class="chart-label" x="{_n(x + 2)}" y="{height - 6}">{html_text(column.tick)}</text>'
            )
    return _svg(chart_id, "chart-columns", title, description, width, height, body)


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar], legend: tuple[str, str]) -> str:
    """Horizontal bars, each under its label with its total after it; `legend` names the solid and light parts."""
    width = 420
    row = _LINE + 16
    top = _LINE + 12
    height = top + row * len(bars)
    bar_w = width - 48
    top_value, _ = _axis(max((b.value + b.extra for b in bars), default=0))
    body = [
        f'<rect class="chart-bar" x="0" y="2" width="10" height="10"/>'
        f'<text class="chart-label" x="14" y="{_FONT - 1}">{html_text(legend[0])}</text>',
        f'<rect class="chart-bar chart-extra" x="{width // 2}" y="2" width="10" height="10"/>'
        f'<text class="chart-label" x="{width // 2 + 14}" y="{_FONT - 1}">{html_text(legend[1])}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        solid = bar_w * bar.value / top_value
        extra = bar_w * bar.extra / top_value
        body.append(f'<text class="chart-label" x="0" y="{y + _FONT}">{html_text(bar.label)}</text>')
        body.append(f'<rect class="chart-bar" x="0" y="{y + _LINE + 2}" width="{_n(solid)}" height="10"/>')
        if bar.extra:
            body.append(
                f'<rect class="chart-bar chart-extra" x="{_n(solid)}" y="{y + _LINE + 2}" '
                f'width="{_n(extra)}" height="10"/>'
            )
        body.append(
            f'<text class="chart-value" x="{_n(solid + extra + 6)}" y="{y + _LINE + 11}">{bar.value + bar.extra}</text>'
        )
    return _svg(chart_id, "chart-bars", title, description, width, height, body)


def chart_figure(svg: str, caption: str, table: Table) -> str:
    """The chart, a visible caption, and its numbers as a folded table: a raw HTML block for Markdown."""
    head = "".join(f'<th scope="col">{html_text(h)}</th>' for h in table.headings)
    rows = "".join(
        "<tr>" + f'<th scope="row">{html_text(row[0])}</th>' + "".join(f"<td>{html_text(c)}</td>" for c in row[1:]) + "</tr>"
        for row in table.rows
    )
    return (
        f'<figure class="chart">{svg}<figcaption>{html_text(caption)}</figcaption>'
        f'<details class="chart-data"><summary>The numbers</summary>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details></figure>"
    )


def _svg(chart_id: str, kind: str, title: str, description: str, width: int, height: int, body: list[str]) -> str:
    """The outer SVG: an image named by its title and described by its desc, scaled to its container."""
    return (
        f'<svg class="chart-svg {kind}" role="img" viewBox="0 0 {width} {height}" font-size="{_FONT}" '
        f'aria-labelledby="{chart_id}_title" aria-describedby="{chart_id}_desc">'
        f'<title id="{chart_id}_title">{html_text(title)}</title>'
        f'<desc id="{chart_id}_desc">{html_text(description)}</desc>' + "".join(body) + "</svg>"
    )


def _gridlines(left: int, top: int, plot_w: float, plot_h: float, top_value: int, step: int) -> list[str]:
    """Horizontal gridlines with their values at the left, from zero up to the top of the axis."""
    out = []
    for value in range(0, top_value + 1, step):
        y = top + plot_h - plot_h * value / top_value
        out.append(
            f'<line class="chart-grid" x1="{left}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}"/>'
            f'<text class="chart-label chart-tick" x="{left - 6}" y="{_n(y + 4)}">{value}</text>'
        )
    return out


def _axis(maximum: int) -> tuple[int, int]:
    """The top of a value axis and its step: a 1, 2 or 5 times a power of ten, about four steps in all."""
    if maximum <= 0:
        return 1, 1
    magnitude = 10 ** max(0, math.floor(math.log10(maximum / 4)))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * 4 >= maximum)
    return step * math.ceil(maximum / step), step


def _n(x: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, so the same data gives the same text."""
    return f"{x:.2f}".rstrip("0").rstrip(".")
