"""The Parquet shards of a sharded job: `OUT/parts/<table>/part-<task>.parquet`.

Each task writes one file per table (empty ones too, so a rerun of a task
always replaces all of its files) plus `OUT/parts/_pages/part-<task>.parquet`,
one row per page read, which says in what order the pages came and what each
gave; `extract.dataset` resolves duplicates from it. Every row carries three
bookkeeping columns after the table's own: `_input` (the input's number in
the job), `_page` (the page's number in that WARC) and `_row` (the row's
number within the page's rows). `_page` numbers pages of the whole file, so
a file cut into slices gives the same numbers as one task would.

A shard is written under a temporary name and renamed into place when the
task is complete (the `_pages` shard last), so no half-written shard is ever
visible under its final name.
"""
from __future__ import annotations

import os
from pathlib import Path

from extract.dataset import KEY_COLUMNS, PAGES, PARTS, pages_schema, shard_schema
from extract.schema import TABLES

# Pages buffered before their rows are written as one Parquet row group.
ROW_GROUP_PAGES = 256


class ShardWriter:
    """The shards of one task, written a row group at a time (memory bounded by ROW_GROUP_PAGES pages)."""

    def __init__(self, out_dir: str | Path, task_id: str, input_no: int):
        import pyarrow.parquet as pq

        self.parts = Path(out_dir) / PARTS
        self.task_id, self.input_no = task_id, input_no
        self.names = [*TABLES, PAGES]
        self.final = {name: self.parts / name / f"part-{task_id}.parquet" for name in self.names}
        self.tmp = {name: path.with_name(f".{path.name}.tmp") for name, path in self.final.items()}
        self.schemas = {name: (pages_schema() if name == PAGES else shard_schema(name)) for name in self.names}
        self.writers = {}
        for name in self.names:
            self.tmp[name].parent.mkdir(parents=True, exist_ok=True)
            self.writers[name] = pq.ParquetWriter(str(self.tmp[name]), self.schemas[name])
        self.buffers: dict[str, list[dict]] = {name: [] for name in self.names}
        self.pages_buffered = 0

    def add(self, page_no: int, page: dict, tables: dict[str, list[dict]]) -> None:
        """One page: its `_pages` row (url, body_hash, article_id, digest, failed) and its table rows."""
        keys = {"_input": self.input_no, "_page": page_no}
        self.buffers[PAGES].append({**page, **keys})
        for name, rows in tables.items():
            buf = self.buffers[name]
            for i, row in enumerate(rows):
                buf.append({**row, **keys, "_row": i})
        self.pages_buffered += 1
        if self.pages_buffered >= ROW_GROUP_PAGES:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        for name, rows in self.buffers.items():
            if rows:
                schema = self.schemas[name]
                cols = {f.name: [_cell(row.get(f.name), f.type) for row in rows] for f in schema}
                self.writers[name].write_table(pa.table(cols, schema=schema))
                rows.clear()
        self.pages_buffered = 0

    def commit(self) -> None:
        """Close every shard and rename it into place, the `_pages` shard last."""
        self.flush()
        for writer in self.writers.values():
            writer.close()
        for name in self.names:  # PAGES is last in self.names
            with open(self.tmp[name], "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(self.tmp[name], self.final[name])

    def abort(self) -> None:
        for writer in self.writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - cleaning up after a failure
                pass
        for tmp in self.tmp.values():
            tmp.unlink(missing_ok=True)


def _cell(value, kind):
    """A row's value as its shard column's type: text stays text, anything else is written as text."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_boolean(kind):
        return bool(value)
    if pa.types.is_integer(kind):  # as pandas' to_numeric(errors="coerce") reads it for the CSV
        try:
            return int(value) if not isinstance(value, float) or value.is_integer() else None
        except (TypeError, ValueError):
            return None
    return value if isinstance(value, str) else str(value)


__all__ = ["ShardWriter", "KEY_COLUMNS", "ROW_GROUP_PAGES"]
