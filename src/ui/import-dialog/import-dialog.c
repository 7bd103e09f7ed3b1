/* import-dialog.c — PkImportDialog: options, live preview, and the import as a source node.
 *
 * The option widgets are the only state of the options (no copy): sniff jobs and the source
 * parameters are both read from them. Every change starts a sniff on a worker with its own
 * connection to a private in-memory database (sniffing reads the file only, so it needs
 * nothing of the graph's database); each sniff carries a serial and only the newest result
 * is shown. Per-column choices live in `choices` (column name -> PkColumnChoice) and survive
 * re-sniffs.
 *
 * Import: one source node per file (parameters from dup_params, keys as in
 * src/graph/graph-source.c), then pk_graph_load_sources on a GTask worker; a 100 ms timer
 * polls the node's status for progress (a fraction when the graph reports one, otherwise a
 * pulse with the elapsed time). A node that failed or was cancelled is removed again, so the
 * graph only ever gains sources that imported; the error is shown inline with a fix button
 * where an option fixes it (skip bad rows, Latin-1). */
#include "import-dialog.h"
#include "dump-id.h"
#include "report-view.h"

#include <string.h>

#include "import-dialog-private.h"
#include "words.h"

typedef struct {
    const char *label;
    const char *value; /* NULL = automatic / default */
} Choice;

static const Choice delimiters[] = {{"Auto", NULL}, {"Comma ,", ","}, {"Semicolon ;", ";"},
                                    {"Tab", "\t"},  {"Pipe |", "|"},  {"Space", " "},
                                    {NULL, NULL}};
static const Choice headers[] = {
    {"Auto", "auto"}, {"First line", "first"}, {"None", "none"}, {NULL, NULL}};
static const Choice quotes[] = {
    {"Auto", NULL}, {"Double \"", "\""}, {"Single '", "'"}, {NULL, NULL}};
static const Choice encodings[] = {
    {"UTF-8", NULL}, {"Latin-1", "latin-1"}, {"UTF-16", "utf-16"}, {NULL, NULL}};
static const Choice decimals[] = {{"Auto", NULL}, {"Point .", "."}, {"Comma ,", ","}, {NULL, NULL}};
static const Choice samples[] = {{"Default (20,480 rows)", "0"}, {"1,000 rows", "1000"},
                                 {"100,000 rows", "100000"},     {"1,000,000 rows", "1000000"},
                                 {"Whole file", "-1"},           {NULL, NULL}};

/* ---- option widgets ----------------------------------------------------------------------- */

static GtkWidget *choice_dropdown(const Choice *choices) {
    GPtrArray *labels = g_ptr_array_new();
    for (guint i = 0; choices[i].label != NULL; i++) {
        g_ptr_array_add(labels, (gpointer)choices[i].label);
    }
    g_ptr_array_add(labels, NULL);
    GtkWidget *dropdown = gtk_drop_down_new_from_strings((const char *const *)labels->pdata);
    g_ptr_array_unref(labels);
    return dropdown;
}

static const char *choice_value(GtkWidget *dropdown, const Choice *choices) {
    return choices[gtk_drop_down_get_selected(GTK_DROP_DOWN(dropdown))].value;
}

static gboolean choice_select(GtkWidget *dropdown, const Choice *choices, const char *value) {
    for (guint i = 0; choices[i].label != NULL; i++) {
        if (g_strcmp0(choices[i].value, value) == 0 ||
            (value != NULL && value[0] == '\0' && choices[i].value == NULL)) {
            gtk_drop_down_set_selected(GTK_DROP_DOWN(dropdown), i);
            return TRUE;
        }
    }
    return FALSE;
}

/* The null strings the user typed, comma-separated ("" stands for the empty string); NULL
 * when the entry is empty (the defaults). */
static GStrv dup_null_strings(PkImportDialog *self) {
    const char *text = gtk_editable_get_text(GTK_EDITABLE(self->nulls));
    if (text[0] == '\0') {
        return NULL;
    }
    g_auto(GStrv) parts = g_strsplit(text, ",", -1);
    GStrvBuilder *builder = g_strv_builder_new();
    for (guint i = 0; parts[i] != NULL; i++) {
        char *item = g_strstrip(parts[i]);
        g_strv_builder_add(builder, strcmp(item, "\"\"") == 0 ? "" : item);
    }
    GStrv out = g_strv_builder_end(builder);
    g_strv_builder_unref(builder);
    return out;
}

