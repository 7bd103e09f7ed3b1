/* cell-plot.c — the body of a plot cell: the interactive plot view and a compact spec editor
 * (type, x, y, colour, value and aggregation, scales, colour map, shading).
 *
 * Each editor row is a drop-down; a change reads the node's spec (pk_plot_spec_from_variant),
 * changes one field, writes it back (pk_plot_spec_to_variant -> "spec") and runs the node.
 * Changing a column or a scale also drops the saved "view", whose ranges belong to the old
 * axes. Column lists come from the input's value once it is done. `syncing` is set while the
 * drop-downs are filled from the spec, so that filling them does not count as an edit. */
#include "cell-bodies.h"

#include "pika/error.h"
#include "plot-view.h"

typedef enum {
    F_TYPE,
    F_X,
    F_Y,
    F_COLOR,
    F_VALUE,
    F_AGG,
    F_XSCALE,
    F_YSCALE,
    F_COLORMAP,
    F_SHADE,
    N_FIELDS
} Field;

/* The plot's words and bins: entries applied on Enter or when the focus leaves them. */
typedef enum { T_TITLE, T_XLABEL, T_YLABEL, T_BINS, N_TEXTS } TextField;
static const char *const text_labels[N_TEXTS] = {"Title", "X label", "Y label", "Bins"};
static const char *const text_hints[N_TEXTS] = {"no title", "the column's name",
                                                "the column's name", "automatic"};

static const char *const field_labels[N_FIELDS] = {"Type",       "X",         "Y",       "Colour",
                                                   "Value",      "Aggregate", "X scale", "Y scale",
                                                   "Colour map", "Shading"};
static const char *const types[] = {"scatter", "line", "histogram", "bar", "heatmap", "box", NULL};
static const char *const aggs[] = {"count", "sum", "mean", "min", "max", NULL};
static const char *const scales[] = {"auto", "linear", "log", "time", "categorical", NULL};
static const char *const colormaps[] = {"viridis", "magma", "inferno", "plasma",
                                        "cividis", "fire",  "greys",   NULL};
static const char *const shades[] = {"eq_hist", "log", "linear", "cbrt", NULL};

struct _PkCellPlot {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *view;
    GtkWidget *input;
    GtkWidget *drops[N_FIELDS];
    GtkWidget *texts[N_TEXTS];
    char **columns; /* "(none)" then the input's columns */
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
    GtkStringObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(cell->drops[f]));
    const char *text = item != NULL ? gtk_string_object_get_string(item) : NULL;
    return text != NULL && !g_str_equal(text, "(none)") ? text : NULL;
}

static void apply_field(PkCellPlot *cell, PkPlotSpec *spec, Field f) {
    const char *text = selected_text(cell, f);
    switch (f) {
    case F_TYPE:
        pk_plot_type_parse(text, &spec->type, NULL);
        break;
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
    default:
        break;
    }
}

