"""Page-load budgets and layout checks for the e2e flows of issue 20.

`PageLoads` counts the main frame's load events: a link, a form post with its redirect, a reload each count
once. `fits(page)` tells whether the changelist's table fits its box (no hidden last column)."""

from pathlib import Path

SCREENSHOTS = Path(__file__).parent / "screenshots"
WIDTHS = (1366, 1920)


class PageLoads:
    def __init__(self, page):
        self.count = 0
        page.on("load", self._loaded)

    def _loaded(self, _page):
        self.count += 1


def table_overflow(page) -> int:
    """How many pixels of the list's table are hidden to the right (0: the last column is in view)."""
    return page.evaluate(
        """() => {
            const box = document.querySelector('#changelist .results') || document.querySelector('#changelist');
            const table = document.querySelector('#result_list');
            if (!box || !table) return 0;
            return Math.max(0, Math.ceil(table.getBoundingClientRect().right - box.getBoundingClientRect().right),
                            box.scrollWidth - box.clientWidth);
        }"""
    )


def screenshots_at_both_widths(page, name: str, *, check_fit: bool = True) -> dict[int, int]:
    """Screenshots at 1366 and 1920 px (sidebar as the page has it); returns the hidden pixels per width."""
    SCREENSHOTS.mkdir(exist_ok=True)
    hidden = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        hidden[width] = table_overflow(page) if check_fit else 0
    return hidden
