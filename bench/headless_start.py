"""Headless cold start of the reader.

Starts ``NewsdeskApp`` with no terminal, polls the article list every 2 ms until it has
rows (the app posts no ready signal), then sends a ``j`` key and waits until the cursor
moved and the whole list (TOTAL rows) is shown, for at most PATIENCE seconds. Writes
CLOCK_MONOTONIC times (comparable with the parent process) to OUT.json.

    python bench/headless_start.py STORE OUT.json [TOTAL [PATIENCE]]
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events  # noqa: E402

import tui.app  # noqa: E402
from tui.app import NewsdeskApp  # noqa: E402

imported = time.monotonic()


class ProbedApp(NewsdeskApp):
    # CSS paths are relative to the class's module: keep pointing at the reader's own.
    CSS_PATH = str(Path(tui.app.__file__).with_name(NewsdeskApp.CSS_PATH))

    def on_mount(self) -> None:
        super().on_mount()
        self.marks: dict[str, float] = {"imported": imported, "mounted": time.monotonic()}
        self.set_interval(0.002, self._probe)

    def _probe(self) -> None:
        try:
            lst = self.reader.article_list
        except Exception:  # noqa: BLE001 - not composed yet
            return
        marks = self.marks
        if "rows" not in marks:
            if len(lst.articles) and lst.has_focus:
                marks["rows"] = time.monotonic()
                marks["row_count"] = len(lst.articles)
                key = events.Key("j", "j")
                key.set_sender(self)
                self._driver.send_message(key)
            return
        if "key" not in marks and lst.cursor == 1:
            marks["key"] = time.monotonic()
        total = getattr(self, "_bench_total", None)
        if "full" not in marks and (total is None or len(lst.articles) >= total):
            marks["full"] = time.monotonic()
            marks["full_count"] = len(lst.articles)
        if ("full" in marks and "key" in marks) or time.monotonic() - marks["mounted"] > getattr(
            self, "_bench_patience", 300
        ):
            Path(sys.argv[2]).write_text(json.dumps(marks))
            self.exit()


if __name__ == "__main__":
    app = ProbedApp(Path(sys.argv[1]))
    if len(sys.argv) > 3:
        app._bench_total = int(sys.argv[3])
    if len(sys.argv) > 4:
        app._bench_patience = float(sys.argv[4])
    app.run(headless=True, size=(120, 40))
