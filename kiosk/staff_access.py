"""How staff get in: the hidden gesture opens the PIN pad, the right PIN the staff panel."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.gesture import StaffGesture
from kiosk.pin import PinStore
from kiosk.screens.staff import PinPad, StaffPanel, UsagePage
from kiosk.theme import Look
from kiosk.usage import Figures

log = logging.getLogger(__name__)


class StaffAccess(QObject):
    """The gesture, the pad and the panel; tells the kiosk what staff asked for."""

    opened = Signal()  # the gesture was completed: the pad is about to open
    left = Signal()  # staff cancelled the pad or went back to the kiosk
    reload_requested = Signal()
    exit_requested = Signal()
    usage_requested = Signal()  # staff asked for "What patients read": show_usage follows

    def __init__(self, look: Look, window: QWidget, state: Path) -> None:
        super().__init__(window)
        self.gesture = StaffGesture(self)
        self.pad = PinPad(look, window)
        self.panel = StaffPanel(look, window)
        self.pins = PinStore(state)
        self._lockout_end = QTimer(self, singleShot=True)
        self._lockout_end.timeout.connect(self._lockout_over)
        self.gesture.completed.connect(self.opened)
        self.pad.submitted.connect(self._check_pin)
        self.pad.cancelled.connect(self.left)
        self.panel.back_requested.connect(self.left)
        self.panel.reload_requested.connect(self.reload_requested)
        self.panel.exit_requested.connect(self.exit_requested)
        self.usage = UsagePage(look, window)
        self.panel.usage_requested.connect(self.usage_requested)
        self.usage.back_requested.connect(self._back_to_panel)

    def attach(self, office_name: QWidget) -> None:
        """Watch this widget for the gesture (Home's office name, rebuilt with new content)."""
        self.gesture.attach(office_name)

    def is_open(self) -> bool:
        return self.pad.isVisible() or self.panel.isVisible() or self.usage.isVisible()

    def open_pad(self) -> None:
        if not self.pins.has_pin():
            self.pad.show_no_pin()
        else:
            self.pad.show_entry(self.pins.locked_for())

    def close(self) -> None:
        """Both staff screens shut, the gesture back at its start."""
        self.pad.close_pad()
        self.panel.hide()
        self.usage.hide()
        self.gesture.reset()

    def show_usage(self, figures: Figures, titles: Mapping[str, str],
                   languages: Mapping[str, str]) -> None:
        """What patients read, over the staff panel (which it leaves open beneath)."""
        self.usage.set_figures(figures, titles, languages)
        self.usage.show_chart("days")
        self.usage.open()

    def _back_to_panel(self) -> None:
        self.usage.hide()
        self.panel.open()

    def set_status(self, text: str) -> None:
        self.panel.set_status(text)

    def _lockout_over(self) -> None:
        self.pins.locked_for()  # looked at once it has run out: the store logs its end

    def _check_pin(self, pin: str) -> None:
        attempt = self.pins.verify(pin)
        if attempt.ok:
            log.info("admin unlock succeeded")
            self.pad.close_pad()
            self.panel.open()
            return
        log.warning("admin unlock failed, %d failures in a row", attempt.failures)
        if attempt.locked_for > 0:  # the store logs the start; a look once it is over, the end
            self._lockout_end.start(int(attempt.locked_for * 1000) + 50)
        self.pad.show_attempt(attempt)
