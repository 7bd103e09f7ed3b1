/* results-table.c — PkResultsTable: a GtkColumnView over a SQL result, fetched in pages.
 *
 * Data structures:
 *   RowModel   a GListModel of n_rows items; get_item makes a tiny RowItem {index} on demand,
 *              so a million-row result costs no memory until rows are shown.
 *   pages      page index -> Page {state, PkTextPage}; rows [i*PAGE, (i+1)*PAGE). A page is
 *              requested when one of its rows is bound (Page.n_bound counts bound cells' rows)
 *              and fetched on a worker (GTask) with a connection from a small pool.
 *   pending    pages asked for but not started, newest last: at most MAX_RUNNING fetches run,
 *              the newest request starts first and a request whose rows are no longer bound
 *              when its turn comes is dropped (fast scrolling fetches only where it stops).
 *
 *      bind(row r) -> page p = r / PAGE -> [LOADING] -> worker: pk_conn_query_page(sql, p*PAGE)
 *                                          -> main: [DONE] -> items-changed(p*PAGE, n, n)
 *
 * Invariants: every fetch carries the generation it was made for; set_sql and sort bump the
 * generation and drop all pages, so a late page of an old query is discarded. The view's
 * sorter is only read (see probe_sort): GTK 4.8 has no getter for the sorted column.
 * dispose cancels running fetches and waits for them (DuckDB stops within milliseconds),
 * so the borrowed PkDb may be closed right after the widget is gone. */
#include "results-table.h"

#include <adwaita.h>
#include <string.h>

#include "results-table-private.h"
#include "toast.h"

#define PAGE PK_RESULTS_TABLE_PAGE_ROWS
#define MAX_RUNNING 2
#define MAX_PAGES 64

/* ---- row items and the model ------------------------------------------------------------ */

G_DECLARE_FINAL_TYPE(PkRowItem, pk_row_item, PK, ROW_ITEM, GObject)
struct _PkRowItem {
    GObject parent;
    guint64 index;
    guint bound_generation; /* the table's generation when a cell bound it */
};
G_DEFINE_FINAL_TYPE(PkRowItem, pk_row_item, G_TYPE_OBJECT)
static void pk_row_item_class_init(PkRowItemClass *klass) {
    (void)klass;
}
static void pk_row_item_init(PkRowItem *self) {
    (void)self;
}

G_DECLARE_FINAL_TYPE(PkRowModel, pk_row_model, PK, ROW_MODEL, GObject)
struct _PkRowModel {
    GObject parent;
    guint n_items;
};
static GType row_model_get_item_type(GListModel *m) {
    (void)m;
    return pk_row_item_get_type();
}
static guint row_model_get_n_items(GListModel *m) {
    return PK_ROW_MODEL(m)->n_items;
}
static gpointer row_model_get_item(GListModel *m, guint position) {
    if (position >= PK_ROW_MODEL(m)->n_items) {
        return NULL;
    }
    PkRowItem *item = g_object_new(pk_row_item_get_type(), NULL);
    item->index = position;
    return item;
}
static void row_model_iface_init(GListModelInterface *iface) {
    iface->get_item_type = row_model_get_item_type;
    iface->get_n_items = row_model_get_n_items;
    iface->get_item = row_model_get_item;
}
G_DEFINE_FINAL_TYPE_WITH_CODE(PkRowModel, pk_row_model, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(G_TYPE_LIST_MODEL, row_model_iface_init))
static void pk_row_model_class_init(PkRowModelClass *klass) {
    (void)klass;
}
static void pk_row_model_init(PkRowModel *self) {
    (void)self;
}

static void row_model_set_n_items(PkRowModel *model, guint n) {
    guint old = model->n_items;
    model->n_items = n;
    g_list_model_items_changed(G_LIST_MODEL(model), 0, old, n);
}

/* ---- the widget --------------------------------------------------------------------------- */

