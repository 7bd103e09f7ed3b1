/* cmd-plot.c — `pika plot`: draw a plot of a table, a query or a file to PNG, SVG or PDF.
 *
 *   pika plot (--table T | --sql S | --file F) [--db PATH] --type TYPE -x COL [-y COL] ...
 *             -o OUT.png|svg|pdf
 *
 * --file reads F on the fly: the data layer sniffs it (dialect, header, types, as an import
 * would) and the plot queries its read_csv/read_parquet/read_json call directly, so DuckDB
 * parses only the columns the plot needs (a full import first took several times longer
 * for a 10M-row CSV). The plot is
 * prepared (pika/plotprep.h: SQL through the data layer, aggregation through the compute
 * engine) and drawn by the one drawing routine (pika/render.h). --timings prints the time of
 * each stage on stderr; stdout gets one line: what was written and how it was made. */
#include "cli-private.h"

#include "pika/plotprep.h"
#include "pika/render.h"

#include <math.h>
#include <string.h>

typedef struct {
    char *db, *table, *sql, *file, *type, *x, *y, *color, *value, *agg, *x_scale, *y_scale;
    char *shade, *cmap, *theme, *title, *output;
    char *x_label, *y_label, *order, *number_format, *legend, *bucket;
    double width, height, scale, bin_width;
    int bins, digits;
    gboolean timings;
} PlotArgs;

static double now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

static gboolean spec_from_args(const PlotArgs *a, PkPlotSpec *spec, GError **error) {
    pk_plot_spec_init(spec);
    pk_plot_spec_set_string(&spec->x.column, a->x);
    pk_plot_spec_set_string(&spec->y.column, a->y);
    pk_plot_spec_set_string(&spec->color, a->color);
    pk_plot_spec_set_string(&spec->value, a->value);
    pk_plot_spec_set_string(&spec->title, a->title);
    pk_plot_spec_set_string(&spec->x.label, a->x_label);
    pk_plot_spec_set_string(&spec->y.label, a->y_label);
    spec->bins = (guint)a->bins;
    spec->bin_width = a->bin_width;
    spec->digits = a->digits;
    if (!pk_plot_type_parse(a->type, &spec->type, error)) {
        return FALSE;
    }
    if (spec->type == PK_PLOT_BAR && a->y != NULL && a->value == NULL) {
        spec->agg = PK_PLOT_AGG_MEAN; /* a bar of y shows its mean unless --agg says otherwise */
    }
    return (a->order == NULL || pk_bar_order_parse(a->order, &spec->bar_order, error)) &&
           (a->number_format == NULL ||
            pk_number_format_parse(a->number_format, &spec->number_format, error)) &&
           (a->legend == NULL || pk_legend_parse(a->legend, &spec->legend, error)) &&
           (a->bucket == NULL || pk_bucket_parse(a->bucket, &spec->bucket, error)) &&
           (a->agg == NULL || pk_plot_agg_parse(a->agg, &spec->agg, error)) &&
           (a->x_scale == NULL || pk_scale_kind_parse(a->x_scale, &spec->x.scale, error)) &&
           (a->y_scale == NULL || pk_scale_kind_parse(a->y_scale, &spec->y.scale, error)) &&
           (a->shade == NULL || pk_shade_parse(a->shade, &spec->shade, error)) &&
           (a->cmap == NULL || pk_colormap_parse(a->cmap, &spec->colormap, error)) &&
           (a->theme == NULL || pk_theme_parse(a->theme, &spec->theme, error));
}

/* The relation to plot: the query, the table, or the sniffed reader call of --file. */
static char *source_sql(const PlotArgs *a, PkCliSession *session, GError **error) {
    if (a->sql != NULL) {
        return g_strdup(a->sql);
    }
    if (a->table != NULL) {
        g_autofree char *ident = pk_data_quote_ident(a->table);
        return g_strdup_printf("SELECT * FROM %s", ident);
    }
    PkSniffResult *sniff = NULL;
    if (!pk_data_sniff(session->conn, a->file, NULL, &sniff, error)) {
        return NULL;
    }
    char *sql = g_strdup(sniff->relation_sql); /* the columns an import would make */
    pk_sniff_result_free(sniff);
    return sql;
}

static void print_timings(double import_ms, const PkPlotPrepTimings *t, double draw_ms,
                          double total_ms) {
    fprintf(stderr,
            "pika: plot: timings: open+sniff %.1f ms · query %.1f ms · aggregate %.1f ms · "
            "render+encode %.1f ms · total %.1f ms (%" G_GUINT64_FORMAT " rows)\n",
            import_ms, t->query_ms, t->aggregate_ms, draw_ms, total_ms, t->n_rows);
}

