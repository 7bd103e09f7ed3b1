/* cell-plot.c — the body of a plot cell: the interactive plot view and a compact spec editor.
 *
 *   [ plot view ]   Input   [query1     ▾]
 *                   Type    [bar        ▾]
 *                   X       [region     ▾]     one row per option (rows[] below); a row whose
 *                   ...                        option does not apply to the plot's type is
 *                   Title   [Sales      ]      hidden (pk_plot_option_applies)
 *
 * A drop-down change or an entry's Enter (or leaving it) reads the node's spec
 * (pk_plot_spec_from_variant), changes one field, writes it back ("spec") and runs the node.
 * Changing the type goes through pk_plot_spec_params_for_type, which drops the options the new
 * type does not take; changing a column or a scale also drops the saved "view", whose ranges
 * belong to the old axes. Column lists come from the input's value. When the input becomes
 * another table whose columns the spec does not name, the spec starts again from the defaults
 * for the new columns (pk_plot_spec_default_for_columns). `syncing` is set while the controls
 * are filled from the spec, so that filling them does not count as an edit. */
#include "cell-bodies.h"

#include "dump-id.h"
#include "pika/error.h"
#include "plot-view.h"

#include <math.h>
#include <string.h>

typedef enum { ROW_CHOICE, ROW_COLUMN, ROW_TEXT } RowKind;

/* In the editor's order: what a plot shows first, then its words and bins, then its looks. */
typedef enum {
    F_TYPE,
    F_X,
    F_Y,
    F_COLOR,
    F_VALUE,
    F_AGG,
    F_BUCKET,
    F_TITLE,
    F_BINS,
    F_BIN_WIDTH,
    F_ORDER,
    F_XLABEL,
    F_YLABEL,
    F_LEGEND,
    F_FORMAT,
    F_DIGITS,
    F_XSCALE,
    F_YSCALE,
    F_COLORMAP,
    F_SHADE,
    N_FIELDS
} Field;

static const char *const types[] = {"scatter", "line", "histogram", "bar", "heatmap", "box", NULL};
static const char *const aggs[] = {"count", "sum", "mean", "min", "max", NULL};
static const char *const buckets[] = {"none", "auto", "second", "minute", "hour",
                                      "day",  "week", "month",  "year",   NULL};
static const char *const orders[] = {"label", "value", NULL};
static const char *const scales[] = {"auto", "linear", "log", "time", "categorical", NULL};
static const char *const colormaps[] = {"viridis", "magma", "inferno", "plasma",
                                        "cividis", "fire",  "greys",   NULL};
static const char *const shades[] = {"eq_hist", "log", "linear", "cbrt", NULL};
static const char *const legends[] = {"auto", "right", "top", "bottom", "left", "none", NULL};
static const char *const formats[] = {"auto", "plain", "fixed", "si", "percent", NULL};