struct _PkResultsTable {
    GtkWidget parent;
    PkDb *db;
    PkFetcher *fetcher;
    GtkWidget *toasts, *scrolled, *view, *footer_label, *spinner, *export_button;
    PkRowModel *model;
    GtkMultiSelection *selection;
    char *sql;       /* as given */
    char *shown_sql; /* sql, sorted when a sort is set */
    char *whole_sql; /* the whole result while sql shows a part of it (the selected rows) */
    char *sort_column;
    gboolean sort_desc;
    guint64 n_rows;
    guint generation;
    PkTextPage *header; /* column names and types (the first page) */
    GHashTable *pages;  /* guint page -> Page* */
    GArray *pending;    /* guint page indices, newest last */
    guint n_running, n_fetched;
    gint probe_column; /* set by probe_compare */
    guint menu_row, menu_column;
    GtkWidget *menu;
    guint fetch_idle_id;
    gboolean disposed;
};

G_DEFINE_FINAL_TYPE(PkResultsTable, pk_results_table, GTK_TYPE_WIDGET)

enum { SIGNAL_EXPORTED, SIGNAL_LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum { PAGE_WANTED, PAGE_LOADING, PAGE_DONE, PAGE_FAILED } PageState;
typedef struct {
    PageState state;
    guint n_bound;
    PkTextPage *text;
} Page;

static void page_free(gpointer p) {
    Page *page = p;
    pk_text_page_free(page->text);
    g_free(page);
}

static void start_fetches(PkResultsTable *self);

static gboolean fetch_idle(gpointer data) {
    PkResultsTable *self = data;
    self->fetch_idle_id = 0;
    start_fetches(self);
    return G_SOURCE_REMOVE;
}

/* Fetches start once the view has bound and unbound its rows for this frame, so a jump
 * fetches only the pages it lands on. */
static void schedule_fetches(PkResultsTable *self) {
    if (self->fetch_idle_id == 0 && !self->disposed) {
        self->fetch_idle_id = g_idle_add(fetch_idle, self);
    }
}

/* ---- pages -------------------------------------------------------------------------------- */

static Page *get_page(PkResultsTable *self, guint index, gboolean create) {
    Page *page = g_hash_table_lookup(self->pages, GUINT_TO_POINTER(index));
    if (page == NULL && create) {
        page = g_new0(Page, 1);
        page->state = PAGE_WANTED;
        g_hash_table_insert(self->pages, GUINT_TO_POINTER(index), page);
        g_array_append_val(self->pending, index);
        schedule_fetches(self);
    }
    return page;
}

/* Drops done pages no row shows, farthest from `near` first, to keep MAX_PAGES. */
static void trim_pages(PkResultsTable *self, guint near) {
    while (g_hash_table_size(self->pages) > MAX_PAGES) {
        GHashTableIter it;
        gpointer key, value;
        guint worst = G_MAXUINT, worst_distance = 0;
        g_hash_table_iter_init(&it, self->pages);
        while (g_hash_table_iter_next(&it, &key, &value)) {
            Page *page = value;
            guint index = GPOINTER_TO_UINT(key);
            guint distance = index > near ? index - near : near - index;
            if (page->state >= PAGE_DONE && page->n_bound == 0 && distance >= worst_distance) {
                worst = index;
                worst_distance = distance;
            }
        }
        if (worst == G_MAXUINT) {
            return;
        }
        g_hash_table_remove(self->pages, GUINT_TO_POINTER(worst));
    }
}

static void on_page_fetched(GObject *source, GAsyncResult *result, gpointer user_data) {
    PkResultsTable *self = PK_RESULTS_TABLE(source);
    (void)user_data;
    PkFetchResult *res = pk_fetcher_finish(result);
    self->n_running--;
    if (self->disposed || res->generation != self->generation) {
        pk_fetch_result_free(res);
        return;
    }
    Page *page = get_page(self, res->page, FALSE);
    if (page != NULL) {
        page->state = res->text != NULL ? PAGE_DONE : PAGE_FAILED;
        page->text = g_steal_pointer(&res->text);
        if (res->error != NULL && !g_error_matches(res->error, PK_ERROR, PK_ERROR_CANCELLED)) {
            g_warning("Results table: page %u: %s", res->page, res->error->message);
        }
        guint64 first = (guint64)res->page * PAGE;
        guint n = page->text != NULL ? page->text->n_rows : 0;
        if (n > 0) {
            g_list_model_items_changed(G_LIST_MODEL(self->model), (guint)first, n, n);
        }
        trim_pages(self, res->page);
        g_signal_emit(self, signals[SIGNAL_LOADED], 0);
    }
    pk_fetch_result_free(res);
    start_fetches(self);
}

/* Starts the newest wanted pages while fewer than MAX_RUNNING fetches run. */
static void start_fetches(PkResultsTable *self) {
    while (self->n_running < MAX_RUNNING && self->pending->len > 0 && self->shown_sql) {
        guint index = g_array_index(self->pending, guint, self->pending->len - 1);
        g_array_set_size(self->pending, self->pending->len - 1);
        Page *page = get_page(self, index, FALSE);
        if (page == NULL || page->state != PAGE_WANTED) {
            continue;
        }
        if (page->n_bound == 0) {
            g_hash_table_remove(self->pages, GUINT_TO_POINTER(index));
            continue;
        }
        page->state = PAGE_LOADING;
        self->n_running++;
        self->n_fetched++;
        pk_fetcher_fetch(self->fetcher, G_OBJECT(self), self->shown_sql, index,
                         (guint64)index * PAGE, PAGE, FALSE, self->generation, on_page_fetched,
                         NULL);
    }
    gtk_widget_set_visible(self->spinner, self->n_running > 0);
    gtk_spinner_set_spinning(GTK_SPINNER(self->spinner), self->n_running > 0);
}

/* ---- cells -------------------------------------------------------------------------------- */

static gboolean type_is_numeric(const char *type) {
    static const char *const numeric[] = {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
        "UBIGINT", "UHUGEINT", "FLOAT",   "DOUBLE", "DECIMAL", "REAL",     NULL};
    for (guint i = 0; numeric[i] != NULL; i++) {
        if (g_str_has_prefix(type, numeric[i])) {
            return TRUE;
        }
    }
    return FALSE;
}

char *pk_results_table_dup_cell(PkResultsTable *self, guint64 row, guint column,
                                gboolean *out_loaded) {
    g_return_val_if_fail(PK_IS_RESULTS_TABLE(self), NULL);
    Page *page = get_page(self, (guint)(row / PAGE), FALSE);
    gboolean loaded = page != NULL && page->text != NULL && row % PAGE < page->text->n_rows &&
                      column < page->text->n_columns;
    if (out_loaded != NULL) {
        *out_loaded = loaded;
    }
    return loaded ? g_strdup(pk_text_page_get(page->text, (guint)(row % PAGE), column)) : NULL;
}

static void cell_show(GtkLabel *label, const char *text, gboolean dim) {
    gtk_label_set_text(label, text);
    if (dim) {
        gtk_widget_add_css_class(GTK_WIDGET(label), "dim-label");
    } else {
        gtk_widget_remove_css_class(GTK_WIDGET(label), "dim-label");
    }
}

static void on_cell_pressed(GtkGestureClick *gesture, int n_press, double x, double y,
                            gpointer user_data);

static void cell_setup(GtkSignalListItemFactory *f, GtkListItem *item, gpointer user_data) {
    PkResultsTable *self = user_data;
    guint column = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(f), "column"));
    GtkWidget *label = gtk_label_new(NULL);
    gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
    gtk_label_set_single_line_mode(GTK_LABEL(label), TRUE);
    const char *type = self->header->type_names[column];
    gboolean numeric = type_is_numeric(type);
    gtk_label_set_xalign(GTK_LABEL(label), numeric ? 1.0f : 0.0f);
    if (numeric) {
        gtk_widget_add_css_class(label, "numeric");
    }
    GtkGesture *click = gtk_gesture_click_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), GDK_BUTTON_SECONDARY);
    g_object_set_data(G_OBJECT(click), "list-item", item);
    g_object_set_data(G_OBJECT(click), "column", GUINT_TO_POINTER(column));
    g_signal_connect(click, "pressed", G_CALLBACK(on_cell_pressed), self);
    gtk_widget_add_controller(label, GTK_EVENT_CONTROLLER(click));
    gtk_list_item_set_child(item, label);
}

