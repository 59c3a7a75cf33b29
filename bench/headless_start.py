"""Headless cold start of the reader: ``python bench/headless_start.py STORE OUT.json``.

Starts ``NewsdeskApp`` with no terminal, polls the article list every 2 ms until it has
rows (the app posts no ready signal), then sends a ``j`` key and waits until the cursor
moved. Writes CLOCK_MONOTONIC times (comparable with the parent process) to OUT.json.
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
        if "key" in marks and "full" not in marks:
            total = getattr(self, "_bench_total", None)
            if total is None or len(lst.articles) >= total:
                marks["full"] = time.monotonic()
                marks["full_count"] = len(lst.articles)
        if "full" in marks or time.monotonic() - marks["mounted"] > 300:
            Path(sys.argv[2]).write_text(json.dumps(marks))
            self.exit()


if __name__ == "__main__":
    app = ProbedApp(Path(sys.argv[1]))
    if len(sys.argv) > 3:
        app._bench_total = int(sys.argv[3])
    app.run(headless=True, size=(120, 40))
