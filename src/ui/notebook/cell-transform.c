/* cell-transform.c — the body of a transform cell: a form for the common operations
 * (filter, sort, group_by, sample, derive; docs/transforms.md), and the results table.
 *
 * The form is a stack of one page per op; Apply turns the visible page into the node's
 * parameters ({"op": ..., the op's keys}) and runs the node. Forms of other ops (join, pivot,
 * ...) are shown as their parameters, read-only, so a workspace made elsewhere still shows
 * what each transform does. A value typed in a filter that parses as a number is sent as one. */
#include "cell-bodies.h"
#include "dump-id.h"

#include "words.h"

static const char *const ops[] = {"filter", "sort", "group_by", "sample", "derive", NULL};
static const char *const cmp_ops[] = {"=",  "!=",       "<",       "<=",       ">",
                                      ">=", "contains", "is_null", "not_null", NULL};
static const char *const funcs[] = {"count",  "sum",    "mean",           "min", "max",
                                    "median", "stddev", "count_distinct", NULL};

struct _PkCellTransform {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *input;
    GtkWidget *op_drop;
    GtkWidget *stack;
    GtkWidget *f_column, *f_op, *f_value, *f_expr; /* filter */
    GtkWidget *s_column, *s_desc;                  /* sort */
    GtkWidget *g_keys, *g_func, *g_column;         /* group_by */
    GtkWidget *n_rows, *n_seed;                    /* sample */
    GtkWidget *d_name, *d_expr;                    /* derive */
    GtkWidget *other;                              /* any other op */
    GtkWidget *error_label;
    GtkWidget *results;
};

G_DEFINE_FINAL_TYPE(PkCellTransform, pk_cell_transform, GTK_TYPE_BOX)

static const char *text_of(GtkWidget *entry) {
    return gtk_editable_get_text(GTK_EDITABLE(entry));
}

static const char *drop_text(GtkWidget *drop) {
    GtkStringObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(drop));
    return item != NULL ? gtk_string_object_get_string(item) : "";
}

static GVariant *value_variant(const char *text) {
    char *end = NULL;
    double number = g_ascii_strtod(text, &end);
    if (*text != '\0' && end != NULL && *end == '\0') {
        return g_variant_new_double(number);
    }
    return g_variant_new_string(text);
}

static GVariant *strv_variant(const char *csv) {
    g_auto(GStrv) parts = g_strsplit(csv, ",", -1);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("av"));
    for (guint i = 0; parts[i] != NULL; i++) {
        const char *name = g_strstrip(parts[i]);
        if (*name != '\0') {
            g_variant_builder_add(&b, "v", g_variant_new_string(name));
        }
    }
    return g_variant_builder_end(&b);
}

static void add_filter(PkCellTransform *cell, GVariantBuilder *b) {
    const char *column = text_of(cell->f_column);
    if (*column != '\0') {
        GVariantBuilder cond;
        g_variant_builder_init(&cond, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&cond, "{sv}", "column", g_variant_new_string(column));
        const char *op = drop_text(cell->f_op);
        g_variant_builder_add(&cond, "{sv}", "op", g_variant_new_string(op));
        if (!g_str_has_suffix(op, "null")) {
            g_variant_builder_add(&cond, "{sv}", "value", value_variant(text_of(cell->f_value)));
        }
        GVariant *one = g_variant_new_variant(g_variant_builder_end(&cond));
        g_variant_builder_add(b, "{sv}", "conditions", g_variant_new_array(NULL, &one, 1));
    }
    if (*text_of(cell->f_expr) != '\0') {
        g_variant_builder_add(b, "{sv}", "expression", g_variant_new_string(text_of(cell->f_expr)));
    }
}

