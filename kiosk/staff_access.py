"""How staff get in: the hidden gesture opens the PIN pad, the right PIN the staff panel."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.gesture import StaffGesture
from kiosk.pin import PinStore
from kiosk.screens.staff import (
    COMMAND,
    EXIT_SUBTITLE_SERVICE,
    HoldMark,
    PinPad,
    StaffPanel,
    UsagePage,
)
from kiosk.systemd import under_service
from kiosk.theme import Look
from kiosk.usage import Figures

log = logging.getLogger(__name__)

SET_PIN_COMMAND_VARIABLE = "KIOSK_SET_PIN_COMMAND"


class StaffAccess(QObject):
    """The gesture, the pad and the panel; tells the kiosk what staff asked for."""

    opened = Signal()  # the gesture was completed: the pad is about to open
    left = Signal()  # staff cancelled the pad or went back to the kiosk
    reload_requested = Signal()
    exit_requested = Signal()
    usage_requested = Signal()  # staff asked for "What patients read": show_usage follows

    def __init__(self, look: Look, window: QWidget, state: Path, *,
                 environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(window)
        self.gesture = StaffGesture(self)
        self.pad = PinPad(look, window)
        self.panel = StaffPanel(look, window)
        # deploy/kiosk.service names the command that stores the PIN where it reads it.
        self.pad.set_pin_command(environ.get(SET_PIN_COMMAND_VARIABLE) or COMMAND)
        if under_service(environ):
            self.panel.exit_button.set_subtitle(EXIT_SUBTITLE_SERVICE)
        self.pins = PinStore(state)
        self._office_name: QWidget | None = None
        self._lockout_end = QTimer(self, singleShot=True)
        self._lockout_end.timeout.connect(self._lockout_over)
        self.gesture.completed.connect(self.opened)
        self.hold_mark = HoldMark(look, window)
        self.gesture.first_hold.connect(self._first_hold)
        self.gesture.cleared.connect(self.hold_mark.hide)
        self.gesture.completed.connect(self.hold_mark.hide)
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
        self._office_name = office_name
        self.gesture.attach(office_name)

    def _first_hold(self) -> None:
        if self._office_name is not None:
            self.hold_mark.show_beside(self._office_name)

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
