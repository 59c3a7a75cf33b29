"""An article opened while the related index is still being built behind the screen."""

from __future__ import annotations

import store.related
from tui.app import NewsdeskApp

from .conftest import background_held, list_loaded, settle, wait_until

SIZE = (120, 40)


async def test_a_lookup_waits_for_the_index_being_built_instead_of_building_another(store_path, monkeypatch):
    builds: list[int] = []
    original = store.related.RelatedIndex.add_packed

    def add_packed(self, ids, *args, **kwargs):
        builds.append(len(ids))
        return original(self, ids, *args, **kwargs)

    monkeypatch.setattr(store.related.RelatedIndex, "add_packed", add_packed)
    app = NewsdeskApp(store_path, label="test")
    # Another long job behind the screen holds the turn, so the related index is not built yet.
    with background_held(app) as release:
        async with app.run_test(size=SIZE) as pilot:
            reader = app.reader
            await list_loaded(pilot, 10)
            await pilot.press("enter")
            await wait_until(pilot, lambda: reader.reading.article is not None)
            await pilot.pause(0.3)
            # The lookup waits: no index of its own, and no answer yet.
            assert builds == [] and app.store.store._related is None
            release()
            await settle(pilot)
            # One index, built by the store worker, answers the lookup.
            assert builds == [10]
            assert reader.related.items