static void add_string(GVariantBuilder *b, const char *key, const char *value) {
    if (value != NULL) {
        g_variant_builder_add(b, "{sv}", key, g_variant_new_string(value));
    }
}

static void add_strv(GVariantBuilder *b, const char *key, GPtrArray *items) {
    if (items->len > 0) {
        g_variant_builder_add(
            b, "{sv}", key,
            g_variant_new_strv((const char *const *)items->pdata, (gssize)items->len));
    }
}

static void add_column_params(PkImportDialog *self, GVariantBuilder *b) {
    g_autoptr(GPtrArray) exclude = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func(g_free);
    const PkSchema *schema = self->sniff != NULL ? self->sniff->schema : NULL;
    for (guint c = 0; schema != NULL && c < schema->n_columns; c++) {
        const char *name = schema->columns[c].name;
        PkColumnChoice *choice = g_hash_table_lookup(self->choices, name);
        if (choice != NULL && !choice->include) {
            g_ptr_array_add(exclude, g_strdup(name));
        } else if (choice != NULL && choice->type > 0) {
            g_ptr_array_add(types,
                            g_strdup_printf("%s=%s", name, pk_import_type_sql[choice->type]));
        }
    }
    add_strv(b, "exclude_columns", exclude);
    add_strv(b, "column_types", types);
}

GVariant *pk_import_dialog_params_for(PkImportDialog *self, const char *path) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_autofree char *absolute = g_canonicalize_filename(path, NULL);
    add_string(&b, "path", absolute);
    add_string(&b, "delimiter", choice_value(self->delimiter, delimiters));
    const char *header = choice_value(self->header, headers);
    add_string(&b, "header", strcmp(header, "auto") != 0 ? header : NULL);
    add_string(&b, "quote", choice_value(self->quote, quotes));
    add_string(&b, "encoding", choice_value(self->encoding, encodings));
    add_string(&b, "decimal_separator", choice_value(self->decimal, decimals));
    g_auto(GStrv) nulls = dup_null_strings(self);
    if (nulls != NULL) {
        g_variant_builder_add(&b, "{sv}", "null_strings",
                              g_variant_new_strv((const char *const *)nulls, -1));
    }
    gint64 skip = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->skip_rows));
    if (skip > 0) {
        g_variant_builder_add(&b, "{sv}", "skip_rows", g_variant_new_int64(skip));
    }
    gint64 sample = g_ascii_strtoll(choice_value(self->sample, samples), NULL, 10);
    if (sample != 0) {
        g_variant_builder_add(&b, "{sv}", "sample_rows", g_variant_new_int64(sample));
    }
    if (gtk_switch_get_active(GTK_SWITCH(self->skip_bad))) {
        g_variant_builder_add(&b, "{sv}", "skip_bad_rows", g_variant_new_boolean(TRUE));
    }
    if (gtk_switch_get_active(GTK_SWITCH(self->all_text))) {
        g_variant_builder_add(&b, "{sv}", "all_text", g_variant_new_boolean(TRUE));
    }
    add_column_params(self, &b);
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

GVariant *pk_import_dialog_dup_params(PkImportDialog *self) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), NULL);
    return pk_import_dialog_params_for(self, self->files[0]);
}

/* ---- sniffing ----------------------------------------------------------------------------- */

typedef struct {
    PkDb *db;
    GVariant *params;
    guint serial;
    PkSniffResult *result;
} SniffJob;

static void sniff_job_free(gpointer data) {
    SniffJob *job = data;
    g_variant_unref(job->params);
    pk_sniff_result_free(job->result);
    g_free(job);
}

/* The import options of a parameter dictionary (strings borrowed from params or *strvs). */
static void sniff_thread(GTask *task, gpointer source, gpointer data, GCancellable *unused) {
    SniffJob *job = data;
    (void)source;
    (void)unused;
    GError *error = NULL;
    /* The connection is closed before returning: the result may drop the dialog's last
     * reference, and the dialog closes the database. */
    gboolean ok = pk_graph_sniff_params(job->db, job->params, &job->result, &error);
    if (ok) {
        g_task_return_boolean(task, TRUE);
    } else {
        g_task_return_error(task, error);
    }
}

