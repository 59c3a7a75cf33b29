"""Handing freed memory back to the OS: asked of glibc only, silent everywhere else."""

from __future__ import annotations

import os
import sys

import pytest

from tui.memory import release_free_memory


def glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False


def test_other_platforms_are_left_alone():
    assert release_free_memory("darwin") is False
    assert release_free_memory("win32") is False


def test_a_libc_that_is_not_glibc_is_left_alone(monkeypatch):
    def no_such_name(name):
        raise ValueError("unrecognized configuration name")

    monkeypatch.setattr(os, "confstr", no_such_name)
    assert release_free_memory("linux") is False


@pytest.mark.skipif(not glibc(), reason="needs glibc")
def test_glibc_is_asked_and_the_process_goes_on():
    data = [bytes(1000) for _ in range(20000)]
    del data
    assert release_free_memory() is True
    assert release_free_memory() is True
