/* import-dialog-preview.c — the import dialog's preview grid.
 *
 * Layout (one GtkGrid, rows of the file below two header rows):
 *
 *   [x] produkt   [x] preis     [x] menge        row 0: include check + column name
 *   [Inferred ▾]  [Real    ▾]   [Inferred ▾]     row 1: type override (shows the inferred type)
 *   Äpfel         1,5           3                rows 2..: the first rows as text, NULL dimmed
 *
 * The widgets write straight into the dialog's PkColumnChoice entries and call back; the grid
 * holds no other state. Columns the user left out are dimmed. */
#include "import-dialog-private.h"
#include "dump-id.h"

const char *const pk_import_type_labels[PK_IMPORT_N_TYPES] = {NULL,      "Text", "Integer",  "Real",
                                                              "Boolean", "Date", "Timestamp"};
const char *const pk_import_type_sql[PK_IMPORT_N_TYPES] = {
    NULL, "VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP"};

typedef struct {
    PkColumnChoice *choice;
    PkPreviewChanged changed;
    gpointer user_data;
    guint column;
    GtkGrid *grid;
} Binding;

static void clear_grid(GtkGrid *grid) {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(grid))) != NULL) {
        gtk_grid_remove(grid, child);
    }
}

void pk_import_preview_message(GtkGrid *grid, const char *text) {
    clear_grid(grid);
    GtkWidget *label = gtk_label_new(text);
    gtk_widget_add_css_class(label, "dim-label");
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_widget_set_margin_top(label, 24);
    gtk_widget_set_margin_start(label, 12);
    gtk_grid_attach(grid, label, 0, 0, 1, 1);
}

/* Dims the cells of a column that will not be imported. */
static void dim_column(GtkGrid *grid, guint column, gboolean include) {
    for (int row = 1;; row++) {
        GtkWidget *cell = gtk_grid_get_child_at(grid, (int)column, row);
        if (cell == NULL) {
            break;
        }
        gtk_widget_set_opacity(cell, include ? 1.0 : 0.35);
    }
}

static void on_include_toggled(GtkCheckButton *check, gpointer data) {
    Binding *b = data;
    b->choice->include = gtk_check_button_get_active(check);
    dim_column(b->grid, b->column, b->choice->include);
    b->changed(b->user_data);
}

static void on_type_selected(GObject *dropdown, GParamSpec *pspec, gpointer data) {
    Binding *b = data;
    (void)pspec;
    b->choice->type = gtk_drop_down_get_selected(GTK_DROP_DOWN(dropdown));
    b->changed(b->user_data);
}

static GtkWidget *header_cell(const char *name, Binding *b) {
    GtkWidget *check = gtk_check_button_new_with_label(name);
    gtk_check_button_set_active(GTK_CHECK_BUTTON(check), b->choice->include);
    gtk_widget_set_tooltip_text(check, "Import this column");
    gtk_widget_add_css_class(check, "heading");
    g_signal_connect_data(check, "toggled", G_CALLBACK(on_include_toggled), b,
                          (GClosureNotify)(void (*)(void))g_free, 0);
    return check;
}

static GtkWidget *type_cell(const char *inferred, Binding *b) {
    const char *labels[PK_IMPORT_N_TYPES + 1];
    g_autofree char *first = g_strdup_printf("%s (inferred)", inferred);
    labels[0] = first;
    for (guint i = 1; i < PK_IMPORT_N_TYPES; i++) {
        labels[i] = pk_import_type_labels[i];
    }
    labels[PK_IMPORT_N_TYPES] = NULL;
    GtkWidget *dropdown = gtk_drop_down_new_from_strings(labels);
    gtk_drop_down_set_selected(GTK_DROP_DOWN(dropdown), b->choice->type);
    gtk_widget_set_tooltip_text(dropdown, "Import the column as this type");
    Binding *b2 = g_memdup2(b, sizeof *b);
    g_signal_connect_data(dropdown, "notify::selected", G_CALLBACK(on_type_selected), b2,
                          (GClosureNotify)(void (*)(void))g_free, 0);
    return dropdown;
}

static GtkWidget *data_cell(const char *text, gboolean numeric) {
    GtkWidget *label = gtk_label_new(text != NULL ? text : "NULL");
    gtk_label_set_xalign(GTK_LABEL(label), numeric ? 1.0f : 0.0f);
    gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
    gtk_label_set_max_width_chars(GTK_LABEL(label), 28);
    gtk_widget_add_css_class(label, "pk-preview-cell");
    if (text == NULL) {
        gtk_widget_add_css_class(label, "dim-label");
    }
    if (numeric) {
        gtk_widget_add_css_class(label, "numeric");
    }
    return label;
}

static gboolean is_numeric(PkColumnType type) {
    return type == PK_COLUMN_TYPE_INT64 || type == PK_COLUMN_TYPE_DOUBLE;
}

void pk_import_preview_fill(GtkGrid *grid, const PkSniffResult *sniff, GHashTable *choices,
                            PkPreviewChanged changed, gpointer user_data) {
    clear_grid(grid);
    const PkSchema *schema = sniff->schema;
    const PkTextPage *page = sniff->preview;
    for (guint c = 0; c < schema->n_columns; c++) {
        const PkSchemaColumn *col = &schema->columns[c];
        PkColumnChoice *choice = g_hash_table_lookup(choices, col->name);
        if (choice == NULL) {
            choice = g_new0(PkColumnChoice, 1);
            choice->include = TRUE;
            g_hash_table_insert(choices, g_strdup(col->name), choice);
        }
        Binding *b = g_new0(Binding, 1);
        *b = (Binding){choice, changed, user_data, c, grid};
        gtk_grid_attach(grid, header_cell(col->name, b), (int)c, 0, 1, 1);
        GtkWidget *type = type_cell(col->type_name, b);
        pk_dump_id(type, "import/type:%s", col->name);
        gtk_grid_attach(grid, type, (int)c, 1, 1, 1);
        gboolean numeric = col->convertible && is_numeric(col->type);
        guint n_rows = page != NULL && c < page->n_columns ? page->n_rows : 0;
        for (guint r = 0; r < n_rows; r++) {
            gtk_grid_attach(grid, data_cell(pk_text_page_get(page, r, c), numeric), (int)c,
                            (int)r + 2, 1, 1);
        }
        dim_column(grid, c, choice->include);
    }
    if (schema->n_columns == 0) {
        pk_import_preview_message(grid, "The file has no columns.");
    }
}
