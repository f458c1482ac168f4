"""Small SVG charts drawn on the server, for the PDF report (no JavaScript there)."""

from django.utils.html import escape


def bar_chart(
    rows: list[tuple[str, float]], width: int = 520, bar: int = 16, unit: str = ""
) -> str:
    """Horizontal bars, one per (label, value), with the value written at the end."""
    if not rows:
        return ""
    top = max(value for _label, value in rows) or 1
    label_width, gap = 190, 6
    height = len(rows) * (bar + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar + gap)
        length = (width - label_width - 60) * value / top
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 4}" font-size="10" text-anchor="end">'
            f"{escape(label[:34])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="#0b4f8a"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 4}" font-size="10">'
            f"{value:g}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(series: dict[str, list[float | None]], target: float, width=520, height=200) -> str:
    """Cumulative curves over days, and the target as a dashed line."""
    values = [v for points in series.values() for v in points if v is not None] + [target]
    top = max(values) or 1
    count = max((len(points) for points in series.values()), default=0)
    if count < 2:
        return ""
    colours = ["#0b4f8a", "#1f6f3b", "#8a4b00", "#6b6f76"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    y_of = lambda v: height - 20 - (height - 40) * v / top  # noqa: E731
    x_of = lambda i: 40 + (width - 60) * i / (count - 1)  # noqa: E731
    if target:
        parts.append(
            f'<line x1="40" x2="{width - 20}" y1="{y_of(target):.1f}" y2="{y_of(target):.1f}" '
            'stroke="#b3261e" stroke-dasharray="5,4"/>'
            f'<text x="{width - 20}" y="{y_of(target) - 4:.1f}" font-size="10" text-anchor="end">'
            f"{target:g}</text>"
        )
    for points, colour in zip(series.values(), colours, strict=False):
        path = " ".join(
            f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(points) if v is not None
        )
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    legend_x = 44
    for (name, _points), colour in zip(series.items(), colours, strict=False):
        parts.append(
            f'<rect x="{legend_x}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="15" font-size="10">{escape(name)}</text>'
        )
        legend_x += 14 + 7 * len(name) + 16
    parts.append("</svg>")
    return "".join(parts)