static gboolean resniff_fired(gpointer user_data);

/* A column's type or inclusion changed: the preview is made again with it (after the
 * drop-down that changed is done: the new preview replaces it), so an override that cannot
 * read the file's values is flagged before importing. */
static void on_choice_changed(gpointer user_data) {
    PkImportDialog *self = user_data;
    g_clear_handle_id(&self->resniff_timeout, g_source_remove);
    self->resniff_timeout = g_timeout_add(250, resniff_fired, self);
}

/* Options that only a delimited text file has (delimiter, header, quote, encoding, nulls,
 * skipped lines, decimal separator, skipping bad rows, all text) are shown only for one:
 * Parquet and JSON files carry their own structure and types. */
void pk_import_dialog_show_options_of(PkImportDialog *self, PkDataFormat format) {
    gboolean text = format == PK_DATA_FORMAT_CSV || format == PK_DATA_FORMAT_AUTO;
    for (GtkWidget *child = gtk_widget_get_first_child(self->options); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        if (g_object_get_data(G_OBJECT(child), "pika-csv-only") != NULL) {
            gtk_widget_set_visible(child, text);
        }
    }
}

static void update_detected(PkImportDialog *self) {
    const PkSniffResult *s = self->sniff;
    pk_import_dialog_show_options_of(self, s->format);
    const char *d = s->delimiter;
    g_autofree char *delim = d == NULL              ? g_strdup("—")
                             : strcmp(d, "\t") == 0 ? g_strdup("tab")
                                                    : g_strdup_printf("“%s”", d);
    g_autofree char *text =
        g_strdup_printf("Detected: %s · delimiter %s · header %s · quote %s%s%s · %u columns",
                        pk_data_format_name(s->format), delim, s->has_header ? "yes" : "no",
                        s->quote != NULL && s->quote[0] != '\0' ? s->quote : "none",
                        s->skip_rows > 0 ? " · skipped lines " : "", s->skip_rows > 0 ? "yes" : "",
                        s->schema->n_columns);
    gtk_label_set_text(GTK_LABEL(self->detected), text);
}

static void on_sniffed(GObject *source, GAsyncResult *result, gpointer user_data) {
    PkImportDialog *self = PK_IMPORT_DIALOG(source);
    (void)user_data;
    SniffJob *job = g_task_get_task_data(G_TASK(result));
    g_autoptr(GError) error = NULL;
    gboolean ok = g_task_propagate_boolean(G_TASK(result), &error);
    self->n_sniffs_running--;
    if (job->serial != self->sniff_serial || self->finished) {
        return; /* a newer sniff is on its way */
    }
    self->n_sniffs++;
    if (!ok) {
        pk_import_dialog_show_error(self, error->code, error->message);
        if (self->sniff == NULL) {
            pk_import_preview_message(GTK_GRID(self->grid), "No preview: see the error below.");
        }
        gtk_widget_set_sensitive(self->import_button, FALSE);
        return;
    }
    pk_sniff_result_free(self->sniff);
    self->sniff = g_steal_pointer(&job->result);
    pk_import_dialog_show_error(self, 0, NULL);
    update_detected(self);
    g_autoptr(GVariant) report = pk_import_report_of_sniff(self->sniff);
    pk_report_view_show(self->report, report, "row does not parse", "rows do not parse");
    pk_import_preview_fill(GTK_GRID(self->grid), self->sniff, self->choices, on_choice_changed,
                           self);
    gtk_widget_set_sensitive(self->import_button, self->name_ok && !self->importing);
}

void pk_import_dialog_resniff(PkImportDialog *self) {
    if (self->finished || self->sniff_db == NULL) {
        return;
    }
    SniffJob *job = g_new0(SniffJob, 1);
    job->db = self->sniff_db;
    job->params = pk_import_dialog_params_for(self, self->files[0]);
    job->serial = ++self->sniff_serial;
    self->n_sniffs_running++;
    g_autoptr(GTask) task = g_task_new(self, NULL, on_sniffed, NULL);
    g_task_set_task_data(task, job, sniff_job_free);
    g_task_run_in_thread(task, sniff_thread);
}

static void on_option_notify(GObject *object, GParamSpec *pspec, gpointer user_data) {
    (void)object;
    (void)pspec;
    pk_import_dialog_resniff(PK_IMPORT_DIALOG(user_data));
}

