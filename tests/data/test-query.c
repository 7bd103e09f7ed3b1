/* test-query.c — queries into column buffers, text pages, schemas, statistics, export, the
 * version check and the lock-down switch. */
#include "pika-test.h"
#include "pika/data.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

typedef struct {
    PkDb *db;
    PkConn *conn;
} Fixture;

static void fixture_set_up(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkDbOptions opts;
    pk_db_options_defaults(&opts);
    opts.threads = 2;
    f->db = pk_db_open(NULL, &opts, &error);
    g_assert_no_error(error);
    f->conn = pk_db_connect(f->db, &error);
    g_assert_no_error(error);
}

static void fixture_tear_down(Fixture *f, gconstpointer data) {
    (void)data;
    pk_conn_close(f->conn);
    pk_db_close(f->db);
}

static void exec_ok(Fixture *f, const char *sql) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_conn_exec(f->conn, sql, NULL, &error));
    g_assert_no_error(error);
}

static PkFrame *frame_ok(Fixture *f, const char *sql) {
    g_autoptr(GError) error = NULL;
    PkFrame *frame = NULL;
    g_assert_true(pk_conn_query_frame(f->conn, sql, NULL, NULL, NULL, &frame, &error));
    g_assert_no_error(error);
    return frame;
}

static void test_version_matches_header(void) {
    g_autoptr(GError) error = NULL;
    g_assert_cmpstr(pk_data_library_version(), ==, PK_DATA_DUCKDB_VERSION);
    g_assert_true(pk_data_check_version(&error));
}

static void test_types_map_to_columns(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(PkFrame) frame = frame_ok(
        f, "SELECT i::INTEGER AS i, i * 1.5 AS d, (i * 0.25)::DECIMAL(10,2) AS dec, "
           "i::FLOAT AS fl, TIMESTAMP '2024-01-01 00:00:01' AS ts, DATE '1970-01-02' AS day, "
           "i % 2 = 0 AS even, CASE WHEN i % 3 = 0 THEN 'a' ELSE 'bb' END AS cat, "
           "'x'::ENUM('x', 'y') AS en FROM range(5000) t(i)");
    g_assert_cmpuint(pk_frame_get_n_rows(frame), ==, 5000);
    g_assert_cmpint(pk_column_get_type(pk_frame_find_column(frame, "i")), ==, PK_COLUMN_TYPE_INT64);
    g_assert_cmpint(pk_column_get_int64s(pk_frame_find_column(frame, "i"))[4999], ==, 4999);
    g_assert_cmpfloat(pk_column_get_doubles(pk_frame_find_column(frame, "d"))[3], ==, 4.5);
    g_assert_cmpfloat(pk_column_get_doubles(pk_frame_find_column(frame, "dec"))[3], ==, 0.75);
    g_assert_cmpfloat(pk_column_get_doubles(pk_frame_find_column(frame, "fl"))[7], ==, 7.0);
    g_assert_cmpint(pk_column_get_int64s(pk_frame_find_column(frame, "ts"))[0], ==,
                    G_GINT64_CONSTANT(1704067201000000));
    g_assert_cmpint(pk_column_get_int64s(pk_frame_find_column(frame, "day"))[0], ==,
                    G_GINT64_CONSTANT(86400000000));
    g_assert_cmpuint(pk_column_get_bools(pk_frame_find_column(frame, "even"))[2], ==, 1);
    PkColumn *cat = pk_frame_find_column(frame, "cat");
    g_assert_cmpint(pk_column_get_type(cat), ==, PK_COLUMN_TYPE_CATEGORY);
    g_assert_cmpuint(pk_column_get_n_categories(cat), ==, 2);
    g_assert_cmpstr(pk_column_get_category(cat, pk_column_get_codes(cat)[0]), ==, "a");
    g_assert_cmpstr(pk_column_get_category(cat, pk_column_get_codes(cat)[1]), ==, "bb");
    PkColumn *en = pk_frame_find_column(frame, "en");
    g_assert_cmpuint(pk_column_get_n_categories(en), ==, 2);
    g_assert_cmpstr(pk_column_get_category(en, pk_column_get_codes(en)[10]), ==, "x");
}

