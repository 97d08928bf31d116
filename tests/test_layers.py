"""The models stay free of Qt's widgets, so they can be used and tested without a screen."""

import subprocess
import sys

import pytest

MODELS = ("kiosk.content", "kiosk.visit", "kiosk.pin", "kiosk.screen_id", "kiosk.paths",
          "kiosk.usage",
          "kiosk.status")
# Read aloud's reader and player: QtCore only, and the player library only when first asked.
MODELS += ("kiosk.read_aloud", "kiosk.audio")
MODELS += ("kiosk.office_hours",)  # no Qt at all: tested with plain datetimes


@pytest.mark.parametrize("module", MODELS)
def test_a_model_loads_without_qt_widgets(module):
    probe = (f"import sys, {module}; "
             "loaded = sorted(m for m in sys.modules if m.startswith('PySide6.QtWidgets')); "
             "print(loaded); sys.exit(1 if loaded else 0)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, f"{module} loads {result.stdout}{result.stderr}"


def test_the_probe_would_see_qt_widgets_if_a_module_loaded_them():
    probe = ("import sys, kiosk.window; "
             "sys.exit(0 if 'PySide6.QtWidgets' in sys.modules else 1)")
    assert subprocess.run([sys.executable, "-c", probe], check=False).returncode == 0


def test_the_reader_loads_no_audio_library_until_a_player_is_opened():
    probe = "import sys, kiosk.read_aloud; sys.exit(1 if 'miniaudio' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", probe], check=False).returncode == 0
