"""The seed acceptance through the real path: local server -> `broadsheet scrape` -> CSVs -> pandas."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from extract.tables import TABLES, read_table

SEED_LAYOUTS = ["bsc-cupes-chinadaily.html", "bsc-cupes-cms.html"]
TITLE = "BSC, CUPES establish popular science education base"
BSC = "Biophysical Society of China"
CUPES = "Capital University of Physical Education and Sports"


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "broadsheet.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def scraped(tmp_path_factory):
    from broadsheet.localserver import LocalServer
    from conftest import SAMPLES

    out = tmp_path_factory.mktemp("out")
    with LocalServer(SAMPLES) as srv:
        urls = [srv.url(p) for p in SEED_LAYOUTS + ["lab-opening.html", "science-museum-gbk.html"]]
        proc = run_cli("scrape", *urls, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, urls, proc


def table(out, name):
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


def test_every_table_written_with_contract_columns(scraped):
    out, _, proc = scraped
    for name, cols in TABLES.items():
        df = table(out, name)
        assert list(df.columns) == cols, name
    assert "4 page(s) ok, 0 failed" in proc.stderr


def test_articles_of_both_seed_layouts(scraped):
    out, urls, _ = scraped
    arts = table(out, "articles").set_index("url")
    for url in urls[:2]:
        row = arts.loc[url]
        assert row.title == TITLE
        assert row.updated.startswith("2024-03-25")
        assert row.section == "News"
        assert row.paragraphs == "10"
        assert row.images == "3"


def test_paragraphs_and_images_of_seed_layouts(scraped):
    out, urls, _ = scraped
    arts = table(out, "articles").set_index("url")
    paras = table(out, "paragraphs")
    imgs = table(out, "images")
    texts = {}
    for url in urls[:2]:
        aid = arts.loc[url].article_id
        p = paras[paras.article_id == aid]
        texts[url] = list(p.text)
        assert len(p) == 10
        assert not any(".jpg" in t or "[Photo" in t for t in p.text)
        im = imgs[imgs.article_id == aid]
        assert len(im) == 3
        assert set(im.credit) == {"WeChat account: BSC"}
        assert not any("[Photo" in c for c in im.caption)
        assert im.caption.iloc[2].startswith("Liu Pingsheng, director-general of the BSC")
    assert texts[urls[0]] == texts[urls[1]]


def _people(out, url):
    arts = table(out, "articles").set_index("url")
    people = table(out, "people")
    return people[people.article_id == arts.loc[url].article_id]


@pytest.mark.parametrize("layout", [0, 1])
def test_seed_people(scraped, layout):
    out, urls, _ = scraped
    people = _people(out, urls[layout])
    triples = {(r.person, r.role, r.organisation, r.org_acronym) for r in people.itertuples()}
    assert ("Zhang Hong", "vice-president", BSC, "BSC") in triples
    assert ("Zhang Hong", "secretary-general", BSC, "BSC") in triples
    assert ("He Ming", "Party chief", CUPES, "CUPES") in triples
    assert ("Liu Pingsheng", "director-general", BSC, "BSC") in triples
    assert set(people.person) == {"Zhang Hong", "He Ming", "Liu Pingsheng"}
    assert len(people) == 4 and len(triples) == 4  # exactly the seed's records
    assert not ({"He", "Zhang"} & set(people.person))


def test_both_seed_layouts_give_the_same_records(scraped):
    out, urls, _ = scraped
    def key(df):
        return sorted((r.person, r.role, r.organisation, r.org_acronym) for r in df.itertuples())
    assert key(_people(out, urls[0])) == key(_people(out, urls[1]))
    arts = table(out, "articles").set_index("url")
    dates = table(out, "dates")
    per = [sorted(zip(d.value, d.granularity)) for d in
           (dates[dates.article_id == arts.loc[u].article_id] for u in urls[:2])]
    assert per[0] == per[1]
    assert ("2024-03-16", "day") in per[0] and ("2024-03", "month") in per[0]


def test_seed_organisations(scraped):
    out, urls, _ = scraped
    arts = table(out, "articles").set_index("url")
    orgs = table(out, "organisations")
    o = orgs[orgs.article_id == arts.loc[urls[0]].article_id]
    pairs = set(zip(o.organisation, o.acronym))
    assert (BSC, "BSC") in pairs and (CUPES, "CUPES") in pairs


def test_two_page_article_is_joined(scraped):
    out, urls, _ = scraped
    arts = table(out, "articles").set_index("url")
    row = arts.loc[urls[2]]
    paras = table(out, "paragraphs")
    texts = list(paras[paras.article_id == row.article_id].text)
    assert any("Hainan University" in t for t in texts)  # from page 2
    assert texts[0].startswith("A marine research laboratory opened")
    assert row.authors == "Ma Zhiping" and row.source == "China Daily"
    assert row.published.startswith("2024-05-09")  # the day the page shows (see test_metadata)


def test_gbk_page_decoded(scraped):
    out, urls, _ = scraped
    arts = table(out, "articles").set_index("url")
    row = arts.loc[urls[3]]
    assert row.title == "科技馆新馆开放"
    paras = table(out, "paragraphs")
    assert any("朱镕华" in t for t in paras[paras.article_id == row.article_id].text)


def test_failures_rows_and_exit_status(tmp_path, sample_server):
    good = sample_server.url("bsc-cupes-cms.html")
    missing = sample_server.url("no-such-page.html")
    proc = run_cli("scrape", good, missing, "-o", str(tmp_path), "--retries", "0")
    assert proc.returncode == 1
    fails = table(tmp_path, "failures")
    assert list(fails.url) == [missing]
    assert fails.stage.iloc[0] == "fetch" and fails.http_status.iloc[0] == "404"
    assert "404" in fails.error.iloc[0]
    assert len(table(tmp_path, "articles")) == 1  # the good page is kept


def test_input_file_and_local_html(tmp_path, sample_server):
    from conftest import SAMPLES

    listing = tmp_path / "urls.txt"
    listing.write_text(f"# seed pages\n{sample_server.url('bsc-cupes-cms.html')}\n\n{SAMPLES / 'bsc-cupes-chinadaily.html'}\n")
    proc = run_cli("scrape", "-i", str(listing), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert len(table(tmp_path / "out", "articles")) == 2


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("scrape", "-o", str(tmp_path)).returncode == 2
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("scrape", "http://127.0.0.1:9/", "--format", "xls").returncode == 2
    bad_ner = run_cli("scrape", "http://127.0.0.1:9/", "--ner", "nonesuch", "-o", str(tmp_path))
    assert bad_ner.returncode == 2 and "NER backend" in bad_ner.stderr


def test_parse_prints_article_json():
    from conftest import SAMPLES

    proc = run_cli("parse", str(SAMPLES / "bsc-cupes-chinadaily.html"), "--url",
                   "http://127.0.0.1/bsc-cupes-chinadaily.html")
    assert proc.returncode == 0, proc.stderr
    art = json.loads(proc.stdout)
    assert art["title"] == TITLE and len(art["paragraphs"]) == 10 and len(art["images"]) == 3


def test_demo_writes_tables(tmp_path):
    proc = run_cli("demo", "-o", str(tmp_path / "demo"))
    assert proc.returncode == 0, proc.stderr
    arts = read_table(tmp_path / "demo" / "articles.csv")
    assert len(arts) == 4 and TITLE in set(arts.title)


def test_warc_round_trip_joins_multi_page_article(tmp_path, sample_server):
    """Scrape with --warc, re-parse the archive: the two-page article is joined again."""
    warc = tmp_path / "raw.warc.gz"
    url = sample_server.url("lab-opening.html")
    proc = run_cli("scrape", url, "-o", str(tmp_path / "live"), "--warc", str(warc), "--delay", "0")
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("parse-warc", str(warc), "-o", str(tmp_path / "replay"))
    assert proc.returncode == 0, proc.stderr
    live = read_table(tmp_path / "live" / "paragraphs.csv")
    replay = read_table(tmp_path / "replay" / "paragraphs.csv")
    assert list(replay.text) == list(live.text)
    assert any("Hainan University" in t for t in replay.text)
    assert len(read_table(tmp_path / "replay" / "articles.csv")) == 1


def test_progress_bar_and_summary_on_a_terminal(tmp_path):
    """stderr on a (pseudo-)terminal: the progress bar and the summary line are shown."""
    import fcntl
    import os
    import struct
    import termios

    master, slave = os.openpty()
    # a real terminal has a size; a fresh pty has 0 columns, where tqdm draws nothing
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.Popen([sys.executable, "-m", "broadsheet.cli", "demo", "-o", str(tmp_path)],
                                stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait(timeout=120) == 0
    finally:
        os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "page" in shown and "4/4" in shown, shown  # tqdm's bar
    assert "4 page(s) ok, 0 failed" in shown
