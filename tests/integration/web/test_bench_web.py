"""The web page's benchmark figures: its size, and its first paint against a minimal page's."""

from __future__ import annotations

import pytest

from story.bench.figures import BenchError
from story.bench.web import MINIMAL_PAGE, measure_web, page_size
from tests.integration.serve.browser import REQUIRE_BROWSER


def test_measures_the_size_and_the_first_paint(bundled_html: str) -> None:
    size, compressed = page_size(bundled_html)
    assert size == len(bundled_html.encode("utf-8")) and 0 < compressed < size
    try:
        figures = measure_web(runs=1, page=bundled_html)
    except BenchError as error:
        if REQUIRE_BROWSER:
            raise
        pytest.skip(str(error))
    assert figures.page_bytes == size and figures.page_gzip_bytes == compressed
    assert figures.first_paint_ms > 0 and figures.baseline_paint_ms > 0 and figures.runs == 1
    assert figures.paint_ratio == figures.first_paint_ms / figures.baseline_paint_ms
    assert page_size(MINIMAL_PAGE)[0] < 200
