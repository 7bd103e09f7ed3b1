/* bench-data.c — the data suite: DuckDB results into column buffers.
 *
 * Case fetch-2x-double: a table of two random double columns (generated inside DuckDB, seeded
 * with setseed) is fetched with pk_conn_query_frame into two PkColumns. One warm-up run, then
 * --runs timed runs; the median is reported with values per second (rows * 2 / s).
 * Case fetch-category: a VARCHAR column of 12 levels into a category column (dictionary). */
#include "bench-data.h"

#include "pika/data.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    guint64 rows;
    guint runs;
    guint threads;
    char *only; /* --case: run only this case */
} Args;

static gboolean parse_args(int argc, char **argv, Args *args) {
    gint64 rows = 10000000;
    gint runs = 5;
    gint threads = 0;
    char *only = NULL;
    GOptionEntry entries[] = {
        {"rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Rows of the generated table", "N"},
        {"runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs after the warm-up", "N"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &threads, "DuckDB threads (0 = all cores)", "N"},
        {"case", 0, 0, G_OPTION_ARG_STRING, &only, "Run only this case", "NAME"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) context = g_option_context_new("- data benchmarks");
    g_autoptr(GError) error = NULL;
    g_option_context_add_main_entries(context, entries, NULL);
    if (!g_option_context_parse(context, &argc, &argv, &error) || rows <= 0 || runs <= 0 ||
        threads < 0) {
        fprintf(stderr, "pika-bench data: %s\n", error != NULL ? error->message : "bad value");
        return FALSE;
    }
    *args = (Args){(guint64)rows, (guint)runs, (guint)threads, only};
    return TRUE;
}

/* Times `runs` fetches of sql after one warm-up; returns the median in ms, or < 0 on error.
 * *first_ms is the warm-up: the first fetch in the process, into memory it has not used yet. */
static double time_fetch(PkConn *conn, const char *sql, guint runs, guint64 expect_rows,
                         double *first_ms) {
    double *ms = g_new(double, runs);
    double median = -1;
    for (guint i = 0; i <= runs; i++) {
        g_autoptr(GError) error = NULL;
        PkFrame *frame = NULL;
        double start = pk_bench_now_ms();
        if (!pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, &error)) {
            fprintf(stderr, "pika-bench data: %s\n", error->message);
            goto out;
        }
        double elapsed = pk_bench_now_ms() - start;
        g_assert(pk_frame_get_n_rows(frame) == expect_rows);
        pk_frame_unref(frame);
        if (i > 0) {
            ms[i - 1] = elapsed;
        } else {
            *first_ms = elapsed;
        }
    }
    median = pk_bench_median(ms, runs);
out:
    g_free(ms);
    return median;
}

static int run_cases(PkConn *conn, const Args *args) {
    static const struct {
        const char *name;
        const char *sql;
        guint n_columns;
    } cases[] = {
        {"fetch-2x-double", "SELECT x, y FROM t", 2},
        {"fetch-category", "SELECT c FROM t", 1},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (args->only != NULL && g_strcmp0(args->only, cases[i].name) != 0) {
            continue;
        }
        double first_ms = 0;
        double ms = time_fetch(conn, cases[i].sql, args->runs, args->rows, &first_ms);
        if (ms < 0) {
            return 1;
        }
        double values = (double)args->rows * cases[i].n_columns;
        pk_bench_emit("\"suite\":\"data\",\"case\":\"%s\",\"rows\":%" G_GUINT64_FORMAT
                      ",\"columns\":%u,\"runs\":%u,\"ms\":%.3f,\"values_per_s\":%.0f"
                      ",\"first_ms\":%.3f",
                      cases[i].name, args->rows, cases[i].n_columns, args->runs, ms,
                      values / (ms / 1000.0), first_ms);
    }
    return 0;
}

int pk_bench_data(int argc, char **argv) {
    Args args;
    g_autoptr(GError) error = NULL;
    if (!parse_args(argc, argv, &args)) {
        return 2;
    }
    PkDbOptions opts;
    pk_db_options_defaults(&opts);
    opts.threads = args.threads;
    g_autoptr(PkDb) db = pk_db_open(NULL, &opts, &error);
    g_autoptr(PkConn) conn = db != NULL ? pk_db_connect(db, &error) : NULL;
    if (conn == NULL) {
        fprintf(stderr, "pika-bench data: %s\n", error->message);
        return 1;
    }
    double seed = (double)(pk_bench_seed() % 1000) / 1000.0;
    g_autofree char *setup = g_strdup_printf(
        "SELECT setseed(%.3f); CREATE TABLE t AS SELECT random() AS x, random() AS y, "
        "'level' || (i %% 12) AS c FROM range(%" G_GUINT64_FORMAT ") r(i)",
        seed, args.rows);
    double start = pk_bench_now_ms();
    if (!pk_conn_exec(conn, setup, NULL, &error)) {
        fprintf(stderr, "pika-bench data: %s\n", error->message);
        return 1;
    }
    fprintf(stderr, "pika-bench data: generated %" G_GUINT64_FORMAT " rows in %.0f ms\n", args.rows,
            pk_bench_now_ms() - start);
    int status = run_cases(conn, &args);
    g_free(args.only);
    return status;
}
