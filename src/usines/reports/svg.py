"""Small SVG charts drawn on the server, for the PDF report (no JavaScript there).

Numbers and dates are written in the active language (`django.utils.formats`:
"89 706" and "71,9 %" in French, "89,706" and "71.9 %" in English), every bar has
its label, wrapped on two lines when long and shortened with an ellipsis only
beyond that, and the line chart has both axes: dates along the bottom, a scale of
round numbers on the left. Every text is escaped.
"""

import math
import textwrap
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import escape

FONT_SIZE = 10
# DejaVu Sans (the report's font) averages about 0.6 em per character.
CHAR_WIDTH = 6.0
LINE_HEIGHT = 12
NO_BREAK_SPACE = "\u00a0"
INK, MUTED, GRID = "#1b1f24", "#4f5966", "#d5dae0"


PALETTE = ["#0b4f8a", "#1f6f3b", "#8a4b00"]
# Lines of a kind other than "" are drawn dashed, in their own colour.
KIND_COLOURS = {"previous": "#6b6f76", "target": "#b3261e"}


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a value per day (None where there is none); its
    kind is "" for a figure of the edition, "previous" for the previous edition's,
    "target" for a target."""

    name: str
    points: list[float | None]
    kind: str = ""


def number(value: float, decimals: int = 0) -> str:
    """The value in the active language, thousands grouped, rounded (Django's
    number_format would cut the decimals it does not show)."""
    return number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def wrap(label: str, width: int, lines: int = 2) -> list[str]:
    """The label cut between words into at most `lines` lines of `width` characters,
    the last one ending with an ellipsis when the label does not fit."""
    parts = textwrap.wrap(label, width) or [""]
    if len(parts) <= lines:
        return parts
    rest = " ".join(parts[lines - 1 :])
    return [*parts[: lines - 1], rest[: width - 1].rstrip(" ,;") + "…"]


def round_ticks(top: float, most: int = 6) -> list[float]:
    """0 and round steps (1, 2 or 5 × a power of ten) up to at least `top`."""
    if top <= 0:
        return [0, 1]
    rough = top / (most - 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    count = math.ceil(top / step - 1e-9)
    return [step * n for n in range(count + 1)]


def _text(
    x: float, y: float, content: str, anchor: str = "start", size: int = FONT_SIZE, **attributes
) -> str:
    extra = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{INK}"{extra}>{escape(content)}</text>'
    )


def _open(width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img"><title>{escape(title)}</title>'
    )


def bar_chart(
    rows: list[tuple[str, float]],
    title: str = "",
    unit: str = "",
    decimals: int = 0,
    width: int = 520,
    bar: int = 14,
) -> str:
    """Horizontal bars, one per (label, value), each labelled, its value at its end
    ("9 592", or "71,9 %" with `unit="%"` and `decimals=1`)."""
    if not rows:
        return ""
    label_width, gap, value_room = 210, 6, 64
    chars = int((label_width - 8) / CHAR_WIDTH)
    top = max(value for _label, value in rows) or 1
    suffix = f"{NO_BREAK_SPACE}{unit}" if unit else ""
    labelled = [(wrap(label, chars), value) for label, value in rows]
    height = gap + sum(max(bar, len(lines) * LINE_HEIGHT) + gap for lines, _value in labelled)
    parts = [_open(width, height, title)]
    y = gap
    for lines, value in labelled:
        row_height = max(bar, len(lines) * LINE_HEIGHT)
        middle = y + row_height / 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        for index, line in enumerate(lines):
            parts.append(_text(label_width - 8, first + index * LINE_HEIGHT, line, "end"))
        length = (width - label_width - value_room) * value / top
        parts.append(
            f'<rect x="{label_width}" y="{middle - bar / 2:.1f}" width="{length:.1f}" '
            f'height="{bar}" fill="#0b4f8a"/>'
        )
        parts.append(
            _text(
                label_width + length + 4,
                middle + FONT_SIZE * 0.35,
                number(value, decimals) + suffix,
            )
        )
        y += row_height + gap
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    days: list[date],
    series: list[Series],
    title: str = "",
    y_title: str = "",
    x_title: str = "",
    width: int = 520,
    height: int = 240,
) -> str:
    """Curves over days with both axes (dates in the active language along the
    bottom, round numbers on the left) and a legend under the chart; the previous
    edition and the target are dashed."""
    if len(days) < 2 or not series:
        return ""
    values = [v for line in series for v in line.points if v is not None]
    ticks = round_ticks(max(values, default=0))
    left = 14 + CHAR_WIDTH * max(len(number(tick)) for tick in ticks) + 8
    right, top_margin, plot_bottom = 12, 10, height - 34
    plot_width = width - left - right

    def x_of(index: int) -> float:
        return left + plot_width * index / (len(days) - 1)

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - top_margin) * value / ticks[-1]

    legend = _legend(series, width, plot_bottom + 34)
    parts = [_open(width, plot_bottom + 34 + legend.height, title)]
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 5, y + 3.5, number(tick), "end", size=9))
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top_margin}" y2="{plot_bottom}" stroke="{MUTED}"/>'
        f'<line x1="{left}" x2="{width - right}" y1="{plot_bottom}" y2="{plot_bottom}" '
        f'stroke="{MUTED}"/>'
    )
    for index in _date_ticks(len(days), plot_width):
        x = x_of(index)
        anchor = "start" if index == 0 else "end" if index == len(days) - 1 else "middle"
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot_bottom}" y2="{plot_bottom + 4}" '
            f'stroke="{MUTED}"/>'
        )
        parts.append(_text(x, plot_bottom + 14, date_format(days[index], "j N"), anchor, size=9))
    if x_title:
        parts.append(_text(left + plot_width / 2, plot_bottom + 28, x_title, "middle", size=9))
    if y_title:
        middle = (top_margin + plot_bottom) / 2
        parts.append(
            _text(9, middle, y_title, "middle", size=9, transform=f"rotate(-90 9 {middle:.1f})")
        )
    for line, colour, dash in _styled(series):
        for run in _runs(line.points):
            path = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
    parts.append(legend.svg)
    parts.append("</svg>")
    return "".join(parts)


def _styled(series: list[Series]) -> list[tuple[Series, str, str]]:
    """Each series with its colour and dash pattern."""
    styled, plain = [], 0
    for line in series:
        if line.kind:
            styled.append((line, KIND_COLOURS[line.kind], ' stroke-dasharray="6,4"'))
        else:
            styled.append((line, PALETTE[plain % len(PALETTE)], ""))
            plain += 1
    return styled


def _date_ticks(count: int, plot_width: float) -> list[int]:
    """Indexes of the days to write under the axis: the first, the last and evenly
    spaced ones between, as many as fit."""
    most = max(2, min(count, int(plot_width // 62)))
    return sorted({round(n * (count - 1) / (most - 1)) for n in range(most)})


def _runs(points: list[float | None]) -> list[list[tuple[int, float]]]:
    """The points as unbroken runs, a gap where a value is missing."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(points):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


@dataclass
class _Legend:
    svg: str
    height: float


def _legend(series: list[Series], width: int, top: float) -> _Legend:
    """One key per series, flowing on as many lines as needed."""
    parts, x, y = [], 0.0, top
    for line, colour, dash in _styled(series):
        room = 30 + CHAR_WIDTH * len(line.name)
        if x and x + room > width:
            x, y = 0.0, y + LINE_HEIGHT + 4
        parts.append(
            f'<line x1="{x:.1f}" x2="{x + 22:.1f}" y1="{y + 6:.1f}" y2="{y + 6:.1f}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_text(x + 26, y + 9.5, line.name))
        x += room + 12
    return _Legend("".join(parts), y - top + LINE_HEIGHT + 6)
