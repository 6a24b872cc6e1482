"""Runtime assets (icons, sounds, stylesheet, translations), loaded through importlib.resources.

The frozen app and the source tree read them the same way; never build paths from __file__
or sys._MEIPASS in application code.
"""

ICON_SIZES = (48, 128, 256)


def icon_file_name(size: int) -> str:
    return f"packstation-{size}.png"