static void cell_bind(GtkSignalListItemFactory *f, GtkListItem *item, gpointer user_data) {
    PkResultsTable *self = user_data;
    guint column = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(f), "column"));
    PkRowItem *row = gtk_list_item_get_item(item);
    GtkLabel *label = GTK_LABEL(gtk_list_item_get_child(item));
    Page *page = get_page(self, (guint)(row->index / PAGE), TRUE);
    page->n_bound++;
    row->bound_generation = self->generation;
    gboolean loaded = FALSE;
    g_autofree char *text = pk_results_table_dup_cell(self, row->index, column, &loaded);
    if (!loaded) {
        cell_show(label, page->state == PAGE_FAILED ? "?" : "…", TRUE);
    } else {
        cell_show(label, text != NULL ? text : "NULL", text == NULL);
    }
}

static void cell_unbind(GtkSignalListItemFactory *f, GtkListItem *item, gpointer user_data) {
    PkResultsTable *self = user_data;
    (void)f;
    PkRowItem *row = gtk_list_item_get_item(item);
    /* GTK binds a replaced row's new item before unbinding the old one: an item bound for
     * an older generation counts for no current page. */
    Page *page = row != NULL && row->bound_generation == self->generation
                     ? get_page(self, (guint)(row->index / PAGE), FALSE)
                     : NULL;
    if (page != NULL && page->n_bound > 0) {
        page->n_bound--;
    }
}

