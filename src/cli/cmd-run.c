/* cmd-run.c — `pika run` and `pika validate`: a workspace evaluated or checked headless.
 *
 *   pika run WORKSPACE [--out DIR] [--node NAME] [--format png|svg|pdf|csv|json|parquet]
 *   pika validate WORKSPACE [--out DIR]
 *
 * run opens the workspace through the one door (pk_workspace_open_locked: the cache checked or
 * moved aside, sources imported where new or changed, the database locked so that SQL from the
 * file reads only the loaded tables and the declared sources and writes nowhere), evaluates,
 * writes every plot (or the one node) into DIR, and prints each node's state and time. Every
 * file goes to a path resolved inside DIR. Ctrl+C stops evaluating and writing: the file being
 * written is discarded, nothing more is written, and the exit code is 130.
 * validate parses and checks the file, the sources (sniffed, not imported), the graph (queries
 * prepared, never run, under the same lock-down) and says what a run would do with the cache,
 * without writing anything. */
#include "cli-private.h"

#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/path.h"
#include "pika/plotprep.h"
#include "pika/render.h"
#include "pika/workspace.h"
#include "platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *out, *node, *format;
    gboolean timings;
} RunArgs;

static double now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

/* The inputs of a query that its SQL names, as "  reads a, b (named in its SQL)" under its
 * line; nothing when it has none. */
static void print_derived(PkGraph *graph, PkNodeId id) {
    GString *names = g_string_new(NULL);
    for (guint p = 0; p < pk_graph_n_inputs(graph, id); p++) {
        if (pk_graph_input_is_derived(graph, id, p)) {
            g_string_append_printf(names, "%s%s", names->len > 0 ? ", " : "",
                                   pk_graph_get_name(graph, pk_graph_get_input(graph, id, p)));
        }
    }
    if (names->len > 0) {
        printf("%-20s reads %s (named in its SQL)\n", "", names->str);
    }
    g_string_free(names, TRUE);
}

/* One line per node: name, kind, state, time, rows, and the message of an error; when checked
 * (validate), the inputs a query's SQL names. */
static void print_states(PkGraph *graph, gboolean checked) {
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    for (guint i = 0; i < n; i++) {
        PkNodeStatus st;
        pk_graph_get_status(graph, ids[i], &st);
        g_autofree char *rows = st.state == PK_NODE_DONE && st.n_rows > 0
                                    ? g_strdup_printf("%" G_GUINT64_FORMAT " rows", st.n_rows)
                                    : g_strdup("");
        printf("%-20s %-9s %-9s %9.1f ms  %s%s%s\n", pk_graph_get_name(graph, ids[i]),
               pk_node_kind_name(pk_graph_get_kind(graph, ids[i])),
               st.cached                             ? "cached"
               : checked && st.state == PK_NODE_IDLE ? "ok"
                                                     : pk_node_state_name(st.state),
               st.elapsed_ms, rows, st.message != NULL ? (rows[0] != '\0' ? "  " : "") : "",
               st.message != NULL ? st.message : "");
        pk_node_status_clear(&st);
        if (checked) {
            print_derived(graph, ids[i]);
        }
    }
}

static gboolean is_plot_format(const char *format) {
    return strcmp(format, "png") == 0 || strcmp(format, "svg") == 0 || strcmp(format, "pdf") == 0;
}

/* Writes one node's value into out: plots as images, tables as data files. */
static gboolean write_node(PkGraph *graph, PkConn *conn, PkNodeId id, const char *out,
                           const char *format, GError **error) {
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, id);
    if (value == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_FAILED, "Node '%s' has no result to write.",
                    pk_graph_get_name(graph, id));
        return FALSE;
    }
    gboolean plot = pk_graph_value_type(value) == PK_PORT_PLOT;
    const char *ext = format != NULL ? format : plot ? "png" : "csv";
    if (plot != is_plot_format(ext)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Node '%s' is a %s; write it as %s, not %s.",
                    pk_graph_get_name(graph, id), plot ? "plot" : "table",
                    plot ? "png, svg or pdf" : "csv, json or parquet", ext);
        return FALSE;
    }
    g_autofree char *file = g_strdup_printf("%s.%s", pk_graph_get_name(graph, id), ext);
    g_autofree char *path = pk_path_resolve_within(out, file, error);
    if (path == NULL) {
        return FALSE;
    }
    gboolean ok;
    if (plot) {
        double w, h, s;
        PkExportFormat fmt;
        pk_graph_value_page(value, &w, &h, &s);
        ok = pk_export_format_from_path(path, &fmt, error) &&
             pk_render_export(pk_graph_value_scene(value), path, fmt, w, h, s, error);
    } else {
        ok = pk_data_export(conn, NULL, pk_graph_value_sql(value, FALSE), path, PK_DATA_FORMAT_AUTO,
                            pk_cli_get_cancel(), error);
    }
    if (ok && pk_cancel_set_error_if_requested(pk_cli_get_cancel(), error)) {
        /* Ctrl+C came while this file was drawn: a cancelled run adds no output */
        g_unlink(path);
        return FALSE;
    }
    if (ok) {
        printf("Wrote %s\n", path);
        fflush(stdout); /* each file as it is done, also through a pipe */
    }
    return ok;
}