static void add_group_by(PkCellTransform *cell, GVariantBuilder *b) {
    if (*text_of(cell->g_keys) != '\0') {
        g_variant_builder_add(b, "{sv}", "keys", strv_variant(text_of(cell->g_keys)));
    }
    GVariantBuilder agg;
    g_variant_builder_init(&agg, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&agg, "{sv}", "func", g_variant_new_string(drop_text(cell->g_func)));
    if (*text_of(cell->g_column) != '\0') {
        g_variant_builder_add(&agg, "{sv}", "column",
                              g_variant_new_string(text_of(cell->g_column)));
    }
    GVariant *one = g_variant_new_variant(g_variant_builder_end(&agg));
    g_variant_builder_add(b, "{sv}", "aggregates", g_variant_new_array(NULL, &one, 1));
}

static GVariant *form_params(PkCellTransform *cell) {
    const char *op = drop_text(cell->op_drop);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "op", g_variant_new_string(op));
    if (g_str_equal(op, "filter")) {
        add_filter(cell, &b);
    } else if (g_str_equal(op, "sort")) {
        GVariantBuilder by;
        g_variant_builder_init(&by, G_VARIANT_TYPE_VARDICT);
        gboolean descending = gtk_switch_get_active(GTK_SWITCH(cell->s_desc));
        g_variant_builder_add(&by, "{sv}", "column", g_variant_new_string(text_of(cell->s_column)));
        g_variant_builder_add(&by, "{sv}", "descending", g_variant_new_boolean(descending));
        g_variant_builder_add(&b, "{sv}", "by", g_variant_builder_end(&by));
    } else if (g_str_equal(op, "group_by")) {
        add_group_by(cell, &b);
    } else if (g_str_equal(op, "sample")) {
        g_variant_builder_add(
            &b, "{sv}", "n",
            g_variant_new_int64(gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(cell->n_rows))));
        g_variant_builder_add(
            &b, "{sv}", "seed",
            g_variant_new_int64(gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(cell->n_seed))));
    } else if (g_str_equal(op, "derive")) {
        g_variant_builder_add(&b, "{sv}", "name", g_variant_new_string(text_of(cell->d_name)));
        g_variant_builder_add(&b, "{sv}", "expression",
                              g_variant_new_string(text_of(cell->d_expr)));
    }
    return g_variant_builder_end(&b);
}

/* The error above the results, which are greyed out while they are not this cell's. */
static void show_error(PkCellTransform *cell, const char *message) {
    g_autofree char *words = pk_ui_words(message);
    gtk_label_set_text(GTK_LABEL(cell->error_label), words != NULL ? words : "");
    gtk_widget_set_visible(cell->error_label, message != NULL);
    pk_cell_results_set_stale(cell->results, message != NULL);
}

static void on_apply(GtkWidget *widget, gpointer data) {
    (void)widget;
    PkCellTransform *cell = data;
    if (g_str_equal(gtk_stack_get_visible_child_name(GTK_STACK(cell->stack)), "other")) {
        pk_controller_run(cell->ctl, cell->node);
        return;
    }
    g_autoptr(GError) error = NULL;
    if (!pk_controller_set_params(cell->ctl, cell->node, form_params(cell), &error)) {
        show_error(cell, error->message);
        return;
    }
    show_error(cell, NULL);
    pk_controller_run(cell->ctl, cell->node);
}

static void on_op_changed(GObject *drop, GParamSpec *pspec, gpointer data) {
    (void)pspec;
    PkCellTransform *cell = data;
    gtk_stack_set_visible_child_name(GTK_STACK(cell->stack), drop_text(GTK_WIDGET(drop)));
}

static GtkWidget *form_page(const char *const *labels, GtkWidget **widgets) {
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 10);
    for (guint i = 0; labels[i] != NULL; i++) {
        GtkWidget *label = gtk_label_new(labels[i]);
        gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
        gtk_widget_add_css_class(label, "dim-label");
        gtk_grid_attach(GTK_GRID(grid), label, 0, (int)i, 1, 1);
        gtk_widget_set_hexpand(widgets[i], !GTK_IS_SWITCH(widgets[i]));
        gtk_widget_set_halign(widgets[i],
                              GTK_IS_SWITCH(widgets[i]) ? GTK_ALIGN_START : GTK_ALIGN_FILL);
        gtk_grid_attach(GTK_GRID(grid), widgets[i], 1, (int)i, 1, 1);
    }
    return grid;
}