static const struct {
    const char *label;
    const char *id;     /* the control's dump id after "node/" */
    const char *option; /* pk_plot_option_applies name; NULL = every type */
    RowKind kind;
    const char *const *choices; /* ROW_CHOICE */
    const char *hint;           /* ROW_TEXT: the placeholder (what empty means) */
    const char *tooltip;
} rows[N_FIELDS] = {
    [F_TYPE] = {"Type", "type", "type", ROW_CHOICE, types, NULL, "The kind of plot"},
    [F_X] = {"X", "x", "x", ROW_COLUMN, NULL, NULL, "The column along x"},
    [F_Y] = {"Y", "y", "y", ROW_COLUMN, NULL, NULL, "The column along y"},
    [F_COLOR] = {"Colour", "color", "color", ROW_COLUMN, NULL, NULL,
                 "A column whose values colour the marks (categories)"},
    [F_VALUE] = {"Value", "value", "value", ROW_COLUMN, NULL, NULL,
                 "The column the aggregate is taken of (none: count rows)"},
    [F_AGG] = {"Aggregate", "agg", "agg", ROW_CHOICE, aggs, NULL,
               "What each bar, cell or time bucket shows of its values"},
    [F_BUCKET] = {"Time bucket", "bucket", "bucket", ROW_CHOICE, buckets, NULL,
                  "The time step a line aggregates over (none: every row is a point)"},
    [F_ORDER] = {"Bar order", "bar_order", "bar_order", ROW_CHOICE, orders, NULL,
                 "Bars by label, or by value (largest first)"},
    [F_XSCALE] = {"X scale", "xscale", NULL, ROW_CHOICE, scales, NULL, "The scale of x"},
    [F_YSCALE] = {"Y scale", "yscale", NULL, ROW_CHOICE, scales, NULL, "The scale of y"},
    [F_COLORMAP] = {"Colour map", "colormap", "colormap", ROW_CHOICE, colormaps, NULL,
                    "The colours of densities"},
    [F_SHADE] = {"Shading", "shade", "shade", ROW_CHOICE, shades, NULL,
                 "How counts map to colours"},
    [F_LEGEND] =
        {"Legend", "legend", "legend", ROW_CHOICE, legends, NULL,
         "Where the legend goes: a side of the plot, or none (auto: right of the plot when it "
         "explains something)"},
    [F_FORMAT] = {"Numbers", "number_format", "number_format", ROW_CHOICE, formats, NULL,
                  "How values are written: auto, plain, fixed digits, SI (1.5k) or percent"},
    [F_DIGITS] = {"Digits", "digits", "digits", ROW_TEXT, NULL, "automatic",
                  "Decimals of the number format (0 to 12)"},
    [F_TITLE] = {"Title", "title", "title", ROW_TEXT, NULL, "no title", "The plot's title"},
    [F_XLABEL] = {"X label", "xlabel", NULL, ROW_TEXT, NULL, "automatic", "The x axis' title"},
    [F_YLABEL] = {"Y label", "ylabel", NULL, ROW_TEXT, NULL, "automatic", "The y axis' title"},
    [F_BINS] = {"Bins", "bins", "bins", ROW_TEXT, NULL, "automatic",
                "How many bins (1 to 10000; a bin width wins)"},
    [F_BIN_WIDTH] = {"Bin width", "bin_width", "bin_width", ROW_TEXT, NULL, "none",
                     "The width of a bin in data units (seconds for times)"},
};

struct _PkCellPlot {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *view;
    GtkWidget *input;
    GtkWidget *controls[N_FIELDS];
    GtkWidget *labels[N_FIELDS];
    char **columns;         /* "(none)" then the input's columns */
    PkNodeId seen_input;    /* the input the column lists were last filled from */
    PkNodeId defaulted_for; /* the input whose columns an empty spec was last fitted to */
    guint64 shown_value;
    gboolean syncing;
};

G_DEFINE_FINAL_TYPE(PkCellPlot, pk_cell_plot, GTK_TYPE_BOX)

static gboolean read_spec(PkCellPlot *cell, PkPlotSpec *spec) {
    g_autoptr(GVariant) params =
        pk_graph_get_params(pk_controller_get_graph(cell->ctl), cell->node);
    g_autoptr(GVariant) dict = pk_params_get_child(params, "spec");
    pk_plot_spec_init(spec);
    return dict == NULL || pk_plot_spec_from_variant(dict, spec, NULL);
}

static const char *selected_text(PkCellPlot *cell, Field f) {
    GtkStringObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(cell->controls[f]));
    const char *text = item != NULL ? gtk_string_object_get_string(item) : NULL;
    return text != NULL && !g_str_equal(text, "(none)") ? text : NULL;
}

/* An entry's number: empty gives empty_value; FALSE (with the reason) outside [lo, hi], or
 * not whole when whole is asked for. */
static gboolean entry_number(const char *text, const char *what, double lo, double hi,
                             gboolean whole, double empty_value, double *out, GError **error) {
    g_autofree char *t = g_strstrip(g_strdup(text));
    if (t[0] == '\0') {
        *out = empty_value;
        return TRUE;
    }
    char *end = NULL;
    double v = g_ascii_strtod(t, &end);
    if (end == t || *end != '\0' || !isfinite(v) || v < lo || v > hi || (whole && v != floor(v))) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "%s must be a %s from %g to %g, or empty.",
                    what, whole ? "whole number" : "number", lo, hi);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

