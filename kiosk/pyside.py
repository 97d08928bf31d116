"""PySide6, loaded for the whole kiosk without the cost of an opt-in syntax the kiosk never uses.

Importing PySide6 replaces Python's ``__import__`` with its own, which reads the source of
every module imported after it, looking for the word "PySide6" (PYSIDE-2029), so that a module
may write ``from __feature__ import snake_case``. The kiosk writes no ``__feature__``, and that
search over its own modules and the standard library's was about 12 ms of its start, before
the first paint (bench/README.md). kiosk.app imports this module before any other of the
kiosk's, so Python's own import is back before they load."""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401 - the import that puts PySide6's own __import__ in place

# PySide6 keeps Python's own as __orig_import__; where a version has none, nothing changes.
builtins.__import__ = getattr(builtins, "__orig_import__", builtins.__import__)