static GtkWidget *entry(const char *placeholder) {
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
    return e;
}

static void build_pages(PkCellTransform *cell) {
    cell->stack = gtk_stack_new();
    gtk_stack_set_vhomogeneous(GTK_STACK(cell->stack), FALSE);
    cell->f_column = entry("column");
    cell->f_op = gtk_drop_down_new_from_strings(cmp_ops);
    cell->f_value = entry("value");
    cell->f_expr = entry("optional SQL, e.g. quantity * price > 100");
    const char *fl[] = {"Column", "Compare", "Value", "Expression", NULL};
    GtkWidget *fw[] = {cell->f_column, cell->f_op, cell->f_value, cell->f_expr};
    gtk_stack_add_named(GTK_STACK(cell->stack), form_page(fl, fw), "filter");
    cell->s_column = entry("column");
    cell->s_desc = gtk_switch_new();
    const char *sl[] = {"Sort by", "Descending", NULL};
    GtkWidget *sw[] = {cell->s_column, cell->s_desc};
    gtk_stack_add_named(GTK_STACK(cell->stack), form_page(sl, sw), "sort");
    cell->g_keys = entry("columns, comma separated");
    cell->g_func = gtk_drop_down_new_from_strings(funcs);
    cell->g_column = entry("column (none: count rows)");
    const char *gl[] = {"Group by", "Aggregate", "Of", NULL};
    GtkWidget *gw[] = {cell->g_keys, cell->g_func, cell->g_column};
    gtk_stack_add_named(GTK_STACK(cell->stack), form_page(gl, gw), "group_by");
    cell->n_rows = gtk_spin_button_new_with_range(0, 1e9, 100);
    cell->n_seed = gtk_spin_button_new_with_range(0, 2147483647, 1);
    const char *nl[] = {"Rows", "Seed", NULL};
    GtkWidget *nw[] = {cell->n_rows, cell->n_seed};
    gtk_stack_add_named(GTK_STACK(cell->stack), form_page(nl, nw), "sample");
    cell->d_name = entry("new column");
    cell->d_expr = entry("SQL expression, e.g. quantity * price");
    const char *dl[] = {"Name", "Expression", NULL};
    GtkWidget *dw[] = {cell->d_name, cell->d_expr};
    gtk_stack_add_named(GTK_STACK(cell->stack), form_page(dl, dw), "derive");
    cell->other = gtk_label_new(NULL);
    gtk_label_set_wrap(GTK_LABEL(cell->other), TRUE);
    gtk_label_set_xalign(GTK_LABEL(cell->other), 0.0f);
    gtk_label_set_selectable(GTK_LABEL(cell->other), TRUE);
    gtk_widget_add_css_class(cell->other, "monospace");
    gtk_stack_add_named(GTK_STACK(cell->stack), cell->other, "other");
}