/* The control of field f into spec; FALSE with the reason for a value the field refuses. */
static gboolean apply_field(PkCellPlot *cell, PkPlotSpec *spec, Field f, GError **error) {
    if (rows[f].kind == ROW_TEXT) {
        const char *text = gtk_editable_get_text(GTK_EDITABLE(cell->controls[f]));
        g_autofree char *trimmed = g_strstrip(g_strdup(text));
        const char *value = trimmed[0] != '\0' ? trimmed : NULL;
        double v = 0;
        switch (f) {
        case F_TITLE:
            pk_plot_spec_set_string(&spec->title, value);
            return TRUE;
        case F_XLABEL:
            pk_plot_spec_set_string(&spec->x.label, value);
            return TRUE;
        case F_YLABEL:
            pk_plot_spec_set_string(&spec->y.label, value);
            return TRUE;
        case F_BINS:
            if (!entry_number(text, "Bins", 1, PK_PLOT_MAX_BINS, TRUE, 0, &v, error)) {
                return FALSE;
            }
            spec->bins = (guint)v;
            return TRUE;
        case F_BIN_WIDTH:
            if (!entry_number(text, "Bin width", 0, G_MAXDOUBLE, FALSE, 0, &v, error)) {
                return FALSE;
            }
            spec->bin_width = v;
            return TRUE;
        case F_DIGITS:
        default:
            if (!entry_number(text, "Digits", 0, PK_PLOT_MAX_DIGITS, TRUE, PK_PLOT_DIGITS_AUTO, &v,
                              error)) {
                return FALSE;
            }
            spec->digits = (int)v;
            return TRUE;
        }
    }
    const char *text = selected_text(cell, f);
    switch (f) {
    case F_X:
        pk_plot_spec_set_string(&spec->x.column, text);
        break;
    case F_Y:
        pk_plot_spec_set_string(&spec->y.column, text);
        break;
    case F_COLOR:
        pk_plot_spec_set_string(&spec->color, text);
        break;
    case F_VALUE:
        pk_plot_spec_set_string(&spec->value, text);
        break;
    case F_AGG:
        pk_plot_agg_parse(text, &spec->agg, NULL);
        break;
    case F_BUCKET:
        pk_bucket_parse(text, &spec->bucket, NULL);
        break;
    case F_ORDER:
        pk_bar_order_parse(text, &spec->bar_order, NULL);
        break;
    case F_XSCALE:
        pk_scale_kind_parse(text, &spec->x.scale, NULL);
        break;
    case F_YSCALE:
        pk_scale_kind_parse(text, &spec->y.scale, NULL);
        break;
    case F_COLORMAP:
        pk_colormap_parse(text, &spec->colormap, NULL);
        break;
    case F_SHADE:
        pk_shade_parse(text, &spec->shade, NULL);
        break;
    case F_LEGEND:
        pk_legend_parse(text, &spec->legend, NULL);
        break;
    case F_FORMAT:
        pk_number_format_parse(text, &spec->number_format, NULL);
        break;
    default:
        break;
    }
    return TRUE;
}

/* Writes spec as the node's "spec" (dropping the saved view when axes changed) and runs it. */
static void store_spec(PkCellPlot *cell, GVariant *spec_params, gboolean axes) {
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(GError) error = NULL;
    GVariant *params = pk_cell_params_with(graph, cell->node, "spec", spec_params);
    if (axes) {
        g_autoptr(GVariant) sunk = g_variant_ref_sink(params);
        if (!pk_controller_set_params(cell->ctl, cell->node, g_variant_ref(sunk), &error)) {
            pk_controller_toast(cell->ctl, error->message);
            return;
        }
        params = pk_cell_params_with(graph, cell->node, "view", NULL);
    }
    if (!pk_controller_set_params(cell->ctl, cell->node, params, &error)) {
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    pk_controller_run(cell->ctl, cell->node);
}

static void field_changed(PkCellPlot *cell, Field f) {
    if (cell->syncing) {
        return;
    }
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    if (f == F_TYPE) {
        PkPlotType type;
        if (!pk_plot_type_parse(selected_text(cell, f), &type, NULL)) {
            return;
        }
        g_autoptr(GVariant) params = pk_graph_get_params(graph, cell->node);
        g_autoptr(GVariant) dict = pk_params_get_child(params, "spec");
        store_spec(cell, pk_plot_spec_params_for_type(dict, type), TRUE);
        return;
    }
    PkPlotSpec spec;
    if (!read_spec(cell, &spec)) {
        pk_plot_spec_clear(&spec);
        return;
    }
    g_autoptr(GVariant) before = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_autoptr(GError) error = NULL;
    if (!apply_field(cell, &spec, f, &error)) {
        pk_plot_spec_clear(&spec);
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    if (f == F_Y && spec.type == PK_PLOT_BAR && spec.y.column != NULL &&
        spec.agg == PK_PLOT_AGG_COUNT) {
        spec.agg = PK_PLOT_AGG_MEAN; /* bars of a y column show its mean, not a count of 1s */
    }
    GVariant *after = pk_plot_spec_to_variant(&spec);
    pk_plot_spec_clear(&spec);
    if (g_variant_equal(before, after)) {
        g_variant_unref(g_variant_ref_sink(after));
        return;
    }
    gboolean axes = f == F_X || f == F_Y || f == F_XSCALE || f == F_YSCALE || f == F_BUCKET;
    store_spec(cell, after, axes);
}

static void on_drop_changed(GObject *drop, GParamSpec *pspec, gpointer data) {
    (void)pspec;
    field_changed(data, (Field)GPOINTER_TO_INT(g_object_get_data(drop, "pk-field")));
}

static void on_entry_activate(GtkEntry *entry, gpointer data) {
    field_changed(data, (Field)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(entry), "pk-field")));
}

