"""Seed acceptance: the bundled sample pages parse to the seed article."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from scraper import parse as _parse_entry
from scraper.parser import parse

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
SEED = REPO.parent / "shared" / "seeds" / "000_f030cc7494b69dff.txt"
BASE = "http://127.0.0.1:8000/"

TITLE = "BSC, CUPES establish popular science education base"
SEED_PARAGRAPHS = [
    "The Biophysical Society of China (BSC) and the Capital University of Physical Education and Sports (CUPES) "
    "signed a strategic cooperation framework agreement at a ceremony in Beijing on March 16.",
    "The event also witnessed the establishment of the popular science education base co-built by the two "
    "institutions.",
    "The signing of the agreement marks a successful exploration of the synergies between sports medicine and "
    "biophysics, leading to mutual benefits, said He Ming, Party chief of the university.",
    "The establishment of the popular science education base not only reflects the shared vision for cooperation "
    "in sci-tech popularization between the two parties, but also serves as a vital platform for nurturing talent "
    "in sports science, He added.",
    "The strategic cooperation between the BSC and the CUPES will provide crucial support for the application and "
    "promotion of biophysics in sports medicine, said Zhang Hong, vice-president and secretary-general of the BSC.",
    "Zhang also expressed his hope for continued collaboration in promoting sports knowledge, encouraging active "
    "participation in sports, enhancing physical fitness and upholding the spirit of sports.",
    "He said he believes that the cooperation between the two sides will facilitate interdisciplinary integration, "
    "improve the scientific literacy of the younger generation, and contribute to the development of education "
    "and sports in China.",
    "Subsequent to the ceremony, Liu Pingsheng, director-general of the BSC, delivered an academic report on lipid "
    "droplets and human health.",
    "The construction of popular science education bases is an important part of the BSC's mission to disseminate "
    "science popularization resources.",
    "As of March, the BSC has collaborated with primary and secondary schools, universities and science "
    "associations in establishing 13 popular science bases. It has also conducted various online and offline "
    "activities which have benefited a wide range of audiences.",
]
CAPTIONS = [
    "Zhang Hong (L, C), vice-president and secretary-general of the BSC, and He Ming, Party chief of the CUPES, "
    "sign a strategic cooperation framework agreement.",
    "Zhang Hong (L) and He Ming confer the plaque of the BSC-CUPES Popular Science Education Base.",
    "Liu Pingsheng, director-general of the BSC, delivers an academic report.",
]
LAYOUTS = ["bsc-cupes-chinadaily.html", "bsc-cupes-cms.html"]


def _parse_sample(name: str):
    return parse((SAMPLES / name).read_bytes(), BASE + name)


def test_seed_paragraphs_match_seed_file():
    """The expected paragraphs above are the seed text minus headline, captions and file names."""
    if not SEED.exists():
        pytest.skip("../shared/seeds not found")
    text = SEED.read_text(encoding="utf-8")
    for p in SEED_PARAGRAPHS:
        assert p in text


@pytest.mark.parametrize("name", LAYOUTS)
def test_seed_title_and_body(name):
    a = _parse_sample(name)
    assert a.title == TITLE
    assert a.paragraphs == SEED_PARAGRAPHS
    assert not any(p.endswith(".jpg") for p in a.paragraphs)
    assert not any("[Photo/" in p for p in a.paragraphs)
    assert a.warnings == []


@pytest.mark.parametrize("name", LAYOUTS)
def test_seed_images(name):
    a = _parse_sample(name)
    assert [i.caption for i in a.images] == CAPTIONS
    assert [i.credit for i in a.images] == ["WeChat account: BSC"] * 3
    assert [i.position for i in a.images] == [1, 1, 7]
    for image in a.images:
        assert image.src.startswith("http://127.0.0.1:8000/")
        assert "[Photo" not in image.caption


# --- fields owned by scraper/metadata.py (metadata engineer); asserted here as acceptance ---
@pytest.mark.parametrize("name", LAYOUTS)
def test_seed_metadata_from_metadata_module(name):
    pytest.importorskip("scraper.metadata")
    a = _parse_sample(name)
    updated = a.updated.date() if isinstance(a.updated, datetime) else a.updated
    assert updated == date(2024, 3, 25)
    assert a.section == "News"


def test_multipage_next_pages():
    a = _parse_sample("lab-opening.html")
    assert a.next_pages == [BASE + "lab-opening_2.html"]
    assert a.paragraphs[0].startswith("A marine research laboratory opened in Haikou")
    assert len(a.paragraphs) == 3
    assert [(i.credit, i.position) for i in a.images] == [("VCG", 2)]


def test_multipage_last_page_does_not_loop():
    a = _parse_sample("lab-opening_2.html")
    assert a.next_pages == []
    assert len(a.paragraphs) == 2


def test_gbk_page_declared_gb2312():
    data = (SAMPLES / "science-museum-gbk.html").read_bytes()
    assert "镕".encode("gbk") in data
    a = parse(data, BASE + "science-museum-gbk.html")
    assert a.title.startswith("科技馆新馆开放")
    assert any("朱镕华" in p for p in a.paragraphs)
    assert len(a.paragraphs) == 3


def test_package_parse_is_the_function_after_importing_the_module():
    import scraper.parser  # noqa: F401 - importing the module must not shadow scraper.parse
    import scraper

    assert scraper.parse is _parse_entry
    a = scraper.parse((SAMPLES / LAYOUTS[0]).read_bytes(), BASE + LAYOUTS[0])
    assert a.title == TITLE
