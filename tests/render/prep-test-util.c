/* prep-test-util.c — the preparation tests' table (see prep-test-util.h). */
#include "prep-test-util.h"

void prep_test_create_table(PkDb **db, PkConn **conn, PkCompute **compute, int n_rows,
                            guint y_null_every) {
    const char *env = g_getenv("PIKA_TEST_SEED");
    guint32 seed = env != NULL ? (guint32)g_ascii_strtoull(env, NULL, 10) : g_random_int();
    g_test_message("PIKA_TEST_SEED=%u", seed);
    g_autoptr(GError) error = NULL;
    *db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    *conn = pk_db_connect(*db, &error);
    g_assert_no_error(error);
    *compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
    g_autofree char *y = g_strdup_printf("(hash(i + 7, %u) %% 1000000) / 250000.0", seed);
    g_autofree char *y_col =
        y_null_every == 0
            ? g_strdup(y)
            : g_strdup_printf("CASE WHEN i %% %u = 0 THEN NULL ELSE %s END", y_null_every, y);
    g_autofree char *sql =
        g_strdup_printf("CREATE TABLE t AS SELECT i, "
                        "(hash(i, %u) %% 1000000) / 500000.0 - 1.0 AS x, "
                        "%s AS y, "
                        "['a', 'b', 'c', 'd'][1 + (hash(i, %u) %% 4)::INTEGER] AS kind "
                        "FROM range(%d) r(i) ORDER BY i",
                        seed, y_col, seed, n_rows);
    g_assert_true(pk_conn_exec(*conn, sql, NULL, &error));
    g_assert_no_error(error);
}

void prep_test_close(PkDb *db, PkConn *conn, PkCompute *compute) {
    pk_plot_compute_free(compute);
    pk_conn_close(conn);
    pk_db_close(db);
}
