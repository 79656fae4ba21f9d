"""Small SVG charts drawn in Python: no plotting library, nothing fetched when the page opens."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd")


def _nice(peak: int) -> int:
    """The axis top: a multiple of 4, so the four grid steps are whole numbers."""
    return max(4, -(-peak // 4) * 4)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    chart_id: str = "",
) -> str:
    """Grouped bars, one group per label; each series gets a colour and a legend entry."""
    left, bottom, top = 44, 36, 28
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = _nice(max([1, *(v for _, values in series for v in values)]))
    group = plot_w / max(1, len(labels))
    bar = max(1.0, group * 0.8 / max(1, len(series)))
    parts = [
        f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="16" class="title">{escape(title)}</text>',
    ]
    for step in range(5):
        value = peak * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" class="axis" '
            f'text-anchor="end">{value:.0f}</text>'
        )
    for i, label in enumerate(labels):
        x0 = left + i * group + group * 0.1
        for j, (name, values) in enumerate(series):
            value = values[i]
            h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + j * bar:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(label)} {escape(name)}: {value}</title></rect>"
            )
        parts.append(
            f'<text x="{left + i * group + group / 2:.1f}" y="{height - bottom + 14}" '
            f'class="axis" text-anchor="middle">{escape(label)}</text>'
        )
    for j, (name, _) in enumerate(series):
        x = left + j * 150
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" '
            f'fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        parts.append(f'<text x="{x + 14}" y="{height - 5}" class="axis">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    chart_id: str = "",
) -> str:
    """Lines over the labels (months), with a dot per value."""
    left, bottom, top = 44, 36, 28
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = _nice(max([1, *(v for _, values in series for v in values)]))
    step_x = plot_w / max(1, len(labels) - 1)
    parts = [
        f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="16" class="title">{escape(title)}</text>',
    ]
    for step in range(5):
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" class="axis" '
            f'text-anchor="end">{peak * step / 4:.0f}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left + i * step_x:.1f}" y="{height - bottom + 14}" '
            f'class="axis" text-anchor="middle">{escape(label)}</text>'
        )
    for j, (name, values) in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        points = [
            (left + i * step_x, top + plot_h - plot_h * v / peak) for i, v in enumerate(values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), v, label in zip(points, values, labels, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(label)} {escape(name)}: {v}</title></circle>"
            )
        parts.append(
            f'<rect x="{left + j * 150}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{left + j * 150 + 14}" y="{height - 5}" class="axis">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