static gboolean resniff_fired(gpointer user_data) {
    PkImportDialog *self = user_data;
    self->resniff_timeout = 0;
    pk_import_dialog_resniff(self);
    return G_SOURCE_REMOVE;
}

static void on_nulls_changed(GtkEditable *editable, gpointer user_data) {
    PkImportDialog *self = user_data;
    (void)editable;
    g_clear_handle_id(&self->resniff_timeout, g_source_remove);
    self->resniff_timeout = g_timeout_add(250, resniff_fired, self);
}

/* ---- errors ------------------------------------------------------------------------------- */

/* The option that fixes an error: label, key, value; FALSE when none does. */
static gboolean fix_for(int code, const char **label, const char **key, const char **value) {
    if (code == PK_ERROR_RAGGED || code == PK_ERROR_TYPE) {
        *label = "Skip Bad Rows";
        *key = "skip_bad_rows";
        *value = "true";
        return TRUE;
    }
    if (code == PK_ERROR_ENCODING) {
        *label = "Use Latin-1";
        *key = "encoding";
        *value = "latin-1";
        return TRUE;
    }
    return FALSE;
}

void pk_import_dialog_show_error(PkImportDialog *self, int code, const char *message) {
    g_clear_pointer(&self->error_text, g_free);
    self->error_code = code;
    gtk_widget_set_visible(self->error_box, message != NULL);
    if (message == NULL) {
        return;
    }
    g_autofree char *words = pk_ui_words(message);
    /* In the dialog itself, its controls need no "in the import dialog". */
    GString *here = g_string_new(words);
    g_string_replace(here, " in the import dialog", "", 0);
    self->error_text = g_string_free(here, FALSE);
    gtk_label_set_text(GTK_LABEL(self->error_label), self->error_text);
    const char *label = NULL, *key = NULL, *value = NULL;
    gboolean fix = fix_for(code, &label, &key, &value);
    /* Once the fix is on, offering it again would not help. */
    if (fix && strcmp(key, "skip_bad_rows") == 0 &&
        gtk_switch_get_active(GTK_SWITCH(self->skip_bad))) {
        fix = FALSE;
    }
    gtk_widget_set_visible(self->fix_button, fix);
    if (fix) {
        gtk_button_set_label(GTK_BUTTON(self->fix_button), label);
    }
}

const char *pk_import_dialog_get_error(PkImportDialog *self) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), NULL);
    return self->error_text;
}

gboolean pk_import_dialog_offers_skip_bad_rows(PkImportDialog *self) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), FALSE);
    return self->error_text != NULL && gtk_widget_get_visible(self->fix_button) &&
           (self->error_code == PK_ERROR_RAGGED || self->error_code == PK_ERROR_TYPE);
}

void pk_import_dialog_apply_fix(PkImportDialog *self) {
    g_return_if_fail(PK_IS_IMPORT_DIALOG(self));
    const char *label = NULL, *key = NULL, *value = NULL;
    if (self->error_text == NULL || !fix_for(self->error_code, &label, &key, &value)) {
        return;
    }
    gboolean from_import = self->fix_retries;
    pk_import_dialog_set_option(self, key, value);
    if (from_import) {
        pk_import_dialog_start_import(self);
    }
}

/* ---- setting options as a user would ------------------------------------------------------ */

gboolean pk_import_dialog_set_option(PkImportDialog *self, const char *key, const char *value) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), FALSE);
    g_return_val_if_fail(key != NULL, FALSE);
    struct {
        const char *key;
        GtkWidget *w;
        const Choice *choices;
    } dd[] = {{"delimiter", self->delimiter, delimiters},
              {"header", self->header, headers},
              {"quote", self->quote, quotes},
              {"encoding", self->encoding, encodings},
              {"decimal_separator", self->decimal, decimals},
              {"sample_rows", self->sample, samples}};
    for (guint i = 0; i < G_N_ELEMENTS(dd); i++) {
        if (strcmp(key, dd[i].key) == 0) {
            return choice_select(dd[i].w, dd[i].choices, value);
        }
    }
    gboolean on = g_strcmp0(value, "true") == 0;
    if (strcmp(key, "skip_bad_rows") == 0 || strcmp(key, "all_text") == 0) {
        gtk_switch_set_active(GTK_SWITCH(key[0] == 's' ? self->skip_bad : self->all_text), on);
    } else if (strcmp(key, "skip_rows") == 0) {
        gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->skip_rows),
                                  g_ascii_strtod(value != NULL ? value : "0", NULL));
    } else if (strcmp(key, "null_strings") == 0 || strcmp(key, "name") == 0) {
        GtkWidget *entry = key[0] == 'n' && key[1] == 'u' ? self->nulls : self->name_entry;
        gtk_editable_set_text(GTK_EDITABLE(entry), value != NULL ? value : "");
        if (entry == self->nulls) {
            g_clear_handle_id(&self->resniff_timeout, g_source_remove);
            pk_import_dialog_resniff(self);
        }
    } else {
        return FALSE;
    }
    return TRUE;
}