/* ---- columns and sorting ------------------------------------------------------------------ */

static int probe_compare(gconstpointer a, gconstpointer b, gpointer user_data) {
    GtkColumnViewColumn *column = user_data;
    PkResultsTable *self = g_object_get_data(G_OBJECT(column), "table");
    (void)a;
    (void)b;
    if (self->probe_column < 0) {
        self->probe_column = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(column), "index"));
    }
    return GTK_ORDERING_SMALLER;
}

/* Reads the primary sort column from the view's sorter: each column's sorter answers "smaller"
 * and records itself, the view's sorter asks the primary one first and inverts it when the
 * order is descending. */
static void probe_sort(PkResultsTable *self, int *out_column, gboolean *out_desc) {
    GtkSorter *sorter = gtk_column_view_get_sorter(GTK_COLUMN_VIEW(self->view));
    g_autoptr(GObject) a = g_object_new(G_TYPE_OBJECT, NULL);
    g_autoptr(GObject) b = g_object_new(G_TYPE_OBJECT, NULL);
    self->probe_column = -1;
    GtkOrdering order = gtk_sorter_compare(sorter, a, b);
    *out_column = order == GTK_ORDERING_EQUAL ? -1 : self->probe_column;
    *out_desc = order == GTK_ORDERING_LARGER;
}

static void reset_pages(PkResultsTable *self) {
    self->generation++;
    pk_fetcher_cancel_all(self->fetcher);
    g_hash_table_remove_all(self->pages);
    g_array_set_size(self->pending, 0);
}

static void requery_sorted(PkResultsTable *self) {
    g_free(self->shown_sql);
    if (self->sort_column == NULL) {
        self->shown_sql = g_strdup(self->sql);
    } else {
        g_autofree char *q = pk_data_quote_ident(self->sort_column);
        self->shown_sql = g_strdup_printf("SELECT * FROM (%s) AS pk_sorted ORDER BY %s %s "
                                          "NULLS LAST",
                                          self->sql, q, self->sort_desc ? "DESC" : "ASC");
    }
    reset_pages(self);
    guint n = self->model->n_items;
    g_list_model_items_changed(G_LIST_MODEL(self->model), 0, n, n);
}

static void on_sorter_changed(GtkSorter *sorter, GtkSorterChange change, gpointer user_data) {
    PkResultsTable *self = user_data;
    (void)sorter;
    (void)change;
    int column = -1;
    gboolean desc = FALSE;
    probe_sort(self, &column, &desc);
    const char *name = column >= 0 ? self->header->column_names[column] : NULL;
    if (g_strcmp0(name, self->sort_column) == 0 && desc == self->sort_desc) {
        return;
    }
    g_free(self->sort_column);
    self->sort_column = g_strdup(name);
    self->sort_desc = desc;
    requery_sorted(self);
}

static int column_width(const PkTextPage *header, guint c) {
    guint chars =
        MAX(g_utf8_strlen(header->column_names[c], -1), g_utf8_strlen(header->type_names[c], -1));
    for (guint r = 0; r < header->n_rows; r++) {
        const char *cell = pk_text_page_get(header, r, c);
        chars = MAX(chars, cell != NULL ? (guint)g_utf8_strlen(cell, -1) : 4u);
    }
    /* Later pages may hold longer text than the first: leave text columns some room. */
    int min = type_is_numeric(header->type_names[c]) ? 72 : 120;
    return CLAMP((int)chars * 9 + 32, min, 360);
}

