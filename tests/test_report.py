"""`report.html`: written by a batch and by `broadsheet report`, self-contained, and rendered by a real browser.

The browser is the system's Chromium (`.ci/run` installs it), run headless on
a copy of the report with a few lines of script appended that record, after
the page has loaded, how many images it has and how many were decoded.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from batch_helpers import cli
from extract.tables import read_table

SEED_LAYOUTS = ["bsc-cupes-chinadaily.html", "bsc-cupes-cms.html"]


def chromium() -> str | None:
    for name in (os.environ.get("BROADSHEET_CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def headless(browser: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={tmp_path / 'chromium-profile'}", *args],
                          capture_output=True, text=True, timeout=120)


PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = Array.from(document.images);
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0);
  const shown = ok.filter(i => i.getBoundingClientRect().width > 100);
  document.body.setAttribute("data-probe", imgs.length + "/" + ok.length + "/" + shown.length);
});
</script>"""


def rendered_images(browser: str, report, tmp_path) -> tuple[int, int, int]:
    """(images, decoded, laid out wider than 100 px) once Chromium has loaded the report."""
    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    proc = headless(browser, tmp_path, "--virtual-time-budget=10000", "--dump-dom", probe.as_uri())
    found = re.search(r'data-probe="(\d+)/(\d+)/(\d+)"', proc.stdout)
    assert found, (proc.stdout[-2000:], proc.stderr[-2000:])
    return tuple(int(g) for g in found.groups())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    proc = cli("demo", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_demo_writes_entities_and_the_report_and_zhang_hong_is_one_entity(demo):
    arts = read_table(demo / "articles.csv")
    seeds = set(arts[arts.url.str.endswith(tuple(SEED_LAYOUTS))].article_id)
    assert len(seeds) == 2
    people = read_table(demo / "people.csv")
    zhang = people[people.person == "Zhang Hong"]
    assert set(zhang.article_id) == seeds and zhang.entity_id.nunique() == 1
    ents = read_table(demo / "entities.csv").set_index("entity_id")
    row = ents.loc[zhang.entity_id.iloc[0]]
    assert row["name"] == "Zhang Hong" and row.articles == 2
    assert row.organisations == "Biophysical Society of China"
    assert set(row.roles.split(";")) == {"vice-president", "secretary-general"}
    roles = read_table(demo / "roles.csv")
    assert len(roles[roles.entity_id == row.name]) == 2
    quotes = read_table(demo / "quotes.csv")
    assert set(quotes[quotes.person == "Zhang Hong"].entity_id) == {row.name}
    report = (demo / "report.html").read_text(encoding="utf-8")
    assert "Zhang Hong" in report


def test_the_report_is_self_contained(demo):
    text = (demo / "report.html").read_text(encoding="utf-8")
    # nothing to fetch: no scripts, style sheets, fonts or images from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text, re.I)
    assert "<script" not in text.lower() and "@import" not in text and "url(" not in text
    imgs = re.findall(r'<img [^>]*src="([^"]+)"', text)
    assert len(imgs) >= 8 and all(src.startswith("data:image/svg+xml;base64,") for src in imgs)
    for heading in ("Articles per day and per source", "Pages ok and failed, by stage and reason",
                    "Top people, organisations and roles", "Role timelines", "Parse warnings", "Throughput"):
        assert heading in text


def test_the_report_renders_in_headless_chromium(demo, tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no Chromium found (.ci/run installs it: apt-get install chromium)")
    images, decoded, shown = rendered_images(browser, demo / "report.html", tmp_path)
    assert images >= 8 and decoded == images and shown == images
    shot = tmp_path / "report.png"
    proc = headless(browser, tmp_path, "--hide-scrollbars", "--window-size=1100,2400",
                    f"--screenshot={shot}", (demo / "report.html").as_uri())
    assert shot.exists(), proc.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as im:
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    # a page of charts, not a blank or an error page: many colours, the bars' blue among them
    assert len(colours) > 50
    assert any(abs(r - 0x2e) < 8 and abs(g - 0x6f) < 8 and abs(b - 0x95) < 8 for _n, (r, g, b) in colours)


def test_report_command_and_failures_and_no_report(server, sample_server, tmp_path):
    out = tmp_path / "out"
    urls = [sample_server.url(p) for p in SEED_LAYOUTS]
    urls += [server.add("/gone", status=404), server.add("/empty", body=b"<html><body><p>Hi</p></body></html>")]
    proc = cli("scrape", *urls, "-o", str(out), "--delay", "0", "--retries", "0", "--no-report")
    assert proc.returncode == 1, proc.stderr
    assert not (out / "report.html").exists() and (out / "entities.csv").exists()
    proc = cli("report", str(out))
    assert proc.returncode == 0, proc.stderr
    text = (out / "report.html").read_text(encoding="utf-8")
    assert proc.stdout.strip() == str(out / "report.html")
    for stage in ("fetch", "parse"):
        assert f"<td>{stage}</td>" in text
    assert "HTTP 404" in text or "404" in text
    assert "pages/s" in text               # the run was recorded in the store
    browser = chromium()
    if browser is not None:
        images, decoded, _ = rendered_images(browser, out / "report.html", tmp_path)
        assert images >= 6 and decoded == images
    assert cli("report", str(tmp_path / "nowhere")).returncode == 2


def test_a_batch_run_writes_the_report(tmp_path, sample_server):
    from batch_helpers import fast_options

    from broadsheet.pipeline import run_batch

    run_batch([sample_server.url(SEED_LAYOUTS[0])], tmp_path, fast_options(report=True))
    assert (tmp_path / "report.html").exists()
    run_batch([sample_server.url(SEED_LAYOUTS[1])], tmp_path / "quiet", fast_options(report=False))
    assert not (tmp_path / "quiet" / "report.html").exists()


def test_a_job_file_can_turn_the_report_off(tmp_path):
    from broadsheet.jobfile import JobError, load_job

    job = tmp_path / "job.toml"
    job.write_text('out = "out"\nurls = ["http://127.0.0.1:9/a"]\nreport = false\n', encoding="utf-8")
    assert load_job(job).report is False
    job.write_text('out = "out"\nurls = ["http://127.0.0.1:9/a"]\n', encoding="utf-8")
    assert load_job(job).report is True
    job.write_text('out = "out"\nurls = ["http://127.0.0.1:9/a"]\nreport = "no"\n', encoding="utf-8")
    with pytest.raises(JobError):
        load_job(job)


def test_parse_warnings_reach_articles_csv_and_the_report(server, tmp_path):
    from batch_helpers import fast_options
    from conftest import SAMPLES

    from broadsheet.pipeline import run_batch
    from broadsheet.report import write_report

    # a two-page article whose second page is gone: the article is kept, with a warning
    url = server.add("/news/lab-opening.html", body=(SAMPLES / "lab-opening.html").read_bytes())
    server.add("/news/lab-opening_2.html", status=404)
    summary = run_batch([url], tmp_path, fast_options(retries=0))
    assert summary.ok == 1
    arts = read_table(tmp_path / "articles.csv")
    assert "continuation page" in arts.warnings.iloc[0] and "lab-opening_2.html" in arts.warnings.iloc[0]
    text = write_report(tmp_path).read_text(encoding="utf-8")
    assert "continuation page &lt;url&gt; not read" in text