/* The text each row of the query in test_categories_match_text_row_by_row holds. */
static char *expected_category(guint64 i) {
    switch (i % 5) {
    case 0:
        return g_strdup("short");
    case 1:
        return g_strdup_printf("a long category name %" G_GUINT64_FORMAT, i % 3);
    case 2:
        return g_strdup_printf("a long category name %" G_GUINT64_FORMAT, i % 3 + 1);
    case 3:
        return g_strdup_printf("v%" G_GUINT64_FORMAT, i % 1000);
    default:
        return NULL;
    }
}

/* Categories go through a cache of recent strings: inline (<= 12 bytes) and long strings, long
 * ones alike in length and first bytes, more distinct values than the cache has slots, NULLs
 * and chunk boundaries; every row must still name its own text. */
static void test_categories_match_text_row_by_row(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(PkFrame) frame =
        frame_ok(f, "SELECT CASE i % 5 WHEN 0 THEN 'short' "
                    "WHEN 1 THEN 'a long category name ' || (i % 3) "
                    "WHEN 2 THEN 'a long category name ' || (i % 3 + 1) "
                    "WHEN 3 THEN 'v' || (i % 1000) END AS c FROM range(20000) t(i)");
    PkColumn *c = pk_frame_get_column(frame, 0);
    const guint32 *codes = pk_column_get_codes(c);
    g_autoptr(GHashTable) distinct = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint64 i = 0; i < 20000; i++) {
        char *want = expected_category(i);
        if (want == NULL) {
            g_assert_false(pk_column_is_valid(c, i));
            continue;
        }
        if (g_strcmp0(pk_column_get_category(c, codes[i]), want) != 0) {
            g_error("row %" G_GUINT64_FORMAT ": \"%s\", expected \"%s\"", i,
                    pk_column_get_category(c, codes[i]), want);
        }
        g_hash_table_add(distinct, want);
    }
    g_assert_cmpuint(pk_column_get_n_categories(c), ==, g_hash_table_size(distinct));
}

static void test_nulls_become_invalid_and_nan(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(PkFrame) frame =
        frame_ok(f, "SELECT CASE WHEN i % 100 = 7 THEN NULL ELSE i * 0.5 END AS x, "
                    "CASE WHEN i = 3000 THEN NULL ELSE i END AS n, "
                    "CASE WHEN i = 5 THEN NULL ELSE 'v' END AS s FROM range(4100) t(i)");
    PkColumn *x = pk_frame_get_column(frame, 0);
    g_assert_cmpuint(pk_column_get_null_count(x), ==, 41);
    g_assert_true(isnan(pk_column_get_doubles(x)[2107]));
    g_assert_false(pk_column_is_valid(x, 2107));
    g_assert_true(pk_column_is_valid(x, 2108));
    g_assert_cmpfloat(pk_column_get_doubles(x)[2108], ==, 1054.0);
    PkColumn *n = pk_frame_get_column(frame, 1);
    g_assert_cmpuint(pk_column_get_null_count(n), ==, 1);
    g_assert_false(pk_column_is_valid(n, 3000));
    g_assert_false(pk_column_is_valid(pk_frame_get_column(frame, 2), 5));
}

