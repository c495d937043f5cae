"""Start bqemulator with DuckDB's `spatial` extension made optional.

bqemulator refuses to start unless `INSTALL spatial; LOAD spatial` succeeds, and
INSTALL downloads the extension from extensions.duckdb.org, which this
environment cannot reach. The CDC pipeline does not use GEOGRAPHY, so this
wrapper keeps the extension best-effort: it is loaded when it is already present
in DuckDB's extension directory and skipped (with a warning) otherwise. Every
other command line argument goes to the regular `bqemulator` CLI.
"""

from __future__ import annotations

import sys

from bqemulator.storage import engine as _engine


def _load_spatial_optional(self: _engine.DuckDBEngine) -> None:
    try:
        self._connection.execute("LOAD spatial")
    except Exception as exc:  # noqa: BLE001 - best effort by design
        print(
            f"[stack] DuckDB spatial extension unavailable, GEOGRAPHY disabled: {exc}",
            file=sys.stderr,
        )


_engine.DuckDBEngine._load_spatial = _load_spatial_optional  # type: ignore[method-assign]

# bqemulator 1.4.0 drops rangePartitioning from tables.insert and never reports it in tables.get;
# the catalog model already has the field, so the REST layer is taught to carry it.
from bqemulator.api.routes import tables as _tables
from bqemulator.catalog.models import RangePartitioning as _RangePartitioning

_rest_to_table_meta = _tables._rest_to_table_meta
_table_to_rest = _tables._table_to_rest


def _rest_to_table_meta_with_range(project_id, dataset_id, body, clock, existing=None):
    """tables.insert/update/patch: keep rangePartitioning, which bqemulator 1.4.0 drops."""
    meta = _rest_to_table_meta(project_id, dataset_id, body, clock, existing)
    raw = body.get("rangePartitioning")
    if isinstance(raw, dict) and isinstance(raw.get("range"), dict):
        bounds = raw["range"]
        spec = _RangePartitioning(
            field=raw["field"], start=int(bounds["start"]), end=int(bounds["end"]), interval=int(bounds["interval"])
        )
        return meta.model_copy(update={"range_partitioning": spec})
    if existing is not None and existing.range_partitioning is not None:
        return meta.model_copy(update={"range_partitioning": existing.range_partitioning})
    return meta


def _table_to_rest_with_range(table):
    """tables.get: report rangePartitioning like BigQuery (int64 values as strings)."""
    body = _table_to_rest(table)
    spec = table.range_partitioning
    if spec is not None:
        body["rangePartitioning"] = {
            "field": spec.field,
            "range": {"start": str(spec.start), "end": str(spec.end), "interval": str(spec.interval)},
        }
    return body


_tables._rest_to_table_meta = _rest_to_table_meta_with_range
_tables._table_to_rest = _table_to_rest_with_range


if __name__ == "__main__":
    from bqemulator.cli import main

    sys.argv[0] = "bqemulator"
    main()