static int run_plot(const PlotArgs *a, const PkPlotSpec *spec, PkExportFormat format) {
    g_autoptr(GError) error = NULL;
    double t0 = now_ms(), import_ms = 0, draw_ms = 0;
    PkPlotPrepTimings timings = {0};
    PkScene *scene = NULL;
    PkCompute *compute = NULL;
    g_autofree char *sql = NULL;
    PkCliSession *session = pk_cli_session_open(a->db, &error);
    gboolean ok = session != NULL && (sql = source_sql(a, session, &error)) != NULL;
    import_ms = now_ms() - t0;
    if (ok) {
        compute = pk_plot_compute_new(&error);
        ok = compute != NULL;
    }
    if (ok) {
        PkPlotPrepInput input = {session->conn,       compute, sql, a->width, a->height, a->scale,
                                 pk_cli_get_cancel(), NULL};
        ok = pk_plot_prepare(spec, &input, &scene, &timings, &error);
    }
    if (ok) {
        double t1 = now_ms();
        ok = pk_render_export(scene, a->output, format, a->width, a->height, a->scale, &error);
        draw_ms = now_ms() - t1;
    }
    if (ok && a->timings) {
        print_timings(import_ms, &timings, draw_ms, now_ms() - t0);
    }
    if (ok) {
        g_autofree char *summary = pk_scene_summary(scene);
        printf("Wrote %s (%s)\n", a->output, summary);
    }
    pk_scene_free(scene);
    pk_plot_compute_free(compute);
    pk_cli_session_close(session);
    return ok ? PK_CLI_EXIT_OK : pk_cli_fail("plot", error);
}

static int check_args(const char *cmd, const PlotArgs *a, PkPlotSpec *spec,
                      PkExportFormat *format) {
    g_autoptr(GError) error = NULL;
    int n_sources = (a->table != NULL) + (a->sql != NULL) + (a->file != NULL);
    if (n_sources != 1) {
        return pk_cli_usage_error(cmd, "give exactly one of --table, --sql and --file");
    }
    if (a->type == NULL) {
        return pk_cli_usage_error(cmd, "missing --type TYPE (scatter, line, histogram, bar, "
                                       "heatmap or box)");
    }
    if (a->x == NULL) {
        return pk_cli_usage_error(cmd, "missing -x COL (the column on x)");
    }
    if (a->output == NULL) {
        return pk_cli_usage_error(cmd, "missing -o OUT.png|svg|pdf");
    }
    if (!(a->width >= 16 && a->height >= 16 && a->scale > 0 && a->scale <= 8)) {
        return pk_cli_usage_error(cmd, "--width and --height must be at least 16 and "
                                       "--scale between 0 and 8");
    }
    if (!pk_render_check_size(a->width, a->height, a->scale, &error)) {
        return pk_cli_usage_error(cmd, "%s", error->message);
    }
    if (a->bins < 0 || a->bins > PK_PLOT_MAX_BINS) {
        return pk_cli_usage_error(cmd, "--bins is 0 (automatic) to %d, not %d", PK_PLOT_MAX_BINS,
                                  a->bins);
    }
    if (!(a->bin_width >= 0) || !isfinite(a->bin_width)) {
        return pk_cli_usage_error(cmd, "--bin-width must be a positive number, not %g",
                                  a->bin_width);
    }
    if (a->digits < -1 || a->digits > PK_PLOT_MAX_DIGITS) {
        return pk_cli_usage_error(cmd, "--digits is 0 to %d, not %d", PK_PLOT_MAX_DIGITS,
                                  a->digits);
    }
    if (!spec_from_args(a, spec, &error) ||
        !pk_export_format_from_path(a->output, format, &error)) {
        return pk_cli_usage_error(cmd, "%s", error->message);
    }
    return -1;
}

static void free_args(PlotArgs *a) {
    char **fields[] = {
        &a->db,      &a->table, &a->sql,           &a->file,   &a->type,    &a->x,
        &a->y,       &a->color, &a->value,         &a->agg,    &a->x_scale, &a->y_scale,
        &a->shade,   &a->cmap,  &a->theme,         &a->title,  &a->output,  &a->x_label,
        &a->y_label, &a->order, &a->number_format, &a->legend, &a->bucket};
    for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
        g_clear_pointer(fields[i], g_free);
    }
}

