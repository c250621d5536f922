"""`OUT/report.html`: what a run collected and what failed, in one file that opens offline.

Analysts look at a run before they read its tables. The report is built from
the output folder alone (the tables, and the job store when there is one), so
`broadsheet report OUT` can rebuild it at any time, and a batch writes it at
the end of every run (unless `--no-report`).

Self-contained on purpose: every plot is drawn with matplotlib as SVG (text
kept as text, so the browser draws names in any script with its own fonts)
and embedded as a `data:` image, the
style sheet is inline, and there is no script. The file opens from disk, from
an e-mail attachment, or on a machine with no network.
"""
from __future__ import annotations

import base64
import csv
import html
import io
import logging
import re
import sqlite3
import warnings
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .store import STORE_NAME

log = logging.getLogger("broadsheet")

REPORT_NAME = "report.html"
TOP = 15                  # bars in the "top ..." charts
TIMELINES = 6             # people whose role timeline is drawn
TIMELINE_ROLES = 8        # roles drawn per person (those in most articles)
RUNS_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    started_at TEXT NOT NULL, finished_at TEXT NOT NULL, ok INTEGER, failed INTEGER,
    new INTEGER, changed INTEGER, unchanged INTEGER, skipped INTEGER
);
"""
_COLOURS = {"ok": "#4c956c", "failed": "#d1495b", "bar": "#2e6f95", "line": "#2e6f95", "dot": "#edae49"}


# ---------------------------------------------------------------------------
# after a batch
# ---------------------------------------------------------------------------

def record_run(store, started_at: datetime, summary) -> None:
    """One row per batch run in the store: when, and what it did (the report's throughput)."""
    store.db.executescript(RUNS_SCHEMA)
    with store._tx():
        store.db.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (started_at.isoformat(), datetime.now(timezone.utc).isoformat(), summary.ok,
                          summary.failed, summary.new, summary.changed, summary.unchanged, summary.skipped))


def finish_run(store, out_dir: Path, started_at: datetime, summary, report: bool = True) -> Path | None:
    """The end of a batch: record the run, then write the report (a failure here never fails the run)."""
    try:
        record_run(store, started_at, summary)
    except sqlite3.Error as exc:
        log.warning("could not record the run in the store: %s", exc)
    if not report:
        return None
    try:
        return write_report(out_dir, store_path=store.path)
    except Exception as exc:  # noqa: BLE001 - the tables are written; the report is a view of them
        log.error("could not write %s: %s: %s", Path(out_dir) / REPORT_NAME, type(exc).__name__, exc)
        return None


# ---------------------------------------------------------------------------
# reading the output folder
# ---------------------------------------------------------------------------

