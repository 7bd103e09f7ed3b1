/* fuzz-plot-spec.c — a plot node's parameters, from workspace text to pixels.
 *
 * The input is the "params" object of a plot node as a workspace file holds it: the "spec"
 * (type, x and y axes with column, scale, min, max and label, color, size, value, agg, bins,
 * title, theme, colormap, shade, ...) and the page ("width", "height", "scale", "view"):
 *
 *   {"spec": {"type": "bar", "x": {"column": "cat"}, "value": "v", "agg": "mean"},
 *    "width": 320, "height": 200}
 *
 * It goes into a workspace text (fuzz_workspace_text) with a source over the table "points"
 * of the process's database and an edge into the plot, and is loaded by the workspace reader,
 * which checks the parameters as it adds the node. A spec that loads must survive the round
 * trip a save makes (pk_plot_spec_to_variant, pk_plot_spec_from_variant, to_variant again:
 * the same dictionary), or the input aborts. Then the plot is evaluated through the graph
 * (validation against the table's columns, the SQL of bar and box plots, aggregation on the
 * CPU) and its scene drawn at its page size, as `pika run` does before writing a PNG (at a
 * lower scale beyond 2048 × 2048 device pixels).
 *
 * The table has a number, a float with NULLs and NaN, a text column with few values, a
 * timestamp and two columns whose names need quoting in SQL. */
#include "fuzz-util.h"

#include "pika/plotprep.h"
#include "pika/render.h"
#include "pika/workspace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_MAX_PIXELS (2048.0 * 2048.0)

static const char table_sql[] =
    "CREATE TABLE points AS SELECT i AS n, i * 0.5 - 3 AS x, "
    "CASE WHEN i % 7 = 3 THEN NULL WHEN i = 11 THEN 'NaN'::DOUBLE ELSE sin(i) * 10 END AS y, "
    "['a', 'b', 'c'][1 + i % 3] AS cat, "
    "TIMESTAMP '2024-01-01' + i * INTERVAL 90 MINUTE AS t, "
    "(i % 5)::BIGINT AS v, i * i AS \"odd \"\"name\"\"\", -i AS \"x y\" "
    "FROM range(40) r(i)";

static const char other_nodes[] =
    ", {\"name\": \"data\", \"kind\": \"source\", \"params\": {\"table\": \"points\"}}";
static const char edges[] = "[{\"from\": \"data\", \"to\": \"plot\", \"port\": 0}]";

static PkCompute *shared_compute(void) {
    static PkCompute *compute = NULL;
    if (compute == NULL) {
        g_autoptr(GError) error = NULL;
        fuzz_exec(table_sql);
        compute = pk_plot_compute_new(&error);
        if (compute == NULL) {
            g_error("fuzz-plot-spec: no compute engine: %s", error->message);
        }
    }
    return compute;
}

/* spec -> variant -> spec -> variant gives the same dictionary twice. */
static void check_round_trip(GVariant *params) {
    g_autoptr(GVariant) dict = pk_params_get_child(params, "spec");
    g_autoptr(GError) error = NULL;
    PkPlotSpec spec, again;
    if (!pk_plot_spec_from_variant(dict, &spec, &error)) {
        g_error("fuzz-plot-spec: a loaded spec does not read: %s", error->message);
    }
    g_autoptr(GVariant) first = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    if (!pk_plot_spec_from_variant(first, &again, &error)) {
        g_autofree char *text = g_variant_print(first, TRUE);
        g_error("fuzz-plot-spec: a written spec does not read: %s\n%s", error->message, text);
    }
    g_autoptr(GVariant) second = g_variant_ref_sink(pk_plot_spec_to_variant(&again));
    if (!g_variant_equal(first, second)) {
        g_autofree char *a = g_variant_print(first, TRUE);
        g_autofree char *b = g_variant_print(second, TRUE);
        g_error("fuzz-plot-spec: the spec changes in a round trip:\n%s\n%s", a, b);
    }
    pk_plot_spec_clear(&spec);
    pk_plot_spec_clear(&again);
}

static void draw(PkGraph *graph, PkNodeId plot) {
    g_autoptr(GError) error = NULL;
    if (!pk_graph_evaluate(graph, plot, &error)) {
        PkNodeStatus status;
        pk_graph_get_status(graph, plot, &status);
        fuzz_note("not evaluated: %s", status.message != NULL ? status.message : error->message);
        pk_node_status_clear(&status);
        return;
    }
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, plot);
    g_assert(value != NULL && pk_graph_value_scene(value) != NULL);
    double width = 0, height = 0, scale = 0;
    pk_graph_value_page(value, &width, &height, &scale);
    /* Pages up to PK_RENDER_MAX_PIXELS are valid, but a 256 MiB picture per input would only
     * measure memory: big pages are drawn at a lower scale (same layout, fewer pixels). */
    double pixels = width * scale * height * scale;
    if (pixels > FUZZ_MAX_PIXELS) {
        scale *= sqrt(FUZZ_MAX_PIXELS / pixels);
    }
    cairo_surface_t *surface =
        pk_render_to_image(pk_graph_value_scene(value), width, height, scale, &error);
    fuzz_note("drawn %g x %g at %g%s%s", width, height, scale, surface != NULL ? "" : ": ",
              surface != NULL ? "" : error->message);
    if (surface != NULL) {
        cairo_surface_destroy(surface);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_init();
    PkCompute *compute = shared_compute();
    gsize len = 0;
    g_autofree char *workspace =
        fuzz_workspace_text("plot", "plot", (const char *)data, size, other_nodes, edges, &len);
    g_autoptr(PkGraph) graph = pk_graph_new(fuzz_db(), compute, fuzz_tmpdir());
    pk_graph_set_workers(graph, 1);
    g_autoptr(GError) error = NULL;
    if (!pk_workspace_load_data(graph, workspace, len, "plot.pika", &error)) {
        fuzz_note("not loaded: %s", error->message);
        return 0;
    }
    PkNodeId plot = pk_graph_find(graph, "plot");
    if (plot == 0 || pk_graph_get_kind(graph, plot) != PK_NODE_PLOT) {
        return 0; /* the input rewrote the node's name or kind */
    }
    g_autoptr(GVariant) params = pk_graph_get_params(graph, plot);
    check_round_trip(params);
    draw(graph, plot);
    return 0;
}
