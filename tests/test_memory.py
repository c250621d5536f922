"""Memory helpers of the batch: the forkserver preload and glibc's arena trimming."""
from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from broadsheet import malloc

REPO = Path(__file__).resolve().parent.parent


def _in_fresh_python(code: str, env: dict | None = None) -> list[str]:
    """The words `code` prints, run in a new interpreter (the preload freezes the GC of its process;
    glibc's settings are per process)."""
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         env=env)
    return out.stdout.split()


def test_the_preload_loads_every_dateparser_locale_and_freezes_them():
    """What workers fork from: the parser, extractor and dateparser's locales, frozen for the GC."""
    code = (
        "import gc, broadsheet.preload\n"
        "from dateparser.languages.loader import default_loader\n"
        "print(gc.get_freeze_count(), len(default_loader._loaded_locales))\n")
    frozen, locales = map(int, _in_fresh_python(code))
    assert frozen > 50_000           # the modules' objects, moved out of the collector's reach
    assert locales > 150             # a miss in every locale loads them all (about 200)


def test_a_date_after_the_preload_is_read_as_before():
    """Warming dateparser's caches changes no answer."""
    code = (
        "import broadsheet.preload\n"
        "from scraper.meta_dates import parse_date\n"
        "print(parse_date('14 de marzo de 2023', fuzzy=True), parse_date('31 Nonesuch 2020', fuzzy=True))\n")
    assert _in_fresh_python(code) == ["2023-03-14", "None"]


@pytest.mark.skipif(not ctypes.util.find_library("c"), reason="no C library to trim")
def test_the_trimmer_trims_at_most_once_per_interval():
    trimmer = malloc.Trimmer(interval=0.2)
    if trimmer._trim is None:
        pytest.skip("not glibc")
    assert not trimmer.maybe_trim()          # the interval starts when it is made
    time.sleep(0.25)
    assert trimmer.maybe_trim()
    assert not trimmer.maybe_trim()


def test_the_trimmer_does_nothing_without_malloc_trim():
    trimmer = malloc.Trimmer(interval=0.0)
    trimmer._trim = None
    assert not trimmer.maybe_trim()


@pytest.mark.skipif(not ctypes.util.find_library("c"), reason="no C library")
def test_tune_malloc_sets_both_for_the_children_and_leaves_the_users_own_alone():
    code = (
        "import os\n"
        "from broadsheet.malloc import tune_malloc\n"
        "print(','.join(tune_malloc()) or '-', os.environ['MALLOC_ARENA_MAX'], os.environ['MALLOC_MMAP_THRESHOLD_'])\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    applied, arenas, threshold = _in_fresh_python(code, env)
    if applied == "-":
        pytest.skip("not glibc")
    assert applied == "MALLOC_ARENA_MAX,MALLOC_MMAP_THRESHOLD_"
    assert (arenas, threshold) == ("2", str(128 * 1024))
    applied, arenas, threshold = _in_fresh_python(code, {**env, "MALLOC_ARENA_MAX": "4"})
    assert applied == "MALLOC_MMAP_THRESHOLD_" and arenas == "4"
