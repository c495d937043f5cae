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

if __name__ == "__main__":
    from bqemulator.cli import main

    sys.argv[0] = "bqemulator"
    main()
