"""Textual settings the command line picks for the reader, unless the user set them: up to 120
frames a second, and a 50 ms wait to tell Esc alone from a key's escape sequence."""

import os
import subprocess
import sys


def textual_constant(name: str, env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("TEXTUAL_FPS", "ESCDELAY")}
    env.update(env_extra)
    code = f"import tui.cli; from textual import constants; print(constants.{name})"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


def textual_fps(env_extra: dict[str, str]) -> str:
    return textual_constant("MAX_FPS", env_extra)


def test_command_line_raises_the_frame_rate():
    assert textual_fps({}) == "120"


def test_a_frame_rate_the_user_chose_is_kept():
    assert textual_fps({"TEXTUAL_FPS": "30"}) == "30"


def test_esc_alone_waits_50_ms_for_a_sequence():
    assert textual_constant("ESCAPE_DELAY", {}) == "0.05"


def test_an_escape_delay_the_user_chose_is_kept():
    assert textual_constant("ESCAPE_DELAY", {"ESCDELAY": "200"}) == "0.2"