static void on_entry_leave(GtkEventControllerFocus *focus, gpointer data) {
    GtkWidget *entry = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(focus));
    field_changed(data, (Field)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(entry), "pk-field")));
}

static void select_text(GtkWidget *drop, const char *text) {
    GListModel *model = gtk_drop_down_get_model(GTK_DROP_DOWN(drop));
    guint n = g_list_model_get_n_items(model);
    for (guint i = 0; i < n; i++) {
        g_autoptr(GtkStringObject) item = g_list_model_get_item(model, i);
        if (g_strcmp0(gtk_string_object_get_string(item), text != NULL ? text : "(none)") == 0) {
            gtk_drop_down_set_selected(GTK_DROP_DOWN(drop), i);
            return;
        }
    }
}

static void show_text(GtkWidget *entry, const char *text) {
    GtkRoot *root = gtk_widget_get_root(entry);
    GtkWidget *focus = root != NULL ? gtk_root_get_focus(root) : NULL;
    if (focus != NULL && (focus == entry || gtk_widget_is_ancestor(focus, entry))) {
        return; /* being typed in */
    }
    if (g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(entry)), text != NULL ? text : "") != 0) {
        gtk_editable_set_text(GTK_EDITABLE(entry), text != NULL ? text : "");
    }
}

static char *number_text(double v, gboolean set) {
    if (!set) {
        return NULL;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.10g", v));
}

/* Fills the controls from the node's spec and shows the rows its type takes. */
static void sync_from_spec(PkCellPlot *cell) {
    PkPlotSpec spec;
    gboolean ok = read_spec(cell, &spec);
    cell->syncing = TRUE;
    if (ok) {
        GtkWidget **c = cell->controls;
        select_text(c[F_TYPE], pk_plot_type_name(spec.type));
        select_text(c[F_X], spec.x.column);
        select_text(c[F_Y], spec.y.column);
        select_text(c[F_COLOR], spec.color);
        select_text(c[F_VALUE], spec.value);
        select_text(c[F_AGG], pk_plot_agg_name(spec.agg));
        select_text(c[F_BUCKET], pk_bucket_name(spec.bucket));
        select_text(c[F_ORDER], pk_bar_order_name(spec.bar_order));
        select_text(c[F_XSCALE], pk_scale_kind_name(spec.x.scale));
        select_text(c[F_YSCALE], pk_scale_kind_name(spec.y.scale));
        select_text(c[F_COLORMAP], pk_colormap_name(spec.colormap));
        select_text(c[F_SHADE], pk_shade_name(spec.shade));
        select_text(c[F_LEGEND], pk_legend_name(spec.legend));
        select_text(c[F_FORMAT], pk_number_format_name(spec.number_format));
        show_text(c[F_TITLE], spec.title);
        show_text(c[F_XLABEL], spec.x.label);
        show_text(c[F_YLABEL], spec.y.label);
        g_autofree char *bins = number_text(spec.bins, spec.bins > 0);
        show_text(c[F_BINS], bins);
        g_autofree char *width = number_text(spec.bin_width, spec.bin_width > 0);
        show_text(c[F_BIN_WIDTH], width);
        g_autofree char *digits = number_text(spec.digits, spec.digits != PK_PLOT_DIGITS_AUTO);
        show_text(c[F_DIGITS], digits);
        for (Field f = 0; f < N_FIELDS; f++) {
            gboolean applies =
                rows[f].option == NULL || pk_plot_option_applies(spec.type, rows[f].option);
            gtk_widget_set_visible(cell->labels[f], applies);
            gtk_widget_set_visible(cell->controls[f], applies);
        }
    }
    cell->syncing = FALSE;
    pk_plot_spec_clear(&spec);
}

static void set_column_choices(PkCellPlot *cell, char **columns) {
    GStrvBuilder *b = g_strv_builder_new();
    g_strv_builder_add(b, "(none)");
    for (guint i = 0; columns != NULL && columns[i] != NULL; i++) {
        g_strv_builder_add(b, columns[i]);
    }
    g_auto(GStrv) list = g_strv_builder_end(b);
    g_strv_builder_unref(b);
    if (cell->columns != NULL &&
        g_strv_equal((const char *const *)cell->columns, (const char *const *)list)) {
        return;
    }
    g_strfreev(cell->columns);
    cell->columns = g_strdupv(list);
    cell->syncing = TRUE;
    for (Field f = 0; f < N_FIELDS; f++) {
        if (rows[f].kind == ROW_COLUMN) {
            GtkStringList *model = gtk_string_list_new((const char *const *)list);
            gtk_drop_down_set_model(GTK_DROP_DOWN(cell->controls[f]), G_LIST_MODEL(model));
            g_object_unref(model);
        }
    }
    cell->syncing = FALSE;
}

/* Whether every column the spec names is among columns. */
static gboolean spec_fits(const PkPlotSpec *spec, const char *const *columns) {
    const char *named[] = {spec->x.column, spec->y.column, spec->color, spec->size, spec->value};
    for (guint i = 0; i < G_N_ELEMENTS(named); i++) {
        if (named[i] != NULL && !g_strv_contains(columns, named[i])) {
            return FALSE;
        }
    }
    return spec->x.column != NULL;
}

/* After the input became another table: a spec that names columns the new table lacks (or
 * none) starts again from the defaults for the new columns. */
static void fit_spec_to_input(PkCellPlot *cell, PkNodeId input) {
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, input);
    const char *const *names = value != NULL ? pk_graph_value_columns(value) : NULL;
    if (names == NULL) {
        return;
    }
    PkPlotSpec spec;
    gboolean fits = read_spec(cell, &spec) && spec_fits(&spec, names);
    pk_plot_spec_clear(&spec);
    if (!fits) {
        store_spec(cell,
                   pk_plot_spec_default_for_columns(names, pk_graph_value_column_types(value),
                                                    g_strv_length((char **)names)),
                   TRUE);
    }
}

