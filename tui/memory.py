"""Handing freed heap memory back to the operating system after a big load."""

from __future__ import annotations

import ctypes
import os
import sys


def release_free_memory(platform: str | None = None) -> bool:
    """Ask glibc to return free heap pages (``malloc_trim(0)``); True when it was asked.

    Reading a large store frees far more than it keeps, and glibc holds on to the freed pages.
    Anywhere else (another OS, musl, no libc symbol) this does nothing; it never raises.
    """
    if not (platform or sys.platform).startswith("linux"):
        return False
    try:
        # Only glibc answers this name; musl and others raise.
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False
        trim = ctypes.CDLL(None).malloc_trim
        trim.argtypes = [ctypes.c_size_t]
        trim.restype = ctypes.c_int
        trim(0)
    except Exception:  # noqa: BLE001 - a missing or odd libc only means no trim
        return False
    return True