static void remove_columns(PkResultsTable *self) {
    GListModel *columns = gtk_column_view_get_columns(GTK_COLUMN_VIEW(self->view));
    while (g_list_model_get_n_items(columns) > 0) {
        g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item(columns, 0);
        gtk_column_view_remove_column(GTK_COLUMN_VIEW(self->view), c);
    }
}

static void add_columns(PkResultsTable *self) {
    for (guint c = 0; c < self->header->n_columns; c++) {
        GtkListItemFactory *f = gtk_signal_list_item_factory_new();
        g_object_set_data(G_OBJECT(f), "column", GUINT_TO_POINTER(c));
        g_signal_connect(f, "setup", G_CALLBACK(cell_setup), self);
        g_signal_connect(f, "bind", G_CALLBACK(cell_bind), self);
        g_signal_connect(f, "unbind", G_CALLBACK(cell_unbind), self);
        g_autofree char *title =
            g_strdup_printf("%s\n%s", self->header->column_names[c], self->header->type_names[c]);
        GtkColumnViewColumn *col = gtk_column_view_column_new(title, f);
        g_object_set_data(G_OBJECT(col), "table", self);
        g_object_set_data(G_OBJECT(col), "index", GINT_TO_POINTER(c));
        g_autoptr(GtkSorter) sorter = GTK_SORTER(gtk_custom_sorter_new(probe_compare, col, NULL));
        gtk_column_view_column_set_sorter(col, sorter);
        gtk_column_view_column_set_resizable(col, TRUE);
        gtk_column_view_column_set_fixed_width(col, column_width(self->header, c));
        gtk_column_view_column_set_expand(col, c + 1 == self->header->n_columns);
        gtk_column_view_append_column(GTK_COLUMN_VIEW(self->view), col);
        g_object_unref(col);
    }
}

/* ---- footer ------------------------------------------------------------------------------- */

static char *format_count(guint64 n) {
    g_autofree char *digits = g_strdup_printf("%" G_GUINT64_FORMAT, n);
    GString *out = g_string_new(NULL);
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, digits[i]);
    }
    return g_string_free(out, FALSE);
}

static void update_footer(PkResultsTable *self) {
    g_autofree char *count = format_count(self->n_rows);
    g_autofree char *text = NULL;
    if (self->sql == NULL) {
        text = g_strdup("No result");
    } else if (self->header == NULL) {
        text = g_strdup("Loading…");
    } else {
        text = g_strdup_printf("%s %s", count, self->n_rows == 1 ? "row" : "rows");
    }
    gtk_label_set_text(GTK_LABEL(self->footer_label), text);
    gtk_widget_set_sensitive(self->export_button, self->header != NULL);
}

static void on_first_page(GObject *source, GAsyncResult *result, gpointer user_data) {
    PkResultsTable *self = PK_RESULTS_TABLE(source);
    (void)user_data;
    PkFetchResult *res = pk_fetcher_finish(result);
    self->n_running--;
    if (self->disposed || res->generation != self->generation) {
        pk_fetch_result_free(res);
        return;
    }
    if (res->text == NULL) {
        gtk_label_set_text(GTK_LABEL(self->footer_label), res->error->message);
        gtk_widget_set_visible(self->spinner, FALSE);
        pk_fetch_result_free(res);
        return;
    }
    self->header = g_steal_pointer(&res->text);
    if (res->n_rows != G_MAXUINT64) {
        self->n_rows = res->n_rows;
    }
    self->n_fetched++;
    add_columns(self);
    Page *page = g_new0(Page, 1);
    page->state = PAGE_DONE;
    page->text = g_steal_pointer(&res->header_copy);
    g_hash_table_insert(self->pages, GUINT_TO_POINTER(0), page);
    row_model_set_n_items(self->model, (guint)MIN(self->n_rows, G_MAXUINT));
    update_footer(self);
    pk_fetch_result_free(res);
    start_fetches(self);
    g_signal_emit(self, signals[SIGNAL_LOADED], 0);
}