/* The column lists follow the input's columns as soon as the input has a value (a failed
 * plot still lists them, so a column that is gone can be replaced). */
static void refresh_columns(PkCellPlot *cell) {
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    PkNodeId input =
        pk_graph_n_inputs(graph, cell->node) > 0 ? pk_graph_get_input(graph, cell->node, 0) : 0;
    g_auto(GStrv) columns = pk_cell_input_columns(graph, cell->node);
    if (columns != NULL) {
        set_column_choices(cell, columns);
        if (input != cell->seen_input) {
            PkNodeId before = cell->seen_input;
            cell->seen_input = input;
            if (before != 0) {
                fit_spec_to_input(cell, input);
            }
        } else if (input != cell->defaulted_for) {
            /* the input's columns are known for the first time: a plot made before them (its
             * spec names no column yet) starts from their defaults, once */
            PkPlotSpec spec;
            gboolean empty = read_spec(cell, &spec) && spec.x.column == NULL;
            pk_plot_spec_clear(&spec);
            if (empty) {
                fit_spec_to_input(cell, input);
            }
        }
        cell->defaulted_for = input;
    }
    sync_from_spec(cell);
}

static GtkWidget *build_editor(PkCellPlot *cell) {
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 10);
    gtk_widget_add_css_class(grid, "pk-spec-editor");
    const char *name = pk_graph_get_name(pk_controller_get_graph(cell->ctl), cell->node);
    GtkWidget *input_label = gtk_label_new("Input");
    gtk_label_set_xalign(GTK_LABEL(input_label), 1.0f);
    gtk_widget_add_css_class(input_label, "dim-label");
    cell->input = pk_cell_input_picker_new(cell->ctl, cell->node);
    pk_dump_id(cell->input, "%s/input", name);
    gtk_grid_attach(GTK_GRID(grid), input_label, 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), cell->input, 1, 0, 1, 1);
    for (Field f = 0; f < N_FIELDS; f++) {
        cell->labels[f] = gtk_label_new(rows[f].label);
        gtk_label_set_xalign(GTK_LABEL(cell->labels[f]), 1.0f);
        gtk_widget_add_css_class(cell->labels[f], "dim-label");
        GtkWidget *control;
        if (rows[f].kind == ROW_TEXT) {
            control = gtk_entry_new();
            gtk_entry_set_placeholder_text(GTK_ENTRY(control), rows[f].hint);
            g_signal_connect(control, "activate", G_CALLBACK(on_entry_activate), cell);
            GtkEventController *focus = gtk_event_controller_focus_new();
            g_signal_connect(focus, "leave", G_CALLBACK(on_entry_leave), cell);
            gtk_widget_add_controller(control, focus);
        } else {
            const char *const none[] = {"(none)", NULL};
            control =
                gtk_drop_down_new_from_strings(rows[f].kind == ROW_CHOICE ? rows[f].choices : none);
            g_signal_connect(control, "notify::selected", G_CALLBACK(on_drop_changed), cell);
        }
        cell->controls[f] = control;
        g_object_set_data(G_OBJECT(control), "pk-field", GINT_TO_POINTER(f));
        gtk_widget_set_tooltip_text(control, rows[f].tooltip);
        gtk_widget_set_hexpand(control, TRUE);
        pk_dump_id(control, "%s/%s", name, rows[f].id);
        gtk_grid_attach(GTK_GRID(grid), cell->labels[f], 0, (int)f + 1, 1, 1);
        gtk_grid_attach(GTK_GRID(grid), control, 1, (int)f + 1, 1, 1);
    }
    gtk_widget_set_size_request(grid, 240, -1);
    return grid;
}