int pk_cli_cmd_plot(int argc, char **argv) {
    const char *cmd = "plot";
    PlotArgs a = {.width = 800, .height = 600, .scale = 1, .digits = PK_PLOT_DIGITS_AUTO};
    const GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &a.db, "Database file (default: in memory)", "PATH"},
        {"table", 't', 0, G_OPTION_ARG_STRING, &a.table, "Table or view to plot", "T"},
        {"sql", 0, 0, G_OPTION_ARG_STRING, &a.sql, "Query whose result to plot", "S"},
        {"file", 'F', 0, G_OPTION_ARG_FILENAME, &a.file,
         "Read a file (CSV, Parquet, JSON) and plot it", "F"},
        {"type", 0, 0, G_OPTION_ARG_STRING, &a.type,
         "scatter, line, histogram, bar, heatmap or box", "TYPE"},
        {"x", 'x', 0, G_OPTION_ARG_STRING, &a.x, "Column on x (categories for bar/box)", "COL"},
        {"y", 'y', 0, G_OPTION_ARG_STRING, &a.y, "Column on y (the value for bar)", "COL"},
        {"color", 0, 0, G_OPTION_ARG_STRING, &a.color, "Colour by this column", "COL"},
        {"value", 0, 0, G_OPTION_ARG_STRING, &a.value, "Value column (heatmap, bar)", "COL"},
        {"agg", 0, 0, G_OPTION_ARG_STRING, &a.agg,
         "mean, sum, min, max or count (bar, heatmap, line; bar of -y: mean)", "AGG"},
        {"bucket", 0, 0, G_OPTION_ARG_STRING, &a.bucket,
         "line: aggregate y per none, auto, second, minute, hour, day, week, month or year",
         "UNIT"},
        {"x-scale", 0, 0, G_OPTION_ARG_STRING, &a.x_scale, "linear, log or time", "SCALE"},
        {"y-scale", 0, 0, G_OPTION_ARG_STRING, &a.y_scale, "linear, log or time", "SCALE"},
        {"shade", 0, 0, G_OPTION_ARG_STRING, &a.shade, "eq_hist, log, linear or cbrt", "HOW"},
        {"cmap", 0, 0, G_OPTION_ARG_STRING, &a.cmap,
         "viridis, magma, inferno, plasma, cividis, fire or greys", "NAME"},
        {"bins", 0, 0, G_OPTION_ARG_INT, &a.bins, "Bins (histogram, heatmap; default auto)", "N"},
        {"bin-width", 0, 0, G_OPTION_ARG_DOUBLE, &a.bin_width,
         "Bin width instead of a count (x units; seconds for time)", "W"},
        {"order", 0, 0, G_OPTION_ARG_STRING, &a.order, "bar: order by label or value", "BY"},
        {"number-format", 0, 0, G_OPTION_ARG_STRING, &a.number_format,
         "value axis: auto, plain, fixed, si or percent", "FMT"},
        {"digits", 0, 0, G_OPTION_ARG_INT, &a.digits, "Decimals of the number format", "N"},
        {"legend", 0, 0, G_OPTION_ARG_STRING, &a.legend, "auto, right, top, bottom, left or none",
         "WHERE"},
        {"x-label", 0, 0, G_OPTION_ARG_STRING, &a.x_label, "Label of the x axis", "TEXT"},
        {"y-label", 0, 0, G_OPTION_ARG_STRING, &a.y_label, "Label of the y axis", "TEXT"},
        {"width", 0, 0, G_OPTION_ARG_DOUBLE, &a.width, "Width in pixels (default 800)", "W"},
        {"height", 0, 0, G_OPTION_ARG_DOUBLE, &a.height, "Height in pixels (default 600)", "H"},
        {"scale", 0, 0, G_OPTION_ARG_DOUBLE, &a.scale, "Pixel scale for HiDPI (default 1)", "S"},
        {"theme", 0, 0, G_OPTION_ARG_STRING, &a.theme, "light or dark", "THEME"},
        {"title", 0, 0, G_OPTION_ARG_STRING, &a.title, "Title", "T"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "Output file", "OUT"},
        {"timings", 0, 0, G_OPTION_ARG_NONE, &a.timings, "Print stage timings on stderr", NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "- draw a plot to PNG, SVG or PDF",
        "Draws a scatter (raw marks or an exact density image), line, histogram, bar,\n"
        "heatmap or box plot of a table, a query or a file.",
        entries);
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    PkExportFormat format = PK_EXPORT_PNG;
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status < 0 && argc > 1) {
        status = pk_cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
    }
    if (status < 0) {
        status = check_args(cmd, &a, &spec, &format);
    }
    if (status < 0) {
        status = run_plot(&a, &spec, format);
    }
    g_option_context_free(context);
    pk_plot_spec_clear(&spec);
    free_args(&a);
    return status;
}
