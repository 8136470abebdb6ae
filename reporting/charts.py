"""Server-side SVG charts: no JavaScript, no style attributes (the Content-Security-Policy holds),
the same SVG for the page, print and PDF, and every chart with the table of its values.

Presentation is by CSS classes (`svg.chart …` in site.css) plus presentation attributes as the
fallback of documents without the site's stylesheet. ElementTree escapes every text. A value of
None is a gap ("too few" cases): a break in a line, no bar, and "too few" in the table.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
PALETTE = ("#1f5f99", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#5d6d7e")


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass
class Chart:
    """`series` is [(name, [value or None per label])]; `kind` is "line" or "bar"."""

    title: str
    labels: list
    series: list
    unit: str = ""
    kind: str = "line"
    max: float | None = None
    chart_id: str = "chart"
    too_few: str = "too few"
    extra: dict = field(default_factory=dict)

    @property
    def table_id(self):
        return f"{self.chart_id}-data"

    def top(self):
        values = [v for _name, values in self.series for v in values if v is not None]
        top = self.max if self.max is not None else max(values, default=0)
        if self.max is None and all(isinstance(v, int) for v in values):
            top = max(top, 4)  # counts: whole-number ticks
        return top or 1

    def rows(self):
        """The data table: one row per series, one cell per label ("too few" for a gap)."""
        return [
            (name, [self.too_few if v is None else f"{_number(v)}{self.unit}" for v in values])
            for name, values in self.series
        ]

    def svg(self):
        root = self._root()
        (self._bars if self.kind == "bar" else self._lines)(root)
        return ET.tostring(root, encoding="unicode", short_empty_elements=True)

    def _root(self, width=None, height=None):
        self.width = width or 640
        self.height = height or self._height()
        root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "viewBox": f"0 0 {self.width} {self.height}",
                "class": f"chart chart-{self.kind}",
                "role": "img",
                "aria-labelledby": f"{self.chart_id}-title",
                "aria-describedby": self.table_id,
                "font-family": FONT,
                "font-size": "15",
            },
        )
        ET.SubElement(root, "title", {"id": f"{self.chart_id}-title"}).text = self.title
        ET.SubElement(root, "desc").text = self.title
        return root

    def _height(self):
        if self.kind == "bar":
            return 24 + len(self.series) * 34
        return 300 + 22 * ((len(self.series) + 2) // 3)

    def _bars(self, root):
        """Horizontal bars, the label above each bar (readable on a phone), the first value."""
        top, plot = self.top(), self.width - 80
        for i, (name, values) in enumerate(self.series):
            value = values[0] if values else None
            y = 16 + i * 34
            group = ET.SubElement(root, "g", {"class": f"bar series-{i % len(PALETTE)}"})
            ET.SubElement(group, "title").text = f"{name}: {self._shown(value)}"
            ET.SubElement(group, "text", {"x": "0", "y": str(y)}).text = name
            width = 0 if value is None else round(plot * value / top, 1)
            ET.SubElement(
                group,
                "rect",
                {
                    "x": "0",
                    "y": str(y + 5),
                    "width": _number(width),
                    "height": "14",
                    "fill": PALETTE[0],
                },
            )
            label = ET.SubElement(group, "text", {"x": _number(width + 6), "y": str(y + 17)})
            label.text = self._shown(value)

    def _shown(self, value):
        return self.too_few if value is None else f"{_number(value)}{self.unit}"

    def _lines(self, root):
        left, right, top_margin, plot_height = 52, 16, 12, 220
        plot_width = self.width - left - right
        step = plot_width / max(len(self.labels) - 1, 1)
        top = self.top()
        bottom = top_margin + plot_height
        for tick in range(5):
            value = top * tick / 4
            y = bottom - plot_height * tick / 4
            ET.SubElement(
                root,
                "line",
                {"class": "grid", "x1": str(left), "x2": str(self.width - right)}
                | {"y1": f"{y:.1f}", "y2": f"{y:.1f}", "stroke": "#ddd"},
            )
            axis = ET.SubElement(root, "text", {"x": str(left - 6), "y": f"{y + 4:.1f}"})
            axis.set("text-anchor", "end")
            axis.text = f"{value:.3g}{self.unit}"
        every = max(1, (len(self.labels) + 5) // 6)
        for i, label in enumerate(self.labels):
            if i % every == 0 or i == len(self.labels) - 1:
                text = ET.SubElement(
                    root, "text", {"x": f"{left + i * step:.1f}", "y": str(bottom + 18)}
                )
                text.set("text-anchor", "middle")
                text.text = label
        for n, (name, values) in enumerate(self.series):
            colour = PALETTE[n % len(PALETTE)]
            group = ET.SubElement(root, "g", {"class": f"series series-{n % len(PALETTE)}"})
            ET.SubElement(group, "title").text = name
            segment = []
            for i, value in enumerate([*values, None]):
                if value is None:
                    if len(segment) > 1:
                        ET.SubElement(
                            group,
                            "polyline",
                            {"points": " ".join(segment), "fill": "none", "stroke": colour}
                            | {"stroke-width": "2"},
                        )
                    segment = []
                    continue
                x, y = left + i * step, bottom - plot_height * value / top
                segment.append(f"{x:.1f},{y:.1f}")
                dot = ET.SubElement(
                    group, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "3", "fill": colour}
                )
                ET.SubElement(dot, "title").text = f"{name} {self.labels[i]}: {self._shown(value)}"
            column, line = n % 3, n // 3
            x, y = left + column * (plot_width / 3), bottom + 40 + line * 22
            ET.SubElement(
                root, "rect", {"x": f"{x:.1f}", "y": str(y - 10), "width": "12", "height": "12"}
            ).set("fill", colour)
            ET.SubElement(root, "text", {"x": f"{x + 16:.1f}", "y": str(y)}).text = name