static void on_field_changed(GObject *drop, GParamSpec *pspec, gpointer data) {
    (void)pspec;
    PkCellPlot *cell = data;
    if (cell->syncing) {
        return;
    }
    Field f = (Field)GPOINTER_TO_INT(g_object_get_data(drop, "pk-field"));
    PkPlotSpec spec;
    if (!read_spec(cell, &spec)) {
        pk_plot_spec_clear(&spec);
        return;
    }
    apply_field(cell, &spec, f);
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(GError) error = NULL;
    gboolean axes = f == F_TYPE || f == F_X || f == F_Y || f == F_XSCALE || f == F_YSCALE;
    GVariant *params =
        pk_cell_params_with(graph, cell->node, "spec", pk_plot_spec_to_variant(&spec));
    pk_plot_spec_clear(&spec);
    if (axes) {
        g_autoptr(GVariant) sunk = g_variant_ref_sink(params);
        pk_controller_set_params(cell->ctl, cell->node, g_variant_ref(sunk), NULL);
        params = pk_cell_params_with(graph, cell->node, "view", NULL);
    }
    if (!pk_controller_set_params(cell->ctl, cell->node, params, &error)) {
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    pk_controller_run(cell->ctl, cell->node);
}

/* One text field into spec; FALSE (with the reason) for bins that are not a count. */
static gboolean apply_text(PkCellPlot *cell, PkPlotSpec *spec, TextField t, GError **error) {
    const char *text = gtk_editable_get_text(GTK_EDITABLE(cell->texts[t]));
    g_autofree char *trimmed = g_strstrip(g_strdup(text));
    const char *value = trimmed[0] != '\0' ? trimmed : NULL;
    switch (t) {
    case T_TITLE:
        pk_plot_spec_set_string(&spec->title, value);
        return TRUE;
    case T_XLABEL:
        pk_plot_spec_set_string(&spec->x.label, value);
        return TRUE;
    case T_YLABEL:
        pk_plot_spec_set_string(&spec->y.label, value);
        return TRUE;
    case T_BINS:
    default: {
        guint64 bins = 0;
        if (value != NULL &&
            (!g_ascii_string_to_unsigned(value, 10, 1, PK_PLOT_MAX_BINS, &bins, NULL))) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "Bins must be a whole number from 1 to %d, or empty for automatic "
                        "bins.",
                        PK_PLOT_MAX_BINS);
            return FALSE;
        }
        spec->bins = (guint)bins;
        return TRUE;
    }
    }
}

static void on_text_done(PkCellPlot *cell, TextField t) {
    if (cell->syncing) {
        return;
    }
    PkPlotSpec spec;
    if (!read_spec(cell, &spec)) {
        pk_plot_spec_clear(&spec);
        return;
    }
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) before = pk_plot_spec_to_variant(&spec);
    g_variant_ref_sink(before);
    if (!apply_text(cell, &spec, t, &error)) {
        pk_plot_spec_clear(&spec);
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    g_autoptr(GVariant) after = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    pk_plot_spec_clear(&spec);
    if (g_variant_equal(before, after)) {
        return;
    }
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    GVariant *params = pk_cell_params_with(graph, cell->node, "spec", g_variant_ref(after));
    if (!pk_controller_set_params(cell->ctl, cell->node, params, &error)) {
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    pk_controller_run(cell->ctl, cell->node);
}

static void on_text_activate(GtkEntry *entry, gpointer data) {
    on_text_done(data, (TextField)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(entry), "pk-text")));
}

static void on_text_leave(GtkEventControllerFocus *focus, gpointer data) {
    GtkWidget *entry = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(focus));
    on_text_done(data, (TextField)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(entry), "pk-text")));
}

static void show_text(GtkWidget *entry, const char *text) {
    if (g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(entry)), text != NULL ? text : "") != 0) {
        gtk_editable_set_text(GTK_EDITABLE(entry), text != NULL ? text : "");
    }
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