gboolean pk_import_dialog_set_column(PkImportDialog *self, const char *column, gboolean include,
                                     const char *type) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), FALSE);
    PkColumnChoice *choice = g_hash_table_lookup(self->choices, column);
    guint index = 0;
    for (guint i = 1; type != NULL && type[0] != '\0' && i < PK_IMPORT_N_TYPES; i++) {
        index = g_ascii_strcasecmp(type, pk_import_type_sql[i]) == 0 ? i : index;
    }
    if (choice == NULL || (type != NULL && type[0] != '\0' && index == 0)) {
        return FALSE;
    }
    choice->include = include;
    choice->type = index;
    if (self->sniff != NULL) {
        pk_import_preview_fill(GTK_GRID(self->grid), self->sniff, self->choices, on_choice_changed,
                               self);
    }
    return TRUE;
}

const PkSniffResult *pk_import_dialog_get_sniff(PkImportDialog *self) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), NULL);
    return self->sniff;
}

guint pk_import_dialog_get_n_sniffs(PkImportDialog *self) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), 0);
    return self->n_sniffs;
}

gboolean pk_import_dialog_is_busy(PkImportDialog *self) {
    g_return_val_if_fail(PK_IS_IMPORT_DIALOG(self), FALSE);
    return self->importing || self->n_sniffs_running > 0 || self->resniff_timeout != 0;
}

/* ---- the options form --------------------------------------------------------------------- */

/* The name must be a valid node name not taken in the graph. */
static void on_name_changed(GtkEditable *editable, gpointer user_data) {
    PkImportDialog *self = user_data;
    const char *name = gtk_editable_get_text(editable);
    g_autoptr(GError) error = NULL;
    gboolean ok = pk_graph_check_name(name, &error);
    if (ok && pk_graph_find(self->graph, name) != 0) {
        g_set_error(&error, PK_ERROR, PK_ERROR_EXISTS,
                    "There is already a node named '%s'; choose another name.", name);
        ok = FALSE;
    }
    gtk_label_set_text(GTK_LABEL(self->name_error), ok ? "" : error->message);
    gtk_widget_set_visible(self->name_error, !ok);
    if (ok) {
        gtk_widget_remove_css_class(GTK_WIDGET(editable), "error");
    } else {
        gtk_widget_add_css_class(GTK_WIDGET(editable), "error");
    }
    self->name_ok = ok;
    gtk_widget_set_sensitive(self->import_button, ok && self->sniff != NULL && !self->importing);
}

static void attach_pair(GtkGrid *grid, const char *text, GtkWidget *widget, int column, int row,
                        const char *tooltip) {
    GtkWidget *label = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
    gtk_widget_add_css_class(label, "dim-label");
    gtk_label_set_mnemonic_widget(GTK_LABEL(label), widget);
    gtk_widget_set_tooltip_text(widget, tooltip);
    gtk_widget_set_hexpand(widget, TRUE);
    gtk_widget_set_valign(widget, GTK_ALIGN_CENTER);
    gtk_grid_attach(grid, label, column * 2, row, 1, 1);
    gtk_grid_attach(grid, widget, column * 2 + 1, row, 1, 1);
}

static GtkWidget *connect_choice(PkImportDialog *self, const Choice *choices) {
    GtkWidget *dropdown = choice_dropdown(choices);
    g_signal_connect(dropdown, "notify::selected", G_CALLBACK(on_option_notify), self);
    return dropdown;
}

