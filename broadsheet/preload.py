"""What the batch's forkserver imports before it forks parse workers.

The parser and extractor modules, the dateparser locales (`scraper.preload`)
and the gazetteers and tagger lexicons (`extract.preload`) are loaded once,
then `gc.freeze()` moves every object made so far out of the garbage
collector's reach. Why: a forked worker shares these pages with the server
until it writes to them, and a collection writes to every tracked object's
header; frozen, they stay shared, so each of N workers is charged about 1/N+1
of them (PSS) instead of a private copy.
"""
from __future__ import annotations

import gc

from scraper import preload as _scraper_preload  # noqa: F401
from extract import preload as _extract_preload  # noqa: F401
from . import pages as _pages  # noqa: F401

gc.collect()
gc.freeze()