static void sync_from_spec(PkCellPlot *cell) {
    PkPlotSpec spec;
    gboolean ok = read_spec(cell, &spec);
    cell->syncing = TRUE;
    if (ok) {
        select_text(cell->drops[F_TYPE], pk_plot_type_name(spec.type));
        select_text(cell->drops[F_X], spec.x.column);
        select_text(cell->drops[F_Y], spec.y.column);
        select_text(cell->drops[F_COLOR], spec.color);
        select_text(cell->drops[F_VALUE], spec.value);
        select_text(cell->drops[F_AGG], pk_plot_agg_name(spec.agg));
        select_text(cell->drops[F_XSCALE], pk_scale_kind_name(spec.x.scale));
        select_text(cell->drops[F_YSCALE], pk_scale_kind_name(spec.y.scale));
        select_text(cell->drops[F_COLORMAP], pk_colormap_name(spec.colormap));
        select_text(cell->drops[F_SHADE], pk_shade_name(spec.shade));
        show_text(cell->texts[T_TITLE], spec.title);
        show_text(cell->texts[T_XLABEL], spec.x.label);
        show_text(cell->texts[T_YLABEL], spec.y.label);
        g_autofree char *bins = spec.bins > 0 ? g_strdup_printf("%u", spec.bins) : NULL;
        show_text(cell->texts[T_BINS], bins);
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
    for (Field f = F_X; f <= F_VALUE; f++) {
        GtkStringList *model = gtk_string_list_new((const char *const *)list);
        gtk_drop_down_set_model(GTK_DROP_DOWN(cell->drops[f]), G_LIST_MODEL(model));
        g_object_unref(model);
    }
    cell->syncing = FALSE;
}

static GtkWidget *build_editor(PkCellPlot *cell) {
    const char *const *choices[N_FIELDS] = {types, NULL,   NULL,   NULL,      NULL,
                                            aggs,  scales, scales, colormaps, shades};
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 10);
    gtk_widget_add_css_class(grid, "pk-spec-editor");
    GtkWidget *input_label = gtk_label_new("Input");
    gtk_label_set_xalign(GTK_LABEL(input_label), 1.0f);
    gtk_widget_add_css_class(input_label, "dim-label");
    cell->input = pk_cell_input_picker_new(cell->ctl, cell->node);
    gtk_grid_attach(GTK_GRID(grid), input_label, 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), cell->input, 1, 0, 1, 1);
    for (Field f = 0; f < N_FIELDS; f++) {
        GtkWidget *label = gtk_label_new(field_labels[f]);
        gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
        gtk_widget_add_css_class(label, "dim-label");
        const char *const none[] = {"(none)", NULL};
        cell->drops[f] = gtk_drop_down_new_from_strings(choices[f] != NULL ? choices[f] : none);
        gtk_widget_set_hexpand(cell->drops[f], TRUE);
        g_object_set_data(G_OBJECT(cell->drops[f]), "pk-field", GINT_TO_POINTER(f));
        g_signal_connect(cell->drops[f], "notify::selected", G_CALLBACK(on_field_changed), cell);
        gtk_grid_attach(GTK_GRID(grid), label, 0, (int)f + 1, 1, 1);
        gtk_grid_attach(GTK_GRID(grid), cell->drops[f], 1, (int)f + 1, 1, 1);
    }
    for (TextField t = 0; t < N_TEXTS; t++) {
        GtkWidget *label = gtk_label_new(text_labels[t]);
        gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
        gtk_widget_add_css_class(label, "dim-label");
        cell->texts[t] = gtk_entry_new();
        gtk_entry_set_placeholder_text(GTK_ENTRY(cell->texts[t]), text_hints[t]);
        gtk_widget_set_hexpand(cell->texts[t], TRUE);
        g_object_set_data(G_OBJECT(cell->texts[t]), "pk-text", GINT_TO_POINTER(t));
        g_signal_connect(cell->texts[t], "activate", G_CALLBACK(on_text_activate), cell);
        GtkEventController *focus = gtk_event_controller_focus_new();
        g_signal_connect(focus, "leave", G_CALLBACK(on_text_leave), cell);
        gtk_widget_add_controller(cell->texts[t], focus);
        gtk_grid_attach(GTK_GRID(grid), label, 0, (int)(N_FIELDS + 1 + t), 1, 1);
        gtk_grid_attach(GTK_GRID(grid), cell->texts[t], 1, (int)(N_FIELDS + 1 + t), 1, 1);
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
    gtk_box_append(GTK_BOX(cell), build_editor(cell));
    g_auto(GStrv) columns = pk_cell_input_columns(pk_controller_get_graph(ctl), node);
    set_column_choices(cell, columns);
    sync_from_spec(cell);
    return GTK_WIDGET(cell);
}

/* The column lists follow the input's columns as soon as the input has a value (a failed
 * plot still lists them, so a column that is gone can be replaced). */
static void refresh_columns(PkCellPlot *cell) {
    g_auto(GStrv) columns = pk_cell_input_columns(pk_controller_get_graph(cell->ctl), cell->node);
    if (columns != NULL) {
        set_column_choices(cell, columns);
    }
    sync_from_spec(cell);
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
