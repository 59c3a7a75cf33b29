"""The reader started from the command line draws up to 120 frames a second unless told otherwise."""

import os
import subprocess
import sys


def textual_fps(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    env.update(env_extra)
    code = "import tui.cli; from textual import constants; print(constants.MAX_FPS)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_command_line_raises_the_frame_rate():
    assert textual_fps({}) == "120"


def test_a_frame_rate_the_user_chose_is_kept():
    assert textual_fps({"TEXTUAL_FPS": "30"}) == "30"
