"""Plots of the report as inline SVG: they need no script or library and print as the page does."""

from __future__ import annotations

from decimal import Decimal
from html import escape

SCOPE_COLOURS = {
    "all_funds": "#4e79a7", "general_public_budget": "#59a14f", "government_fund": "#f28e2b",
    "state_capital": "#b07aa1", "fiscal_appropriation": "#76b7b2",
}
SCOPE_NAMES = {
    "all_funds": "全部资金", "general_public_budget": "一般公共预算", "government_fund": "政府性基金",
    "state_capital": "国有资本经营", "fiscal_appropriation": "财政拨款",
}
FAMILY_COLOUR = "#d62728"
LABEL_WIDTH = 190
BAR_HEIGHT = 14


def bars(rows: list[tuple[str, list[tuple[str, float, str]]]], unit: str, width: int = 640, title: str = "") -> str:
    """Horizontal bars: rows of (label, [(series, value, colour)]), one bar per series, scaled to the largest."""
    top = max((v for _, series in rows for _, v, _ in series), default=0) or 1
    plot = width - LABEL_WIDTH - 90
    y, parts = 4, []
    for label, series in rows:
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">{escape(label[:16])}</text>')
        for name, value, colour in series:
            w = max(1.0, plot * float(value) / float(top))
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT - 2}" fill="{colour}">'
                f"<title>{escape(label)} · {escape(name)}: {escape(str(value))} {escape(unit)}</title></rect>"
                f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + BAR_HEIGHT - 3}">{escape(_short(value))}</text>'
            )
            y += BAR_HEIGHT
        y += 4
    height = y + 4
    return (
        f'<svg class="plot" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def _short(value) -> str:
    return f"{value:,.2f}" if isinstance(value, (float, Decimal)) and value != int(value) else f"{int(value):,}"


def spending_by_class(spending: tuple[tuple[str, str, str, Decimal], ...]) -> str:
    """Per 类 of 功能分类, one bar per fund scope printed, in 万元."""
    by_class: dict[tuple[str, str], list] = {}
    order = list(SCOPE_COLOURS)
    for code, name, scope, amount in sorted(spending, key=lambda r: (r[0], order.index(r[2]) if r[2] in order else len(order))):
        by_class.setdefault((code, name), []).append(
            (SCOPE_NAMES.get(scope, scope), float(Decimal(amount) / 10000), SCOPE_COLOURS.get(scope, "#999"))
        )
    rows = [(f"{code} {name}".strip(), series) for (code, name), series in sorted(by_class.items())]
    return bars(rows, "万元", title="spending by 功能分类 类") + legend({s for _, _, s, _ in spending}) if rows else ""


def legend(scopes: set[str]) -> str:
    shown = [s for s in SCOPE_COLOURS if s in scopes] + sorted(scopes - set(SCOPE_COLOURS))
    return '<p class="legend">' + "".join(
        f'<span style="color: {SCOPE_COLOURS.get(s, "#999")}">■ {escape(SCOPE_NAMES.get(s, s))}</span>' for s in shown
    ) + "</p>"


def findings_by_family(families: dict[str, int]) -> str:
    rows = [(family, [("findings", n, FAMILY_COLOUR)]) for family, n in sorted(families.items(), key=lambda kv: -kv[1])]
    return bars(rows, "findings", width=480, title="findings by family") if rows else ""


def years_lines(rows: list[tuple[int, str, str, str, object]], width: int = 640) -> str:
    """One unit's 类 totals over the years loaded: one line per 类 (万元), years along the bottom."""
    years = sorted({r[0] for r in rows})
    series: dict[str, dict[int, float]] = {}
    names: dict[str, str] = {}
    for year, code, name, _scope, amount in rows:
        names.setdefault(code, f"{code} {name}".strip())
        series.setdefault(names[code], {})[year] = float(Decimal(amount) / 10000)
    top = max((v for s in series.values() for v in s.values()), default=0) or 1
    left, plot_w, plot_h = 60, width - 60 - 200, 160
    x = {year: left + (plot_w * i / max(1, len(years) - 1)) for i, year in enumerate(years)}
    parts = [f'<line x1="{left}" y1="{plot_h + 10}" x2="{left + plot_w}" y2="{plot_h + 10}" stroke="#888"/>']
    parts += [f'<text x="{x[y]:.1f}" y="{plot_h + 26}" text-anchor="middle">{y}</text>' for y in years]
    palette = list(SCOPE_COLOURS.values()) + ["#e15759", "#edc948", "#9c755f", "#bab0ac", "#ff9da7"]
    for i, (label, points) in enumerate(sorted(series.items())):
        colour = palette[i % len(palette)]
        coords = [(x[y], 10 + plot_h * (1 - v / top)) for y, v in sorted(points.items())]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"><title>{escape(label)}</title></polyline>')
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in coords]
        parts.append(f'<text x="{left + plot_w + 8}" y="{14 + 13 * i}" fill="{colour}">{escape(label[:18])}</text>')
    height = max(plot_h + 34, 20 + 13 * len(series))
    return (
        f'<svg class="plot" role="img" aria-label="类 totals by year" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