static void on_frame(PkPlotView *view, double frame_ms, gboolean exact, gpointer data) {
    (void)view, (void)exact;
    PkCellPlot *cell = data;
    pk_controller_report_frame(cell->ctl, frame_ms);
}

static GtkWidget *build_view(PkCellPlot *cell) {
    GtkWidget *view = pk_plot_view_new(cell->ctl, cell->node);
    g_signal_connect(view, "frame", G_CALLBACK(on_frame), cell);
    gtk_widget_set_hexpand(view, TRUE);
    gtk_widget_set_size_request(view, 360, 380);
    return view;
}

static void pk_cell_plot_init(PkCellPlot *cell) {
    gtk_orientable_set_orientation(GTK_ORIENTABLE(cell), GTK_ORIENTATION_HORIZONTAL);
    gtk_box_set_spacing(GTK_BOX(cell), 16);
}

static void pk_cell_plot_finalize(GObject *object) {
    g_strfreev(PK_CELL_PLOT(object)->columns);
    G_OBJECT_CLASS(pk_cell_plot_parent_class)->finalize(object);
}

static void pk_cell_plot_class_init(PkCellPlotClass *klass) {
    G_OBJECT_CLASS(klass)->finalize = pk_cell_plot_finalize;
}

GtkWidget *pk_cell_plot_new(PkController *ctl, PkNodeId node) {
    PkCellPlot *cell = g_object_new(PK_TYPE_CELL_PLOT, NULL);
    cell->ctl = ctl;
    cell->node = node;
    cell->view = build_view(cell);
    gtk_box_append(GTK_BOX(cell), cell->view);
    GtkWidget *scroller = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER,
                                   GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroller), FALSE);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), build_editor(cell));
    gtk_widget_set_size_request(scroller, 270, 380);
    gtk_box_append(GTK_BOX(cell), scroller);
    PkGraph *graph = pk_controller_get_graph(ctl);
    cell->seen_input = pk_graph_n_inputs(graph, node) > 0 ? pk_graph_get_input(graph, node, 0) : 0;
    g_auto(GStrv) columns = pk_cell_input_columns(graph, node);
    set_column_choices(cell, columns);
    sync_from_spec(cell);
    return GTK_WIDGET(cell);
}

void pk_cell_plot_graph_changed(PkCellPlot *cell) {
    pk_cell_input_picker_refresh(cell->input);
    refresh_columns(cell);
}

void pk_cell_plot_update(PkCellPlot *cell, const PkNodeStatus *status) {
    if (status->state == PK_NODE_ERROR) {
        refresh_columns(cell);
    }
    if (status->state != PK_NODE_DONE) {
        return;
    }
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    refresh_columns(cell);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, cell->node);
    guint64 id = value != NULL ? pk_graph_value_id(value) : 0;
    if (id == cell->shown_value) {
        return;
    }
    cell->shown_value = id;
    pk_plot_view_refresh(PK_PLOT_VIEW(cell->view));
}

GtkWidget *pk_cell_plot_get_view(PkCellPlot *cell) {
    return cell->view;
}