static GtkWidget *switch_cell(PkImportDialog *self, GtkWidget **out_switch) {
    *out_switch = gtk_switch_new();
    gtk_widget_set_halign(*out_switch, GTK_ALIGN_START);
    g_signal_connect(*out_switch, "notify::active", G_CALLBACK(on_option_notify), self);
    return *out_switch;
}

GtkWidget *pk_import_dialog_build_options(PkImportDialog *self) {
    GtkGrid *grid = GTK_GRID(gtk_grid_new());
    gtk_grid_set_row_spacing(grid, 8);
    gtk_grid_set_column_spacing(grid, 10);
    self->name_entry = gtk_entry_new();
    g_signal_connect(self->name_entry, "changed", G_CALLBACK(on_name_changed), self);
    attach_pair(grid, "_Name", self->name_entry, 0, 0,
                "The source's name in the workspace; "
                "queries refer to it by this name");
    self->name_error = gtk_label_new(NULL);
    gtk_widget_add_css_class(self->name_error, "error");
    gtk_label_set_xalign(GTK_LABEL(self->name_error), 0.0f);
    gtk_label_set_ellipsize(GTK_LABEL(self->name_error), PANGO_ELLIPSIZE_END);
    gtk_widget_set_visible(self->name_error, FALSE);
    gtk_grid_attach(grid, self->name_error, 3, 0, 5, 1);
    gtk_label_set_use_underline(GTK_LABEL(gtk_grid_get_child_at(grid, 0, 0)), TRUE);
    self->delimiter = connect_choice(self, delimiters);
    self->header = connect_choice(self, headers);
    self->quote = connect_choice(self, quotes);
    self->encoding = connect_choice(self, encodings);
    attach_pair(grid, "Delimiter", self->delimiter, 0, 1, "The character between fields");
    attach_pair(grid, "Header", self->header, 1, 1, "Whether the first line names the columns");
    attach_pair(grid, "Quote", self->quote, 2, 1, "The character around quoted fields");
    attach_pair(grid, "Encoding", self->encoding, 3, 1, "The file's text encoding");
    self->nulls = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(self->nulls), "\"\", NULL, null, N/A, NA, n/a");
    g_signal_connect(self->nulls, "changed", G_CALLBACK(on_nulls_changed), self);
    self->skip_rows = gtk_spin_button_new_with_range(0, 1000000, 1);
    g_signal_connect(self->skip_rows, "notify::value", G_CALLBACK(on_option_notify), self);
    self->sample = connect_choice(self, samples);
    self->decimal = connect_choice(self, decimals);
    attach_pair(grid, "Null strings", self->nulls, 0, 2,
                "Values read as missing, separated "
                "by commas (\"\" is the empty field); empty = the defaults shown");
    attach_pair(grid, "Skip lines", self->skip_rows, 1, 2, "Lines skipped at the top");
    attach_pair(grid, "Sample", self->sample, 2, 2, "Rows read to infer the column types");
    attach_pair(grid, "Decimal", self->decimal, 3, 2, "The decimal separator of numbers");
    pk_dump_id(self->name_entry, "import/name");
    attach_pair(grid, "Skip bad rows", switch_cell(self, &self->skip_bad), 0, 3,
                "Skip rows that do not parse instead of failing");
    attach_pair(grid, "All text", switch_cell(self, &self->all_text), 1, 3,
                "Import every column as text");
    pk_dump_id(self->skip_bad, "import/skip-bad");
    for (int row = 1; row <= 3; row++) {
        for (int column = 0; column < 8; column++) {
            GtkWidget *child = gtk_grid_get_child_at(grid, column, row);
            if (child != NULL) {
                g_object_set_data(G_OBJECT(child), "pika-csv-only", GINT_TO_POINTER(1));
            }
        }
    }
    self->detected = gtk_label_new(NULL);
    gtk_widget_add_css_class(self->detected, "dim-label");
    gtk_widget_add_css_class(self->detected, "caption");
    gtk_label_set_xalign(GTK_LABEL(self->detected), 1.0f);
    gtk_label_set_ellipsize(GTK_LABEL(self->detected), PANGO_ELLIPSIZE_END);
    gtk_grid_attach(grid, self->detected, 4, 3, 4, 1);
    pk_dump_id(self->detected, "import/detected");
    return GTK_WIDGET(grid);
}