static void test_empty_result_and_unsupported_type(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(PkFrame) frame = frame_ok(f, "SELECT 1.0 AS x WHERE false");
    g_assert_cmpuint(pk_frame_get_n_rows(frame), ==, 0);
    g_assert_cmpuint(pk_frame_get_n_columns(frame), ==, 1);
    g_autoptr(GError) error = NULL;
    PkFrame *out = NULL;
    g_assert_false(
        pk_conn_query_frame(f->conn, "SELECT [1, 2] AS l", NULL, NULL, NULL, &out, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(error->message, "CAST(\"l\" AS VARCHAR)"));
    g_clear_error(&error);
    g_assert_false(pk_conn_query_frame(f->conn, "SELEC 1", NULL, NULL, NULL, &out, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_QUERY);
    g_assert_nonnull(strstr(error->message, "syntax error"));
    g_clear_error(&error);
    g_assert_false(
        pk_conn_query_frame(f->conn, "SELECT * FROM nope", NULL, NULL, NULL, &out, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "nope"));
}

static void test_missing_extension_is_explained(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_conn_exec(f->conn, "SELECT st_point(1, 2)", NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(error->message, "\"spatial\" is not available offline"));
}

static void test_page_reads_rows_as_text(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TABLE t AS SELECT i AS id, i * 0.5 AS half, "
               "CASE WHEN i = 11 THEN NULL ELSE 'r' || i END AS label FROM range(1000) t(i)");
    g_autoptr(GError) error = NULL;
    g_autoptr(PkTextPage) page = NULL;
    g_assert_true(
        pk_conn_query_page(f->conn, "SELECT * FROM t ORDER BY id;", 10, 3, NULL, &page, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(page->n_rows, ==, 3);
    g_assert_cmpuint(page->n_columns, ==, 3);
    g_assert_cmpstr(page->column_names[1], ==, "half");
    g_assert_cmpstr(page->type_names[0], ==, "BIGINT");
    g_assert_cmpstr(pk_text_page_get(page, 0, 0), ==, "10");
    g_assert_cmpstr(pk_text_page_get(page, 0, 1), ==, "5.0");
    g_assert_null(pk_text_page_get(page, 1, 2));
    g_assert_cmpstr(pk_text_page_get(page, 2, 2), ==, "r12");
}

typedef struct {
    guint n_calls;
    guint64 n_rows;
    guint n_columns;
    char *first;
    guint stop_after;
} TextSink;

static gboolean collect_text(const PkTextPage *page, gpointer user_data) {
    TextSink *sink = user_data;
    if (sink->n_calls == 0 && page->n_rows > 0) {
        sink->first = g_strdup(pk_text_page_get(page, 0, 0));
    }
    sink->n_calls++;
    sink->n_rows += page->n_rows;
    sink->n_columns = page->n_columns;
    g_assert_cmpuint(page->n_rows, <=, 2048);
    return sink->stop_after == 0 || sink->n_calls < sink->stop_after;
}

static void test_text_streams_a_chunk_at_a_time(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TABLE t AS SELECT i AS id, i / 2 AS half FROM range(10000) t(i)");
    g_autoptr(GError) error = NULL;
    TextSink all = {0};
    g_assert_true(pk_conn_query_text(f->conn, "SELECT * FROM t ORDER BY id", G_MAXINT64, NULL,
                                     collect_text, &all, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(all.n_rows, ==, 10000);
    g_assert_cmpuint(all.n_calls, >=, 5);
    g_assert_cmpstr(all.first, ==, "0");
    TextSink limited = {0};
    g_assert_true(
        pk_conn_query_text(f->conn, "FROM t", 3000, NULL, collect_text, &limited, &error));
    g_assert_cmpuint(limited.n_rows, ==, 3000);
    TextSink stopped = {.stop_after = 1};
    g_assert_true(
        pk_conn_query_text(f->conn, "FROM t", G_MAXINT64, NULL, collect_text, &stopped, &error));
    g_assert_cmpuint(stopped.n_calls, ==, 1);
    TextSink empty = {0};
    g_assert_true(pk_conn_query_text(f->conn, "FROM t WHERE false", G_MAXINT64, NULL, collect_text,
                                     &empty, &error));
    g_assert_cmpuint(empty.n_calls, ==, 1);
    g_assert_cmpuint(empty.n_rows, ==, 0);
    g_assert_cmpuint(empty.n_columns, ==, 2);
    g_assert_false(
        pk_conn_query_text(f->conn, "FROM nowhere", 10, NULL, collect_text, &empty, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "nowhere"));
    g_free(all.first);
    g_free(limited.first);
    g_free(stopped.first);
}

static void test_schema_counts_and_stats(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TABLE t AS SELECT i AS id, CASE WHEN i < 10 THEN NULL ELSE i * 2.0 END "
               "AS v, 'c' || (i % 4) AS c FROM range(100) t(i); "
               "CREATE VIEW w AS SELECT id FROM t WHERE id < 5");
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSchema) schema = NULL;
    g_assert_true(pk_conn_describe_table(f->conn, "t", &schema, &error));
    g_assert_cmpuint(schema->n_columns, ==, 3);
    g_assert_cmpstr(schema->columns[1].type_name, ==, "DECIMAL(21,1)");
    g_assert_cmpint(schema->columns[2].type, ==, PK_COLUMN_TYPE_CATEGORY);
    g_assert_cmpint(pk_schema_find(schema, "c"), ==, 2);
    guint64 n = 0;
    g_assert_true(pk_conn_row_count(f->conn, "w", &n, &error));
    g_assert_cmpuint(n, ==, 5);
    char **names = NULL;
    gboolean *is_view = NULL;
    g_assert_true(pk_conn_list_tables(f->conn, &names, &is_view, &error));
    g_assert_cmpstr(names[0], ==, "t");
    g_assert_cmpstr(names[1], ==, "w");
    g_assert_true(is_view[1] && !is_view[0]);
    g_strfreev(names);
    g_free(is_view);
    PkColumnStats *stats = NULL;
    guint n_stats = 0;
    g_assert_true(pk_conn_column_stats(f->conn, "t", NULL, &stats, &n_stats, &error));
    g_assert_cmpuint(n_stats, ==, 3);
    g_assert_cmpstr(stats[0].min, ==, "0");
    g_assert_cmpstr(stats[0].max, ==, "99");
    g_assert_cmpuint(stats[1].n_nulls, ==, 10);
    g_assert_cmpuint(stats[2].approx_distinct, ==, 4);
    pk_column_stats_free(stats, n_stats);
    /* HyperLogLog overshoots a million distinct doubles by 1.3x: never more than the values */
    exec_ok(f, "CREATE TABLE u AS SELECT i * 0.5 AS d, CASE WHEN i % 4 = 0 THEN NULL "
               "ELSE i END AS m FROM range(1000000) t(i)");
    g_assert_true(pk_conn_column_stats(f->conn, "u", NULL, &stats, &n_stats, &error));
    g_assert_cmpuint(stats[0].approx_distinct, <=, 1000000);
    g_assert_cmpuint(stats[0].approx_distinct, >, 900000);
    g_assert_cmpuint(stats[1].approx_distinct, <=, 750000);
    pk_column_stats_free(stats, n_stats);
    g_assert_false(pk_conn_row_count(f->conn, "absent", &n, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
}

static void test_export_round_trips(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TABLE t AS SELECT i AS id, i * 0.5 AS half FROM range(50) t(i)");
    g_autofree char *dir = g_dir_make_tmp("pika-export-XXXXXX", NULL);
    const char *names[] = {"out.csv", "out.json", "out.parquet"};
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = g_build_filename(dir, names[i], NULL);
        g_assert_true(pk_data_export(f->conn, "t", NULL, path, PK_DATA_FORMAT_AUTO, NULL, &error));
        g_assert_no_error(error);
        const char *paths[] = {path, NULL};
        PkImportOptions opts;
        pk_import_options_defaults(&opts);
        opts.table = "back";
        opts.replace = TRUE;
        g_autoptr(PkImportResult) result = NULL;
        g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
        g_assert_no_error(error);
        g_assert_cmpuint(result->tables[0].n_rows, ==, 50);
        g_unlink(path);
    }
    g_autoptr(GError) error = NULL;
    g_autofree char *q = g_build_filename(dir, "q.csv", NULL);
    g_assert_true(
        pk_data_export(f->conn, NULL, "SELECT 1 AS one;", q, PK_DATA_FORMAT_CSV, NULL, &error));
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(q, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "one\n1\n");
    g_unlink(q);
    g_assert_false(
        pk_data_export(f->conn, NULL, "SELECT nope", q, PK_DATA_FORMAT_CSV, NULL, &error));
    g_assert_false(g_file_test(q, G_FILE_TEST_EXISTS));
    g_assert_cmpint(g_rmdir(dir), ==, 0); /* no temporary file left beside the target */
}

static void test_lock_down_refuses_files(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TABLE t AS SELECT 1 AS x");
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_db_lock_down(f->db, &error));
    g_assert_true(pk_db_is_locked_down(f->db));
    g_autoptr(PkFrame) frame = frame_ok(f, "SELECT x FROM t");
    g_assert_cmpuint(pk_frame_get_n_rows(frame), ==, 1);
    g_assert_false(pk_conn_exec(f->conn, "SELECT * FROM read_csv('/etc/passwd')", NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_SECURITY);
    g_clear_error(&error);
    g_assert_false(pk_conn_exec(f->conn, "SET enable_external_access = true", NULL, &error));
    g_assert_nonnull(error);
    g_clear_error(&error);
    g_assert_false(pk_conn_exec(f->conn, "COPY t TO '/tmp/pika-never.csv'", NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_SECURITY);
    g_clear_error(&error);
    g_assert_false(g_file_test("/tmp/pika-never.csv", G_FILE_TEST_EXISTS));
    /* The application still exports: it writes the file itself, SQL only produces rows. */
    g_autofree char *dir = g_dir_make_tmp("pika-locked-XXXXXX", NULL);
    g_autofree char *out = g_build_filename(dir, "t.csv", NULL);
    g_assert_true(pk_data_export(f->conn, "t", NULL, out, PK_DATA_FORMAT_CSV, NULL, &error));
    g_assert_no_error(error);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(out, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "x\n1\n");
    g_unlink(out);
    g_rmdir(dir);
}

/* Errors raised while a statement executes (not while it is prepared) carry DuckDB's own
 * message, through every way SQL is run. */
static void test_runtime_error_keeps_its_message(Fixture *f, gconstpointer data) {
    (void)data;
    const char *sql = "SELECT CAST('abc' AS INTEGER)";
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_conn_exec(f->conn, sql, NULL, &error));
    g_assert_nonnull(strstr(error->message, "Could not convert string 'abc' to INT32"));
    g_assert_null(strstr(error->message, "pending"));
    g_clear_error(&error);
    PkFrame *frame = NULL;
    g_assert_false(pk_conn_query_frame(f->conn, "SELECT error('the sky fell')", NULL, NULL, NULL,
                                       &frame, &error));
    g_assert_nonnull(strstr(error->message, "the sky fell"));
    g_clear_error(&error);
    /* an export whose rows fail half-way leaves no file and says why */
    g_autofree char *dir = g_dir_make_tmp("pika-export-error-XXXXXX", NULL);
    g_autofree char *out = g_build_filename(dir, "x.parquet", NULL);
    g_assert_false(pk_data_export(f->conn, NULL,
                                  "SELECT CASE WHEN i < 5000 THEN i ELSE error('row ' || i) END "
                                  "AS v FROM range(10000) r(i)",
                                  out, PK_DATA_FORMAT_AUTO, NULL, &error));
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, "row 5000"));
    g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
    g_assert_null(g_dir_read_name(listing));
    g_rmdir(dir);
}

/* A query that fails in a later chunk than the first, while its rows stream in, fails the
 * read with its own message. */
static void test_error_while_streaming(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkFrame *frame = NULL;
    g_assert_false(pk_conn_query_frame(f->conn,
                                       "SELECT CASE WHEN i < 300000 THEN i ELSE error('row ' || i) "
                                       "END AS v FROM range(400000) r(i) ORDER BY i",
                                       NULL, NULL, NULL, &frame, &error));
    g_assert_null(frame);
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, "row 3"));
}

