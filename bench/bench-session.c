/* bench-session.c — `pika-bench session`: the pan frames of an interactive plot session
 * (pika/plotprep.h) over a generated table, per plot type.
 *
 *   pika-bench session [--rows N] [--repeats N] [--type scatter,line,histogram,heatmap]
 *
 * Table t (in-memory DuckDB, seeded): ts (a timestamp, one second per row), x in [-1, 1),
 * y in [0, 4), kind one of four names. The sessions: a density scatter of x, y; a line of y
 * over ts; a histogram of x; a heatmap of x × y. Each session is made once (timed: fetch and
 * everything kept), prepared twice at its home viewport (warm-up), then panned: every repeat
 * moves the viewport by 1–5% of its width and height from home, so no two frames in a row
 * ask for the same viewport. JSON lines:
 *   {"suite":"session","case":"pan","type":"line","rows":..,"new_ms":..,"pan_ms":..,
 *    "pan_min_ms":..,"repeats":..,"backend":".."}
 * pan_ms is the median of pk_plot_session_prepare over the repeats. */
#include "bench.h"

#include "pika/data.h"
#include "pika/plotprep.h"

#include <stdio.h>
#include <string.h>

#define PAGE_W 1280.0
#define PAGE_H 720.0
#define MAX_REPEATS 101

typedef struct {
    const char *type;
    const char *x, *y;
} SessionCase;

static const SessionCase cases[] = {
    {"scatter", "x", "y"},
    {"line", "ts", "y"},
    {"histogram", "x", NULL},
    {"heatmap", "x", "y"},
};

static PkPlotSession *make_session(PkConn *conn, PkCompute *compute, const SessionCase *c,
                                   GError **error) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    g_assert(pk_plot_type_parse(c->type, &spec.type, NULL));
    pk_plot_spec_set_string(&spec.x.column, c->x);
    pk_plot_spec_set_string(&spec.y.column, c->y);
    PkPlotPrepInput input = {conn, compute, "SELECT * FROM t", PAGE_W, PAGE_H, 1.0, NULL, NULL};
    PkPlotSession *session = pk_plot_session_new(&spec, &input, error);
    pk_plot_spec_clear(&spec);
    return session;
}

static gboolean prepare_at(PkPlotSession *session, const double v[4], double *out_ms,
                           char **out_backend, GError **error) {
    PkScene *scene = NULL;
    double t0 = pk_bench_now_ms();
    if (!pk_plot_session_prepare(session, v[0], v[1], v[2], v[3], PAGE_W, PAGE_H, 1.0, NULL, &scene,
                                 NULL, error)) {
        return FALSE;
    }
    *out_ms = pk_bench_now_ms() - t0;
    if (out_backend != NULL) {
        g_free(*out_backend);
        *out_backend = g_strdup(scene->backend != NULL ? scene->backend : "");
    }
    pk_scene_free(scene);
    return TRUE;
}

static gboolean run_case(PkConn *conn, PkCompute *compute, const SessionCase *c, guint64 rows,
                         guint repeats, GError **error) {
    double t0 = pk_bench_now_ms();
    PkPlotSession *session = make_session(conn, compute, c, error);
    if (session == NULL) {
        return FALSE;
    }
    double new_ms = pk_bench_now_ms() - t0, ms = 0, times[MAX_REPEATS];
    double home[4];
    g_autofree char *backend = NULL;
    pk_plot_session_get_home(session, &home[0], &home[1], &home[2], &home[3]);
    gboolean ok =
        prepare_at(session, home, &ms, NULL, error) && prepare_at(session, home, &ms, NULL, error);
    for (guint r = 0; ok && r < repeats; r++) {
        double f = 0.01 * (1 + r % 5), dx = (home[1] - home[0]) * f, dy = (home[3] - home[2]) * f;
        const double v[4] = {home[0] + dx, home[1] + dx, home[2] + dy, home[3] + dy};
        ok = prepare_at(session, v, &times[r], &backend, error);
    }
    if (ok) {
        double min = times[0];
        for (guint r = 1; r < repeats; r++) {
            min = MIN(min, times[r]);
        }
        pk_bench_emit(
            "\"suite\":\"session\",\"case\":\"pan\",\"type\":\"%s\",\"rows\":%" G_GUINT64_FORMAT
            ",\"new_ms\":%.1f,\"pan_ms\":%.2f,\"pan_min_ms\":%.2f,\"repeats\":%u,"
            "\"backend\":\"%s\"",
            c->type, rows, new_ms, pk_bench_median(times, repeats), min, repeats, backend);
    }
    pk_plot_session_free(session);
    return ok;
}

static gboolean make_table(PkConn *conn, guint64 rows, GError **error) {
    double seed = (double)(pk_bench_seed() % 1000) / 1000.0;
    g_autofree char *sql = g_strdup_printf(
        "SELECT setseed(%.3f); CREATE TABLE t AS SELECT "
        "TIMESTAMP '2020-01-01' + INTERVAL 1 SECOND * i AS ts, random() * 2 - 1 AS x, "
        "random() * 4 AS y, ['a', 'b', 'c', 'd'][1 + (i %% 4)::INTEGER] AS kind "
        "FROM range(%" G_GUINT64_FORMAT ") r(i)",
        seed, rows);
    double t0 = pk_bench_now_ms();
    if (!pk_conn_exec(conn, sql, NULL, error)) {
        return FALSE;
    }
    fprintf(stderr, "pika-bench session: generated %" G_GUINT64_FORMAT " rows in %.0f ms\n", rows,
            pk_bench_now_ms() - t0);
    return TRUE;
}

int pk_bench_session(int argc, char **argv) {
    gint64 rows = 10000000;
    gint repeats = 9;
    g_autofree char *types = NULL;
    GOptionEntry entries[] = {
        {"rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Rows of the generated table", "N"},
        {"repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Pan frames timed per type", "N"},
        {"type", 0, 0, G_OPTION_ARG_STRING, &types,
         "Plot types, comma-separated (default scatter,line,histogram,heatmap)", "LIST"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    g_autoptr(GOptionContext) context = g_option_context_new("- plot session pan frames");
    g_option_context_add_main_entries(context, entries, NULL);
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error) || rows < 1 || repeats < 1 ||
        repeats > MAX_REPEATS) {
        fprintf(stderr, "pika-bench session: %s\n",
                error != NULL ? error->message : "--rows >= 1, --repeats 1..101");
        return 2;
    }
    g_autoptr(PkDb) db = pk_db_open(NULL, NULL, &error);
    g_autoptr(PkConn) conn = db != NULL ? pk_db_connect(db, &error) : NULL;
    PkCompute *compute = conn != NULL ? pk_plot_compute_new(&error) : NULL;
    gboolean ok = compute != NULL && make_table(conn, (guint64)rows, &error);
    g_auto(GStrv) only = types != NULL ? g_strsplit(types, ",", -1) : NULL;
    for (guint i = 0; ok && i < G_N_ELEMENTS(cases); i++) {
        if (only == NULL || g_strv_contains((const char *const *)only, cases[i].type)) {
            ok = run_case(conn, compute, &cases[i], (guint64)rows, (guint)repeats, &error);
        }
    }
    if (!ok) {
        fprintf(stderr, "pika-bench session: %s\n", error->message);
    }
    pk_plot_compute_free(compute);
    return ok ? 0 : 1;
}
