"""`extract review`: one self-contained HTML page of a dataset, and the gold export.

The page embeds the data as JSON in a ``<script type="application/json">`` tag and
inlines its CSS and JS (``assets/``); a Content-Security-Policy forbids every fetch, so
the page works offline and leaks nothing. Articles are rendered one at a time, which
keeps a 1,000-article page responsive (see BENCHMARKS.md).
"""

from __future__ import annotations

from extractor._review._export import export_gold
from extractor._review._render import render_review

__all__ = ["export_gold", "render_review"]