def _rows(out: Path, name: str) -> Iterator[dict]:
    """The rows of one table of the folder, streamed (CSV, else Parquet, else JSONL; none: no rows).

    CSV is read with the csv module a row at a time, so the report needs
    neither pandas nor memory in proportion to the tables; text cells are
    un-escaped as `extract.tables.read_table` does, empty cells are None.
    """
    from extract.schema import FORMULA, INT_COLUMNS

    csv_path = out / f"{name}.csv"
    if csv_path.exists():
        csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # a sentence may be a huge paragraph
        with open(csv_path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                clean = {}
                for k, v in row.items():
                    if v is None or v == "":
                        clean[k] = None
                    elif k in INT_COLUMNS:
                        clean[k] = int(v) if v.lstrip("-").isdigit() else None
                    else:
                        clean[k] = v[1:] if v[:1] == "'" and FORMULA.match(v[1:]) else v
                yield clean
        return
    for fmt in ("parquet", "jsonl"):
        path = out / f"{name}.{fmt}"
        if path.exists():
            from extract.tables import read_table

            for row in read_table(path).to_dict("records"):
                yield {k: (None if v is None or (not isinstance(v, str) and v != v) else v) for k, v in row.items()}
            return


def _store_facts(path: Path | None) -> dict:
    """Pages by state and stage, the runs, and when each page was settled (read-only)."""
    facts = {"pages": [], "runs": [], "settled": []}
    if path is None or not Path(path).exists():
        return facts
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return facts
    try:
        facts["pages"] = con.execute("SELECT state, stage, reason, url FROM urls").fetchall()
        facts["settled"] = [r[0] for r in con.execute(
            "SELECT updated_at FROM urls WHERE state != 'queued' AND updated_at IS NOT NULL")]
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'runs'").fetchone():
            facts["runs"] = con.execute("SELECT started_at, finished_at, ok, failed, new, changed, unchanged, "
                                        "skipped FROM runs ORDER BY started_at").fetchall()
    except sqlite3.Error as exc:
        log.warning("report: could not read the job store: %s", exc)
    finally:
        con.close()
    return facts


# ---------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------

def _figure(width: float = 7.5, height: float = 3.2):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _svg(fig) -> str:
    """The figure as an <img> holding its SVG (base64): no ids can clash, nothing is fetched."""
    import matplotlib

    buf = io.BytesIO()
    with warnings.catch_warnings():
        # Labels in any script: the SVG keeps them as text, and the browser draws them with
        # whatever font has the glyphs; matplotlib's own font (used only to lay out) may not.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "broadsheet"}):
            fig.savefig(buf, format="svg", metadata={"Date": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    w, h = fig.get_size_inches() * 100
    return (f'<img class="plot" width="{w:.0f}" height="{h:.0f}" alt="" '
            f'src="data:image/svg+xml;base64,{data}">')


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


def _short(text: str, n: int = 48) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _barh(counts: list[tuple[str, int]], xlabel: str, colour: str = _COLOURS["bar"]) -> str:
    counts = counts[:TOP]
    fig, ax = _figure(7.5, 0.8 + 0.28 * len(counts))
    labels = [_short(k) for k, _ in counts][::-1]
    values = [v for _, v in counts][::-1]
    ax.barh(range(len(values)), values, color=colour)
    ax.set_yticks(range(len(values)), labels)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style(ax)
    return _svg(fig)


def _per_day(dates: list[str]) -> tuple[str, str]:
    """Articles per day (per month when the run spans more than ~3 months)."""
    import matplotlib.dates as mdates

    days = Counter(d for d in dates if d)
    if not days:
        return "", "no article has a date"
    parsed = {datetime.strptime(d, "%Y-%m-%d"): n for d, n in days.items()}
    unit = "day"
    if (max(parsed) - min(parsed)).days > 92:
        unit = "month"
        months = Counter()
        for d, n in parsed.items():
            months[d.replace(day=15)] += n
        parsed = dict(months)
    fig, ax = _figure()
    xs = sorted(parsed)
    ax.bar(xs, [parsed[x] for x in xs], width=0.8 if unit == "day" else 25, color=_COLOURS["bar"])
    loc = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(f"articles per {unit}", fontsize=8)
    _style(ax)
    return _svg(fig), unit


def _stages(pages: dict[str, tuple[int, int]]) -> str:
    """Pages ok / failed at each stage, as stacked bars."""
    stages = list(pages)
    fig, ax = _figure(7.5, 0.8 + 0.4 * len(stages))
    ys = range(len(stages))[::-1]
    ok = [pages[s][0] for s in stages]
    bad = [pages[s][1] for s in stages]
    ax.barh(list(ys), ok, color=_COLOURS["ok"], label="ok")
    ax.barh(list(ys), bad, left=ok, color=_COLOURS["failed"], label="failed here")
    ax.set_yticks(list(ys), stages)
    ax.set_xlabel("pages", fontsize=8)
    ax.legend(fontsize=8, frameon=False, ncols=2, loc="lower left", bbox_to_anchor=(0, 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style(ax)
    return _svg(fig)


def _timelines_figure(people: list[tuple[str, list[tuple[str, list[datetime]]]]]) -> str:
    """The top people's roles on one time axis: per role, a line from first to last article, a dot per article.

    One axes for everyone (a person's name heads their rows): far cheaper to
    lay out than an axes per person, and the dates line up.
    """
    import matplotlib.dates as mdates
    from datetime import timedelta

    rows = sum(1 + len(spans) for _name, spans in people)
    fig, ax = _figure(7.5, 0.7 + 0.26 * rows)
    labels, heads = [], []
    y = rows - 1
    for n, (name, spans) in enumerate(people):
        if n:
            ax.axhline(y + 0.5, color="#ddd", linewidth=0.8)
        heads.append(len(labels))
        labels.append((y, name))
        y -= 1
        for label, days in spans:
            ax.plot([min(days), max(days)], [y, y], color=_COLOURS["line"], linewidth=3, solid_capstyle="round")
            ax.plot(days, [y] * len(days), "o", color=_COLOURS["dot"], markersize=5, markeredgecolor="#444")
            labels.append((y, _short(label, 60)))
            y -= 1
    ax.set_yticks([pos for pos, _ in labels], [text for _, text in labels])
    for i in heads:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_ylim(-0.7, rows - 0.3)
    ax.tick_params(axis="y", length=0)
    every = [d for _n, spans in people for _l, days in spans for d in days]
    pad = max(timedelta(days=3), (max(every) - min(every)) / 30)
    ax.set_xlim(min(every) - pad, max(every) + pad)
    loc = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    _style(ax)
    return _svg(fig)


def _throughput(settled: list[datetime], started: datetime, finished: datetime) -> str:
    """Pages settled during the last run, cumulatively, against seconds since it started."""
    secs = sorted((t - started).total_seconds() for t in settled if started <= t <= finished)
    fig, ax = _figure(7.5, 2.8)
    ax.step([0] + secs, range(len(secs) + 1), where="post", color=_COLOURS["line"])
    ax.set_xlabel("seconds since the run started", fontsize=8)
    ax.set_ylabel("pages settled", fontsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _style(ax)
    return _svg(fig)


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 980px;
       padding: 1.5em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
.muted { color: #666; } .grid { display: flex; flex-wrap: wrap; gap: 0.8em; }
.box { border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.9em; min-width: 7em; }
.box b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 13px; }
td, th { border-bottom: 1px solid #eee; padding: 0.25em 0.7em; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
img.plot { max-width: 100%; height: auto; display: block; margin: 0.6em 0; }
"""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _html_table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="n">{_esc(v)}</td>' if i in numeric else f"<td>{_esc(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(value) -> str:
    """A table value for display: NA as empty, `;`-joined lists with a space."""
    if value is None or (not isinstance(value, str) and value != value):
        return ""
    return str(value).replace(";", "; ")


def _day(value) -> str | None:
    if value is None or (not isinstance(value, str) and value != value):
        return None
    text = str(value)
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


def _reason(text) -> str:
    """A failure reason with URLs and numbers that differ per page folded, so reasons group."""
    text = re.sub(r"https?://\S+|file://\S+", "<url>", str(text or "unknown"))
    text = re.sub(r"\(at [\w.]+:\d+\)", "", text)
    return _short(text, 120)


def _source(row: dict) -> str:
    from urllib.parse import urlsplit

    src = row.get("source")
    if isinstance(src, str) and src.strip():
        return src.strip()
    return urlsplit(str(row.get("url") or "")).hostname or "unknown"


def _by_count(counts: dict) -> list[tuple[str, int]]:
    return sorted(((k, len(v) if isinstance(v, set) else v) for k, v in counts.items()),
                  key=lambda kv: (-kv[1], kv[0]))


def build_report(out_dir: str | Path, store_path: str | Path | None = None) -> str:
    """The report of an output folder, as one HTML document."""
    from extract.resolve import article_date

    out = Path(out_dir)
    store_path = Path(store_path) if store_path else out / STORE_NAME
    facts = _store_facts(store_path)
    # each table read once, as a stream, keeping only counts (and the top people's rows)
    day_of: dict[str, str | None] = {}
    sources: Counter = Counter()
    warn: Counter = Counter()
    for r in _rows(out, "articles"):
        day_of[r["article_id"]] = article_date(r)
        sources[_source(r)] += 1
        for w in (r.get("warnings") or "").split(";"):
            if w.strip():
                warn[_reason(w.strip())] += 1
    entities = sorted(((r.get("articles") or 0, r.get("name") or "", r) for r in _rows(out, "entities")),
                      key=lambda t: (-t[0], t[1], t[2]["entity_id"]))
    entities = [r for _n, _name, r in entities]
    roles_rows, with_roles = 0, set()
    for r in _rows(out, "roles"):
        roles_rows += 1
        with_roles.add(r["entity_id"])
    timeline_ids = [r["entity_id"] for r in entities if r["entity_id"] in with_roles][:TIMELINES]
    wanted = set(timeline_ids)
    people_rows = 0
    role_articles: dict[str, set] = defaultdict(set)
    timeline_rows: dict[str, list[dict]] = defaultdict(list)
    for r in _rows(out, "people"):
        people_rows += 1
        if r.get("role_normalised"):
            role_articles[r["role_normalised"]].add(r["article_id"])
        if r.get("entity_id") in wanted:
            timeline_rows[r["entity_id"]].append({k: r.get(k) for k in (
                "article_id", "role_normalised", "organisation", "org_acronym")})
    org_articles: dict[str, set] = defaultdict(set)
    for r in _rows(out, "organisations"):
        if r.get("organisation"):
            org_articles[r["organisation"]].add(r["article_id"])
    parts: list[str] = []
    add = parts.append

    # -- summary --------------------------------------------------------------
    if facts["pages"]:
        ok_pages = sum(1 for state, *_ in facts["pages"] if state == "done")
        failed_pages = sum(1 for state, *_ in facts["pages"] if state == "failed")
        queued = sum(1 for state, *_ in facts["pages"] if state == "queued")
        fail_rows = [(stage or "unknown", reason, url) for state, stage, reason, url in facts["pages"]
                     if state == "failed"]
    else:
        fail_rows = [(r.get("stage") or "unknown", r.get("error"), r.get("url")) for r in _rows(out, "failures")]
        ok_pages, failed_pages, queued = len(day_of), len(fail_rows), 0
    multi = sum(1 for r in entities if (r.get("articles") or 0) > 1)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    add(f"<h1>Broadsheet run report</h1><p class='muted'>{_esc(out.resolve())} · written {now}</p>")
    boxes = [("articles", len(day_of)), ("pages ok", ok_pages), ("pages failed", failed_pages),
             ("people rows", people_rows), ("people (entities)", len(entities)),
             ("in 2+ articles", multi), ("roles", roles_rows), ("organisations", len(org_articles))]
    if queued:
        boxes.append(("still queued", queued))
    add("<div class='grid'>" + "".join(f"<div class='box'><b>{n}</b>{_esc(k)}</div>" for k, n in boxes) + "</div>")

    # -- articles ---------------------------------------------------------------
    add("<h2 id='articles'>Articles per day and per source</h2>")
    dates = list(day_of.values())
    plot, unit = _per_day([d for d in dates if d]) if dates else ("", "no articles")
    undated = sum(1 for d in dates if not d)
    add(plot or f"<p class='muted'>{_esc(unit)}</p>")
    if undated:
        add(f"<p class='muted'>{undated} article(s) without a date are not shown.</p>")
    if sources:
        add(_barh(_by_count(sources), "articles"))
        if len(sources) > TOP:
            add(f"<p class='muted'>top {TOP} of {len(sources)} sources</p>")

    # -- pages by stage -----------------------------------------------------------
    add("<h2 id='pages'>Pages ok and failed, by stage and reason</h2>")
    stage_fail = Counter(stage for stage, _r, _u in fail_rows)
    stages = ["robots", "fetch", "parse", "extract"]  # in the order a page goes through them
    order = stages + sorted(set(stage_fail) - set(stages))
    reached = ok_pages + failed_pages
    pages = {}
    for stage in order:
        pages[stage] = (reached - stage_fail[stage], stage_fail[stage])
        reached -= stage_fail[stage]
    if ok_pages + failed_pages:
        add(_stages(pages))
    reasons = Counter((stage, _reason(reason)) for stage, reason, _u in fail_rows)
    example = {}
    for stage, reason, url in sorted(fail_rows, key=lambda r: str(r[2])):
        example.setdefault((stage, _reason(reason)), url)
    if reasons:
        add(_html_table(["stage", "reason", "pages", "example"],
                        [[s, r, n, example[(s, r)]] for (s, r), n in reasons.most_common(20)], {2}))
    else:
        add("<p class='muted'>No page failed.</p>")

    # -- people, organisations, roles ----------------------------------------------
    add("<h2 id='people'>Top people, organisations and roles</h2>")
    if entities:
        top = entities[:TOP]
        labels = []
        for r in top:
            org = (r.get("organisations") or "").split(";")[0]
            labels.append((f"{r['name']} ({org})" if org else r["name"], r.get("articles") or 0))
        add("<h3>People, by articles</h3>" + _barh(labels, "articles"))
        add(_html_table(["person", "organisations", "roles", "articles", "first seen", "last seen", "entity_id"],
                        [[r["name"], _cell(r.get("organisations")), _cell(r.get("roles")), r.get("articles"),
                          _cell(r.get("first_seen")), _cell(r.get("last_seen")), r["entity_id"]]
                         for r in top], {3}))
    else:
        add("<p class='muted'>No people found.</p>")
    if org_articles:
        add("<h3>Organisations, by articles</h3>" + _barh(_by_count(org_articles), "articles"))
    if role_articles:
        add("<h3>Roles, by articles</h3>" + _barh(_by_count(role_articles), "articles"))

    # -- timelines ------------------------------------------------------------------
    add("<h2 id='timelines'>Role timelines of the top people</h2>")
    by_id = {r["entity_id"]: r for r in entities}
    add(_timelines([by_id[e] for e in timeline_ids], timeline_rows, day_of) if roles_rows
        else "<p class='muted'>No roles found.</p>")

    # -- warnings -------------------------------------------------------------------
    add("<h2 id='warnings'>Parse warnings</h2>")
    if warn:
        add(_html_table(["warning (on pages that gave an article)", "articles"],
                        [[w, n] for w, n in warn.most_common(20)], {1}))
    else:
        add("<p class='muted'>No parse warnings on the pages that gave an article.</p>")
    parse_fail = Counter(_reason(r) for s, r, _u in fail_rows if s == "parse")
    if parse_fail:
        add(_html_table(["parse failure (no article)", "pages"], [[w, n] for w, n in parse_fail.most_common(20)],
                        {1}))

    # -- throughput -------------------------------------------------------------------
    add("<h2 id='throughput'>Throughput</h2>")
    add(_throughput_section(facts))
    body = "\n".join(parts)
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Broadsheet report: {_esc(out.name)}</title><style>{CSS}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def _timelines(top: list[dict], rows_of: dict[str, list[dict]], day_of: dict[str, str | None]) -> str:
    """For the people in most articles (with a role): each role @ organisation over the article dates."""
    from extract.resolve import org_groups, org_keys, role_key

    drawn = []
    for ent in top:
        rows = rows_of.get(ent["entity_id"], [])
        group, display = org_groups(rows)  # the organisation by full name and by acronym is one
        spans: dict[tuple[str, str], set] = {}
        label: dict[tuple[str, str], str] = {}
        for r in rows:
            role = r.get("role_normalised") or ""
            day = day_of.get(r["article_id"])
            if not role or not day:
                continue
            keys = org_keys(r.get("organisation"), r.get("org_acronym"))
            og = group[min(keys)] if keys else ""
            key = (role_key(role), og)
            spans.setdefault(key, set()).add(datetime.strptime(day, "%Y-%m-%d"))
            label.setdefault(key, f"{role} @ {display[og]}" if og else role)
        if not spans:
            continue
        # the roles given by most articles (at most TIMELINE_ROLES), drawn in the order they began
        kept = sorted(spans, key=lambda k: (-len(spans[k]), min(spans[k]), label[k]))[:TIMELINE_ROLES]
        ordered = sorted(kept, key=lambda k: (min(spans[k]), label[k]))
        more = f", {len(spans) - len(kept)} more role(s) in roles.csv" if len(spans) > len(kept) else ""
        drawn.append((f"{ent['name']} · {ent.get('articles') or 0} article(s){more}",
                      [(label[k], sorted(spans[k])) for k in ordered]))
    if not drawn:
        return "<p class='muted'>No dated roles.</p>"
    return _timelines_figure(drawn)


def _parse_time(text) -> datetime | None:
    try:
        t = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _throughput_section(facts: dict) -> str:
    runs = facts["runs"]
    if not runs:
        return "<p class='muted'>No run recorded in the job store.</p>"
    rows = []
    for started, finished, ok, failed, new, changed, unchanged, skipped in runs[-10:]:
        t0, t1 = _parse_time(started), _parse_time(finished)
        secs = (t1 - t0).total_seconds() if t0 and t1 else None
        pages = (ok or 0) + (failed or 0)
        rate = f"{pages / secs:.2f}" if secs and pages else ""
        rows.append([started[:19].replace("T", " "), f"{secs:.1f}" if secs is not None else "", pages, ok, failed,
                     new, changed, unchanged, skipped, rate])
    html_rows = _html_table(["run started (UTC)", "seconds", "pages", "ok", "failed", "new", "changed", "unchanged",
                             "already done", "pages/s"], rows, set(range(1, 10)))
    t0, t1 = _parse_time(runs[-1][0]), _parse_time(runs[-1][1])
    settled = [t for t in (_parse_time(s) for s in facts["settled"]) if t]
    plot = ""
    if t0 and t1 and any(t0 <= t <= t1 for t in settled):
        plot = "<h3>Last run: pages settled over time</h3>" + _throughput(settled, t0, t1)
    return html_rows + plot


def write_report(out_dir: str | Path, store_path: str | Path | None = None) -> Path:
    """Write `out_dir/report.html` (through a temporary file: a reader never sees half a report)."""
    from .store import replace_atomically

    out = Path(out_dir)
    text = build_report(out, store_path)
    path = out / REPORT_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    replace_atomically(tmp, path)
    return path