static void fill_form(PkCellTransform *cell, GVariant *params) {
    const char *op = pk_params_get_string(params, "op", "sample");
    guint index = 0;
    while (ops[index] != NULL && !g_str_equal(ops[index], op)) {
        index++;
    }
    if (ops[index] == NULL) {
        g_autofree char *text = g_variant_print(params, FALSE);
        gtk_label_set_text(GTK_LABEL(cell->other), text);
        gtk_widget_set_visible(cell->op_drop, FALSE);
        gtk_stack_set_visible_child_name(GTK_STACK(cell->stack), "other");
        return;
    }
    gtk_drop_down_set_selected(GTK_DROP_DOWN(cell->op_drop), index);
    gtk_stack_set_visible_child_name(GTK_STACK(cell->stack), op);
    gint64 n = 1000, seed = 0;
    pk_params_get_int(params, "n", 1000, 0, G_MAXINT32, &n, NULL);
    pk_params_get_int(params, "seed", 0, 0, G_MAXINT32, &seed, NULL);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(cell->n_rows), (double)n);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(cell->n_seed), (double)seed);
    const char *expr = pk_params_get_string(params, "expression", "");
    gtk_editable_set_text(GTK_EDITABLE(g_str_equal(op, "derive") ? cell->d_expr : cell->f_expr),
                          expr);
    gtk_editable_set_text(GTK_EDITABLE(cell->d_name), pk_params_get_string(params, "name", ""));
    g_auto(GStrv) keys = pk_params_get_strv(params, "keys");
    g_autofree char *joined = keys != NULL ? g_strjoinv(", ", keys) : g_strdup("");
    gtk_editable_set_text(GTK_EDITABLE(cell->g_keys), joined);
    g_auto(GStrv) by = pk_params_get_strv(params, "by");
    gtk_editable_set_text(GTK_EDITABLE(cell->s_column), by != NULL && by[0] ? by[0] : "");
}

static void pk_cell_transform_init(PkCellTransform *cell) {
    gtk_orientable_set_orientation(GTK_ORIENTABLE(cell), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(cell), 8);
}

static void pk_cell_transform_class_init(PkCellTransformClass *klass) {
    (void)klass;
}

GtkWidget *pk_cell_transform_new(PkController *ctl, PkNodeId node) {
    PkCellTransform *cell = g_object_new(PK_TYPE_CELL_TRANSFORM, NULL);
    cell->ctl = ctl;
    cell->node = node;
    GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *from = gtk_label_new("Input");
    gtk_widget_add_css_class(from, "dim-label");
    gtk_box_append(GTK_BOX(top), from);
    cell->input = pk_cell_input_picker_new(ctl, node);
    pk_dump_id(cell->input, "%s/input", pk_graph_get_name(pk_controller_get_graph(ctl), node));
    gtk_box_append(GTK_BOX(top), cell->input);
    cell->op_drop = gtk_drop_down_new_from_strings(ops);
    gtk_box_append(GTK_BOX(top), cell->op_drop);
    GtkWidget *apply = gtk_button_new_with_label("Apply");
    gtk_widget_add_css_class(apply, "suggested-action");
    gtk_widget_set_hexpand(apply, TRUE);
    gtk_widget_set_halign(apply, GTK_ALIGN_END);
    g_signal_connect(apply, "clicked", G_CALLBACK(on_apply), cell);
    gtk_box_append(GTK_BOX(top), apply);
    gtk_box_append(GTK_BOX(cell), top);
    build_pages(cell);
    gtk_box_append(GTK_BOX(cell), cell->stack);
    g_autoptr(GVariant) params = pk_graph_get_params(pk_controller_get_graph(ctl), node);
    fill_form(cell, params);
    g_signal_connect(cell->op_drop, "notify::selected", G_CALLBACK(on_op_changed), cell);
    cell->error_label = gtk_label_new(NULL);
    gtk_widget_add_css_class(cell->error_label, "error");
    gtk_label_set_wrap(GTK_LABEL(cell->error_label), TRUE);
    gtk_label_set_xalign(GTK_LABEL(cell->error_label), 0.0f);
    gtk_widget_set_visible(cell->error_label, FALSE);
    gtk_box_append(GTK_BOX(cell), cell->error_label);
    cell->results = pk_cell_results_new(ctl);
    gtk_box_append(GTK_BOX(cell), cell->results);
    return GTK_WIDGET(cell);
}

void pk_cell_transform_update(PkCellTransform *cell, const PkNodeStatus *status) {
    if (status->state == PK_NODE_ERROR) {
        show_error(cell, status->message);
    } else if (status->state == PK_NODE_DONE) {
        show_error(cell, NULL);
        pk_cell_results_show(cell->results, pk_controller_get_graph(cell->ctl), cell->node);
    }
}

void pk_cell_transform_graph_changed(PkCellTransform *cell) {
    pk_cell_input_picker_refresh(cell->input);
}
