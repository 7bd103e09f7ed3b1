/* stream.c — the one place that asks DuckDB for a streaming result.
 *
 * DuckDB 1.4's header puts duckdb_pending_prepared_streaming under DUCKDB_API_NO_DEPRECATED,
 * which the data layer defines so that nothing else of the deprecated API creeps in. The call
 * is exported, documented and works: a streaming result produces its chunks as
 * duckdb_fetch_chunk asks for them, so a large result is never held whole inside DuckDB. This
 * file alone sees the declaration. */
#undef DUCKDB_API_NO_DEPRECATED
#include <duckdb.h>

#include "data-private.h"

duckdb_state pk_exec_pending_new(duckdb_prepared_statement stmt, gboolean streaming,
                                 duckdb_pending_result *out_pending) {
    return streaming ? duckdb_pending_prepared_streaming(stmt, out_pending)
                     : duckdb_pending_prepared(stmt, out_pending);
}
