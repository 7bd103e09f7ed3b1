/* prep-test-util.h — the data shared by the preparation tests (test-prep-*.c): an in-memory
 * DuckDB with table t and a compute context. */
#pragma once

#include "pika/core.h"
#include "pika/data.h"
#include "pika/plotprep.h"

G_BEGIN_DECLS

/* Opens an in-memory DuckDB, a connection and a compute context, and creates table t of n_rows
 * rows ordered by i: i, x in [-1, 1), y in [0, 4) (NULL in every y_null_every-th row when it
 * is not 0), kind one of 'a'..'d'. The values come from PIKA_TEST_SEED (random when unset;
 * printed). Asserts that every step worked. */
void prep_test_create_table(PkDb **db, PkConn **conn, PkCompute **compute, int n_rows,
                            guint y_null_every);
/* Frees what prep_test_create_table made. */
void prep_test_close(PkDb *db, PkConn *conn, PkCompute *compute);

G_END_DECLS