void pk_results_table_set_sql(PkResultsTable *self, const char *sql, guint64 n_rows) {
    g_return_if_fail(PK_IS_RESULTS_TABLE(self));
    reset_pages(self);
    row_model_set_n_items(self->model, 0);
    remove_columns(self);
    g_clear_pointer(&self->header, pk_text_page_free);
    g_clear_pointer(&self->sort_column, g_free);
    g_free(self->sql);
    self->sql = g_strdup(sql);
    g_free(self->shown_sql);
    self->shown_sql = g_strdup(sql);
    self->n_rows = sql != NULL ? n_rows : 0;
    self->n_fetched = 0;
    update_footer(self);
    if (sql != NULL) {
        self->n_running++;
        pk_fetcher_fetch(self->fetcher, G_OBJECT(self), sql, 0, 0, PAGE, n_rows == G_MAXUINT64,
                         self->generation, on_first_page, NULL);
        gtk_widget_set_visible(self->spinner, TRUE);
        gtk_spinner_set_spinning(GTK_SPINNER(self->spinner), TRUE);
    }
}

const char *pk_results_table_get_sql(PkResultsTable *self) {
    g_return_val_if_fail(PK_IS_RESULTS_TABLE(self), NULL);
    return self->sql;
}

guint64 pk_results_table_get_n_rows(PkResultsTable *self) {
    g_return_val_if_fail(PK_IS_RESULTS_TABLE(self), 0);
    return self->n_rows;
}

void pk_results_table_sort(PkResultsTable *self, const char *column, gboolean descending) {
    g_return_if_fail(PK_IS_RESULTS_TABLE(self));
    GtkColumnView *view = GTK_COLUMN_VIEW(self->view);
    GListModel *columns = gtk_column_view_get_columns(view);
    int index = -1;
    for (guint c = 0; column != NULL && self->header && c < self->header->n_columns; c++) {
        if (strcmp(self->header->column_names[c], column) == 0) {
            index = (int)c;
        }
    }
    g_autoptr(GtkColumnViewColumn) col =
        index >= 0 ? g_list_model_get_item(columns, (guint)index) : NULL;
    /* The sorter's "changed" handler re-queries. */
    gtk_column_view_sort_by_column(view, col,
                                   descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

GtkColumnView *pk_results_table_get_view(PkResultsTable *self) {
    return GTK_COLUMN_VIEW(self->view);
}
GtkScrolledWindow *pk_results_table_get_scrolled(PkResultsTable *self) {
    return GTK_SCROLLED_WINDOW(self->scrolled);
}
GtkSelectionModel *pk_results_table_get_selection(PkResultsTable *self) {
    return GTK_SELECTION_MODEL(self->selection);
}
guint pk_results_table_get_n_pages_fetched(PkResultsTable *self) {
    return self->n_fetched;
}

/* Internal accessors for results-table-actions.c. */
PkFetcher *pk_results_table_get_fetcher(PkResultsTable *self) {
    return self->fetcher;
}
const char *pk_results_table_get_shown_sql(PkResultsTable *self) {
    return self->shown_sql;
}
guint pk_results_table_get_n_columns(PkResultsTable *self) {
    return self->header != NULL ? self->header->n_columns : 0;
}
void pk_results_table_toast(PkResultsTable *self, const char *text) {
    pk_results_table_toast_file(self, text, NULL);
}
void pk_results_table_toast_file(PkResultsTable *self, const char *text, const char *path) {
    if (self->toasts == NULL) {
        return; /* disposed */
    }
    adw_toast_overlay_add_toast(ADW_TOAST_OVERLAY(self->toasts), pk_toast_new(text, path));
}
const char *pk_results_table_get_whole_sql(PkResultsTable *self) {
    return self->whole_sql;
}

/* The export menu: the rows shown; while they are a part of the result, also the whole. */
static GMenuModel *export_menu(gboolean part) {
    static const char *const labels[] = {"CSV…", "JSON…", "Parquet…"};
    static const char *const formats[] = {"csv", "json", "parquet"};
    GMenu *menu = g_menu_new();
    for (guint w = 0; w < (part ? 2u : 1u); w++) {
        g_autoptr(GMenu) section = g_menu_new();
        for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
            g_autofree char *action =
                g_strdup_printf("table.export::%s%s", formats[i], w == 1 ? ":whole" : "");
            g_menu_append(section, labels[i], action);
        }
        const char *title = !part ? NULL : w == 0 ? "The selected rows" : "The whole result";
        g_menu_append_section(menu, title, G_MENU_MODEL(section));
    }
    return G_MENU_MODEL(menu);
}

void pk_results_table_set_whole_sql(PkResultsTable *self, const char *whole_sql) {
    g_return_if_fail(PK_IS_RESULTS_TABLE(self));
    if (g_strcmp0(self->whole_sql, whole_sql) == 0 &&
        gtk_menu_button_get_menu_model(GTK_MENU_BUTTON(self->export_button)) != NULL) {
        return;
    }
    g_free(self->whole_sql);
    self->whole_sql = g_strdup(whole_sql);
    g_autoptr(GMenuModel) menu = export_menu(whole_sql != NULL);
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(self->export_button), menu);
    gtk_widget_set_tooltip_text(self->export_button,
                                whole_sql != NULL ? "Export the selected rows or the whole result"
                                                  : "Export the whole result");
}
void pk_results_table_emit_exported(PkResultsTable *self, const char *path, const char *error) {
    g_signal_emit(self, signals[SIGNAL_EXPORTED], 0, path, error);
}
void pk_results_table_get_menu_cell(PkResultsTable *self, guint *row, guint *column) {
    *row = self->menu_row;
    *column = self->menu_column;
}