/* Every plot node that is done (or only `target`), written into out; stops at Ctrl+C. */
static gboolean write_results(PkGraph *graph, PkDb *db, PkNodeId target, const char *out,
                              const char *format, GError **error) {
    PkConn *conn = pk_db_connect(db, error);
    if (conn == NULL) {
        return FALSE;
    }
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    gboolean ok = TRUE;
    for (guint i = 0; i < n && ok; i++) {
        gboolean wanted =
            target != 0 ? ids[i] == target : pk_graph_get_kind(graph, ids[i]) == PK_NODE_PLOT;
        g_autoptr(PkGraphValue) value = wanted ? pk_graph_get_value(graph, ids[i]) : NULL;
        if (value != NULL || (wanted && target != 0)) {
            ok = !pk_cancel_set_error_if_requested(pk_cli_get_cancel(), error) &&
                 write_node(graph, conn, ids[i], out, format, error);
        }
    }
    pk_conn_close(conn);
    return ok;
}

static int check_run_args(const RunArgs *a, int argc, char **argv) {
    if (argc != 2) {
        return pk_cli_usage_error(argv[0], "give one workspace file (%d given)", argc - 1);
    }
    const char *formats[] = {"png", "svg", "pdf", "csv", "json", "parquet", NULL};
    if (a->format != NULL && !g_strv_contains(formats, a->format)) {
        return pk_cli_usage_error(argv[0], "--format is png, svg, pdf, csv, json or parquet");
    }
    if (a->format != NULL && a->node == NULL && !is_plot_format(a->format)) {
        return pk_cli_usage_error(argv[0], "--format %s writes a table: name it with --node",
                                  a->format);
    }
    if (!g_file_test(argv[1], G_FILE_TEST_IS_REGULAR)) {
        fprintf(stderr, "pika: %s: workspace not found: %s\n", argv[0], argv[1]);
        return PK_CLI_EXIT_FAILURE;
    }
    return -1;
}

typedef struct {
    PkDb *db;
    PkCompute *compute;
    PkGraph *graph;
} Opened;

static void opened_close(Opened *o) {
    pk_graph_free(o->graph);
    pk_plot_compute_free(o->compute);
    pk_db_close(o->db);
}

/* The output folder, made if missing, as an absolute path with links resolved: plots and
 * export nodes land in the same place whatever the current folder. */
static char *output_folder(const char *out, GError **error) {
    if (g_mkdir_with_parents(out, 0777) != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot create the folder %s: %s.", out,
                    g_strerror(errno));
        return NULL;
    }
    char *real = pk_platform_dup_real_path(out);
    if (real == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Folder not found: %s.", out);
    }
    return real;
}

static gboolean evaluate(Opened *o, PkNodeId target, GError **error) {
    gboolean ok = pk_graph_evaluate_cancellable(o->graph, target, pk_cli_get_cancel(), error);
    if (!ok && pk_cancel_is_requested(pk_cli_get_cancel())) {
        g_clear_error(error);
        pk_cancel_set_error_if_requested(pk_cli_get_cancel(), error);
    }
    return ok;
}