/* The peak resident size of this process (test harness: Linux's /proc), in bytes. */
G_GNUC_UNUSED static gsize peak_resident(void) {
    g_autofree char *status = NULL;
    g_assert_true(g_file_get_contents("/proc/self/status", &status, NULL, NULL));
    const char *line = strstr(status, "VmHWM:");
    g_assert_nonnull(line);
    return (gsize)g_ascii_strtoull(line + 6, NULL, 10) * 1024;
}

/* A large read holds only a few chunks inside DuckDB: rows are copied as DuckDB produces them,
 * so the process's peak is the columns' bytes and little more (a materialised result would
 * add the whole result again). */
static void test_large_read_streams(Fixture *f, gconstpointer data) {
    (void)data;
#if defined(__SANITIZE_ADDRESS__)
    g_test_skip("ASan's quarantine keeps freed chunks: the peak says nothing here");
    (void)f;
    return;
#else
    const guint64 n = 20000000;
    g_autofree char *sql = g_strdup_printf(
        "SELECT i::DOUBLE AS x, (i * 2)::DOUBLE AS y FROM range(%" G_GUINT64_FORMAT ") r(i)", n);
    gsize before = peak_resident();
    PkFrame *frame = frame_ok(f, sql);
    gsize grown = peak_resident() - before;
    gsize columns = (gsize)n * 2 * sizeof(double);
    g_test_message("peak grew %.0f MB for %.0f MB of columns", grown / 1e6, columns / 1e6);
    g_assert_cmpuint(pk_frame_get_n_rows(frame), ==, n);
    g_assert_cmpuint(grown, <, columns + columns / 4 + 64 * 1024 * 1024);
    pk_frame_unref(frame);
#endif
}