/* Stores the page fetched synchronously for copying. */
void pk_results_table_store_page(PkResultsTable *self, guint index, PkTextPage *text) {
    Page *page = get_page(self, index, FALSE);
    if (page == NULL) {
        page = g_new0(Page, 1);
        g_hash_table_insert(self->pages, GUINT_TO_POINTER(index), page);
    }
    pk_text_page_free(page->text);
    page->text = text;
    page->state = PAGE_DONE;
}

/* ---- context menu ------------------------------------------------------------------------- */

static void on_cell_pressed(GtkGestureClick *gesture, int n_press, double x, double y,
                            gpointer user_data) {
    PkResultsTable *self = user_data;
    (void)n_press;
    GtkListItem *item = g_object_get_data(G_OBJECT(gesture), "list-item");
    GtkWidget *cell = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(gesture));
    self->menu_row = gtk_list_item_get_position(item);
    self->menu_column = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(gesture), "column"));
    if (!gtk_selection_model_is_selected(GTK_SELECTION_MODEL(self->selection), self->menu_row)) {
        gtk_selection_model_select_item(GTK_SELECTION_MODEL(self->selection), self->menu_row, TRUE);
    }
    graphene_point_t p;
    if (!gtk_widget_compute_point(cell, GTK_WIDGET(self), &GRAPHENE_POINT_INIT((float)x, (float)y),
                                  &p)) {
        return;
    }
    gtk_popover_set_pointing_to(GTK_POPOVER(self->menu), &(GdkRectangle){(int)p.x, (int)p.y, 1, 1});
    gtk_popover_popup(GTK_POPOVER(self->menu));
    gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* ---- construction ------------------------------------------------------------------------- */