static int run_workspace(const char *path, const RunArgs *a) {
    g_autoptr(GError) error = NULL;
    PkWorkspaceOpened info = {0};
    Opened o = {0};
    double t0 = now_ms(), t_eval = t0;
    g_autofree char *out = output_folder(a->out != NULL ? a->out : ".", &error);
    o.compute = out != NULL ? pk_plot_compute_new(&error) : NULL;
    o.graph = o.compute != NULL ? pk_workspace_open_locked(path, o.compute, pk_cli_get_cancel(),
                                                           &o.db, &info, &error)
                                : NULL;
    gboolean ok = o.graph != NULL;
    if (info.note != NULL) {
        fprintf(stderr, "pika: run: %s\n", info.note);
    }
    PkNodeId target = 0;
    if (ok && a->node != NULL && (target = pk_graph_find(o.graph, a->node)) == 0) {
        g_set_error(&error, PK_ERROR, PK_ERROR_NOT_FOUND, "The workspace has no node '%s'.",
                    a->node);
        ok = FALSE;
    }
    double t_import = now_ms();
    if (ok) {
        pk_graph_set_export_dir(o.graph, out);
        gboolean evaluated = evaluate(&o, target, &error);
        t_eval = now_ms();
        print_states(o.graph, FALSE);
        g_autoptr(GError) write_error = NULL;
        if (!pk_cancel_is_requested(pk_cli_get_cancel()) &&
            !write_results(o.graph, o.db, target, out, a->format, &write_error) && error == NULL) {
            g_propagate_error(&error, g_steal_pointer(&write_error));
        }
        ok = evaluated && error == NULL;
    }
    if (o.graph != NULL && a->timings) {
        fprintf(stderr,
                "timings: open %.0f ms, import %.0f ms, evaluate %.0f ms, write %.0f ms, "
                "total %.0f ms\n",
                info.open_ms, info.import_ms, t_eval - t_import, now_ms() - t_eval, now_ms() - t0);
    }
    pk_workspace_opened_clear(&info);
    opened_close(&o);
    if (ok && pk_cancel_set_error_if_requested(pk_cli_get_cancel(), &error)) {
        ok = FALSE;
    }
    return ok ? PK_CLI_EXIT_OK : pk_cli_fail("run", error);
}

int pk_cli_cmd_run(int argc, char **argv) {
    RunArgs a = {0};
    const GOptionEntry entries[] = {
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &a.out,
         "Folder for the plots and export nodes (default: the current folder)", "DIR"},
        {"node", 0, 0, G_OPTION_ARG_STRING, &a.node, "Evaluate and write only this node", "NAME"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &a.format,
         "png, svg or pdf for plots (default png); csv, json or parquet for a table --node", "FMT"},
        {"timings", 0, 0, G_OPTION_ARG_NONE, &a.timings, "Print the time of each stage on stderr",
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *context = pk_cli_context_new(
        "run", "WORKSPACE", "Evaluate a workspace and write its plots.", entries);
    int code = pk_cli_parse(context, "run", &argc, &argv);
    g_option_context_free(context);
    if (code < 0) {
        code = check_run_args(&a, argc, argv);
    }
    if (code < 0) {
        code = run_workspace(argv[1], &a);
    }
    g_free(a.out);
    g_free(a.node);
    g_free(a.format);
    return code;
}

int pk_cli_cmd_validate(int argc, char **argv) {
    g_autofree char *out = NULL;
    const GOptionEntry entries[] = {
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
         "The folder a run would write into, to check export paths against (default: the "
         "current folder; not created)",
         "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *context = pk_cli_context_new(
        "validate", "WORKSPACE",
        "Check a workspace (file, version, sources, graph, SQL) without running queries.", entries);
    int code = pk_cli_parse(context, "validate", &argc, &argv);
    g_option_context_free(context);
    RunArgs none = {0};
    if (code < 0) {
        code = check_run_args(&none, argc, argv);
    }
    if (code >= 0) {
        return code;
    }
    g_autoptr(GError) error = NULL;
    Opened o = {0};
    o.db = pk_db_open(NULL, NULL, &error);
    o.compute = o.db != NULL ? pk_plot_compute_new(&error) : NULL;
    o.graph = o.compute != NULL ? pk_workspace_open(o.db, o.compute, argv[1], &error) : NULL;
    gboolean ok = o.graph != NULL;
    if (ok) {
        g_autofree char *dir = g_canonicalize_filename(out != NULL ? out : ".", NULL);
        pk_graph_set_export_dir(o.graph, dir);
        ok = pk_graph_validate(o.graph, &error);
        print_states(o.graph, TRUE);
        g_autofree char *cache = pk_workspace_describe_cache(argv[1], NULL);
        printf("Cache: %s.\n", cache);
    }
    if (ok) {
        printf("%s is valid (%u nodes).\n", argv[1], pk_graph_n_nodes(o.graph));
    }
    opened_close(&o);
    return ok ? PK_CLI_EXIT_OK : pk_cli_fail("validate", error);
}
