"""Importing this module loads what parsing a page may need later: the parser's
modules and every dateparser locale, with their regular expressions compiled.

Why: a date string no pattern of ours reads goes to dateparser without a
language, and dateparser then tries its ~200 locales in turn, loading and
compiling each (about 2 s and 36 MB). Without this, every parse worker pays
that on its first such page, inside that page's time budget, and keeps a
private copy. Imported in the batch's forkserver (see `broadsheet.preload`),
the locales are loaded once and the workers forked from it share them.
"""
from __future__ import annotations

from datetime import datetime

from . import parser  # noqa: F401 - the modules every page needs
from .meta_dates import _dateparser
from .page_dates import relative_date


def warm_dates() -> None:
    """Make dateparser load every locale: a string no locale reads is tried in all of them.

    Its compiled patterns are cached per locale and dictionary kind, not per
    call's settings, so one miss of each kind of call fills the caches.
    """
    _dateparser("31 Nonesuch 2020")
    relative_date("3 nonesuches ago", datetime(2020, 1, 1))


warm_dates()