static GtkWidget *build_footer(PkResultsTable *self) {
    GtkWidget *footer = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_add_css_class(footer, "toolbar");
    self->footer_label = gtk_label_new("No result");
    gtk_widget_add_css_class(self->footer_label, "dim-label");
    gtk_widget_add_css_class(self->footer_label, "numeric");
    gtk_label_set_xalign(GTK_LABEL(self->footer_label), 0.0f);
    gtk_label_set_ellipsize(GTK_LABEL(self->footer_label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand(self->footer_label, TRUE);
    self->spinner = gtk_spinner_new();
    gtk_widget_set_visible(self->spinner, FALSE);
    self->export_button = gtk_menu_button_new();
    gtk_menu_button_set_label(GTK_MENU_BUTTON(self->export_button), "Export");
    pk_results_table_set_whole_sql(self, NULL);
    gtk_widget_add_css_class(self->export_button, "flat");
    gtk_box_append(GTK_BOX(footer), self->footer_label);
    gtk_box_append(GTK_BOX(footer), self->spinner);
    gtk_box_append(GTK_BOX(footer), self->export_button);
    return footer;
}

static void pk_results_table_init(PkResultsTable *self) {
    self->pages = g_hash_table_new_full(NULL, NULL, NULL, page_free);
    self->pending = g_array_new(FALSE, FALSE, sizeof(guint));
    self->model = g_object_new(pk_row_model_get_type(), NULL);
    self->selection = gtk_multi_selection_new(G_LIST_MODEL(g_object_ref(self->model)));
    self->view = gtk_column_view_new(GTK_SELECTION_MODEL(g_object_ref(self->selection)));
    gtk_column_view_set_show_column_separators(GTK_COLUMN_VIEW(self->view), TRUE);
    gtk_column_view_set_show_row_separators(GTK_COLUMN_VIEW(self->view), TRUE);
    gtk_column_view_set_reorderable(GTK_COLUMN_VIEW(self->view), FALSE);
    gtk_widget_add_css_class(self->view, "data-table");
    g_signal_connect(gtk_column_view_get_sorter(GTK_COLUMN_VIEW(self->view)), "changed",
                     G_CALLBACK(on_sorter_changed), self);
    self->scrolled = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(self->scrolled), self->view);
    gtk_widget_set_vexpand(self->scrolled, TRUE);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append(GTK_BOX(box), self->scrolled);
    gtk_box_append(GTK_BOX(box), gtk_separator_new(GTK_ORIENTATION_HORIZONTAL));
    gtk_box_append(GTK_BOX(box), build_footer(self));
    self->toasts = adw_toast_overlay_new();
    adw_toast_overlay_set_child(ADW_TOAST_OVERLAY(self->toasts), box);
    gtk_widget_set_parent(self->toasts, GTK_WIDGET(self));
    g_autoptr(GMenu) menu = g_menu_new();
    g_menu_append(menu, "Copy Cell", "table.copy-cell");
    g_menu_append(menu, "Copy Row", "table.copy-row");
    g_menu_append(menu, "Copy Selected Rows", "table.copy");
    self->menu = gtk_popover_menu_new_from_model(G_MENU_MODEL(menu));
    gtk_popover_set_has_arrow(GTK_POPOVER(self->menu), FALSE);
    gtk_widget_set_halign(self->menu, GTK_ALIGN_START);
    gtk_widget_set_parent(self->menu, GTK_WIDGET(self));
}

static void pk_results_table_dispose(GObject *object) {
    PkResultsTable *self = PK_RESULTS_TABLE(object);
    if (!self->disposed) {
        self->disposed = TRUE;
        self->generation++;
        g_clear_handle_id(&self->fetch_idle_id, g_source_remove);
        g_signal_handlers_disconnect_by_data(
            gtk_column_view_get_sorter(GTK_COLUMN_VIEW(self->view)), self);
        pk_fetcher_shutdown(self->fetcher);
    }
    g_clear_pointer(&self->menu, gtk_widget_unparent);
    g_clear_pointer(&self->toasts, gtk_widget_unparent);
    g_clear_object(&self->selection);
    g_clear_object(&self->model);
    G_OBJECT_CLASS(pk_results_table_parent_class)->dispose(object);
}

static void pk_results_table_finalize(GObject *object) {
    PkResultsTable *self = PK_RESULTS_TABLE(object);
    pk_fetcher_unref(self->fetcher);
    g_hash_table_unref(self->pages);
    g_array_unref(self->pending);
    pk_text_page_free(self->header);
    g_free(self->sql);
    g_free(self->shown_sql);
    g_free(self->whole_sql);
    g_free(self->sort_column);
    G_OBJECT_CLASS(pk_results_table_parent_class)->finalize(object);
}

static void pk_results_table_class_init(PkResultsTableClass *klass) {
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
    object_class->dispose = pk_results_table_dispose;
    object_class->finalize = pk_results_table_finalize;
    gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
    gtk_widget_class_set_css_name(widget_class, "pk-results-table");
    signals[SIGNAL_EXPORTED] =
        g_signal_new("exported", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
    signals[SIGNAL_LOADED] = g_signal_new("loaded", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
    pk_results_table_install_actions(widget_class);
}

GtkWidget *pk_results_table_new(PkDb *db) {
    g_return_val_if_fail(db != NULL, NULL);
    PkResultsTable *self = g_object_new(PK_TYPE_RESULTS_TABLE, NULL);
    self->db = db;
    self->fetcher = pk_fetcher_new(db);
    return GTK_WIDGET(self);
}

GtkWidget *pk_results_table_get_export_button(PkResultsTable *self) {
    return self->export_button;
}
