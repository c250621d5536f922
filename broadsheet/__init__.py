"""Broadsheet: news pages -> tidy tables. The command line lives in `broadsheet.cli`."""
from pathlib import Path

__version__ = "0.1.0"

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SAMPLES_DIR = DATA_DIR / "samples"
# The sample articles the demo scrapes; continuation pages are reached through their first page.
DEMO_PAGES = ["bsc-cupes-chinadaily.html", "bsc-cupes-cms.html", "lab-opening.html",
              "science-museum-gbk.html"]
