/* bench-graph.c — the graph as the desktop app drives it: open a workspace, evaluate it, then
 * change one plot's spec again and again and time the re-evaluation.
 *
 *   pika-bench graph --workspace FILE [--node NAME] [--repeats N]
 *
 * The workspace's sources must be in its cache already (run `pika run FILE` once), as they are
 * when the app has the workspace open. Each repeat gives the plot a spec it has not had before
 * (a new title, alternating orientation), so no repeat is answered from the cache. Prints one
 * JSON line for the first full evaluation and one for the median re-evaluation, with how many
 * other nodes ran again (must be 0). */
#include "bench.h"

#include "pika/data.h"
#include "pika/graph.h"
#include "pika/plotprep.h"
#include "pika/workspace.h"

#include <stdio.h>

/* The node's params with spec.title and spec.horizontal set for repeat i. */
static GVariant *respec(GVariant *params, guint i) {
    g_autoptr(GVariant) spec = pk_params_get_child(params, "spec");
    GVariantDict dict;
    g_variant_dict_init(&dict, spec);
    g_autofree char *title = g_strdup_printf("Re-evaluation %u", i);
    g_variant_dict_insert(&dict, "title", "s", title);
    g_variant_dict_insert(&dict, "horizontal", "b", (gboolean)(i % 2));
    GVariantDict outer;
    g_variant_dict_init(&outer, params);
    g_variant_dict_insert_value(&outer, "spec", g_variant_dict_end(&dict));
    return g_variant_dict_end(&outer);
}

static guint total_runs(PkGraph *graph) {
    guint n = 0, total = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    for (guint i = 0; i < n; i++) {
        total += pk_graph_get_run_count(graph, ids[i]);
    }
    return total;
}

static int measure(PkGraph *graph, PkDb *db, const char *node_name, guint repeats) {
    g_autoptr(GError) error = NULL;
    PkNodeId node = pk_graph_find(graph, node_name);
    if (node == 0 || pk_graph_get_kind(graph, node) != PK_NODE_PLOT) {
        fprintf(stderr, "pika-bench graph: no plot node '%s'\n", node_name);
        return 2;
    }
    double t0 = pk_bench_now_ms();
    if (!pk_graph_load_sources(graph, NULL, &error) || !pk_db_lock_down(db, &error) ||
        !pk_graph_evaluate(graph, 0, &error)) {
        fprintf(stderr, "pika-bench graph: %s\n", error->message);
        return 1;
    }
    pk_bench_emit("\"suite\":\"graph\",\"case\":\"evaluate-all\",\"nodes\":%u,\"ms\":%.1f",
                  pk_graph_n_nodes(graph), pk_bench_now_ms() - t0);
    g_autofree double *ms = g_new0(double, repeats);
    guint others = 0;
    for (guint i = 0; i < repeats; i++) {
        g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
        guint before = total_runs(graph), own = pk_graph_get_run_count(graph, node);
        double t = pk_bench_now_ms();
        if (!pk_graph_set_params(graph, node, respec(params, i), &error) ||
            !pk_graph_evaluate(graph, 0, &error)) {
            fprintf(stderr, "pika-bench graph: %s\n", error->message);
            return 1;
        }
        ms[i] = pk_bench_now_ms() - t;
        others += (total_runs(graph) - before) - (pk_graph_get_run_count(graph, node) - own);
    }
    pk_bench_emit("\"suite\":\"graph\",\"case\":\"respec-plot\",\"node\":\"%s\",\"repeats\":%u,"
                  "\"other_nodes_rerun\":%u,\"median_ms\":%.1f",
                  node_name, repeats, others, pk_bench_median(ms, repeats));
    return 0;
}

int pk_bench_graph(int argc, char **argv) {
    g_autofree char *workspace = NULL, *node = NULL;
    int repeats = 9;
    GOptionEntry entries[] = {
        {"workspace", 0, 0, G_OPTION_ARG_FILENAME, &workspace, "Workspace file", "FILE"},
        {"node", 0, 0, G_OPTION_ARG_STRING, &node,
         "Plot node to re-specify (default: the "
         "scenario's bar chart, 'categories')",
         "NAME"},
        {"repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Re-evaluations (default 9)", "N"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    g_autoptr(GOptionContext) context = g_option_context_new("- graph re-evaluation");
    g_option_context_add_main_entries(context, entries, NULL);
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error) || workspace == NULL ||
        repeats < 1) {
        fprintf(stderr, "pika-bench graph: %s\n",
                error != NULL ? error->message : "give --workspace FILE (and --repeats >= 1)");
        return 2;
    }
    g_autofree char *cache = pk_workspace_cache_path(workspace);
    PkDb *db = pk_db_open(cache, NULL, &error);
    PkCompute *compute = db != NULL ? pk_plot_compute_new(&error) : NULL;
    PkGraph *graph = compute != NULL ? pk_workspace_open(db, compute, workspace, &error) : NULL;
    int code =
        graph != NULL ? measure(graph, db, node != NULL ? node : "categories", (guint)repeats) : 1;
    if (graph == NULL) {
        fprintf(stderr, "pika-bench graph: %s\n", error->message);
    }
    pk_graph_free(graph);
    pk_plot_compute_free(compute);
    pk_db_close(db);
    return code;
}