/* Exports keep every type and the row order (the rows pass from the database to the writer a
 * chunk at a time). */
static void test_export_keeps_types_and_order(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TYPE abc AS ENUM ('0', '1', '2')");
    exec_ok(f, "CREATE TABLE t AS SELECT i, i * 0.5 AS d, 'r' || i AS s, "
               "TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, "
               "CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS n, [i, i + 1] AS l, "
               "{'a': i} AS st, (i % 3)::VARCHAR::abc AS e FROM range(100000) r(i)");
    g_autofree char *dir = g_dir_make_tmp("pika-export-types-XXXXXX", NULL);
    const char *names[] = {"t.parquet", "t.csv", "t.json"};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *out = g_build_filename(dir, names[i], NULL);
        g_autoptr(GError) error = NULL;
        g_assert_true(pk_data_export(f->conn, "t", NULL, out, PK_DATA_FORMAT_AUTO, NULL, &error));
        g_assert_no_error(error);
        g_autofree char *literal = pk_data_quote_literal(out);
        const char *reader = i == 0 ? "read_parquet" : i == 1 ? "read_csv" : "read_json";
        g_autofree char *sql = g_strdup_printf(
            "SELECT count(*)::DOUBLE, sum(CASE WHEN a.i = b.i AND a.s = b.s AND "
            "a.ts = b.ts AND a.n IS NOT DISTINCT FROM b.n THEN 1 ELSE 0 END)::DOUBLE "
            "FROM (SELECT *, row_number() OVER () AS k FROM t) a "
            "JOIN (SELECT *, row_number() OVER () AS k FROM %s(%s)) b USING (k)",
            reader, literal);
        g_autoptr(PkFrame) frame = frame_ok(f, sql);
        g_assert_cmpfloat(pk_column_get_as_double(pk_frame_get_column(frame, 0), 0), ==, 100000);
        g_assert_cmpfloat(pk_column_get_as_double(pk_frame_get_column(frame, 1), 0), ==, 100000);
        g_unlink(out);
    }
    g_rmdir(dir);
}

static gpointer count_in_thread(gpointer data) {
    PkDb *db = data;
    g_autoptr(GError) error = NULL;
    g_autoptr(PkConn) conn = pk_db_connect(db, &error);
    g_assert_no_error(error);
    PkFrame *frame = NULL;
    g_assert_true(pk_conn_query_frame(conn, "SELECT x FROM t WHERE x % 2 = 0", NULL, NULL, NULL,
                                      &frame, &error));
    g_assert_no_error(error);
    gsize n = pk_frame_get_n_rows(frame);
    pk_frame_unref(frame);
    return GSIZE_TO_POINTER(n);
}

static void test_connections_per_thread(Fixture *f, gconstpointer data) {
    (void)data;
    exec_ok(f, "CREATE TABLE t AS SELECT i AS x FROM range(100000) t(i)");
    GThread *threads[4];
    for (int i = 0; i < 4; i++) {
        threads[i] = g_thread_new("query", count_in_thread, f->db);
    }
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(GPOINTER_TO_SIZE(g_thread_join(threads[i])), ==, 50000);
    }
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    g_test_add_func("/data/db/library-version-matches-header", test_version_matches_header);
    ADD("/data/query/types-map-to-column-buffers", test_types_map_to_columns);
    ADD("/data/query/runtime-error-keeps-its-message", test_runtime_error_keeps_its_message);
    ADD("/data/query/error-while-streaming-keeps-its-message", test_error_while_streaming);
    ADD("/data/query/large-read-streams", test_large_read_streams);
    ADD("/data/export/keeps-types-and-row-order", test_export_keeps_types_and_order);
    ADD("/data/query/categories-match-text-row-by-row", test_categories_match_text_row_by_row);
    ADD("/data/query/nulls-are-invalid-and-doubles-nan", test_nulls_become_invalid_and_nan);
    ADD("/data/query/empty-result-and-unsupported-type", test_empty_result_and_unsupported_type);
    ADD("/data/query/missing-extension-is-explained", test_missing_extension_is_explained);
    ADD("/data/query/page-reads-rows-as-text", test_page_reads_rows_as_text);
    ADD("/data/query/text-streams-a-chunk-at-a-time", test_text_streams_a_chunk_at_a_time);
    ADD("/data/schema/tables-views-counts-and-stats", test_schema_counts_and_stats);
    ADD("/data/export/csv-json-parquet-round-trip-atomically", test_export_round_trips);
    ADD("/data/db/lock-down-refuses-file-access", test_lock_down_refuses_files);
    ADD("/data/db/one-connection-per-thread", test_connections_per_thread);
    return pk_test_run();
}
