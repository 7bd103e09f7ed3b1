/* import-dialog-run.c — the import dialog's window: layout, life cycle, and the import itself
 * (source nodes + pk_graph_load_sources on a worker, progress, cancel, inline errors).
 *
 * Life cycle: the dialog ends exactly once (finish): after a successful import with the first
 * new node, or with 0 when the user cancels or closes it. Closing while an import runs
 * cancels the import first and ends when the worker returns, so the worker never outlives
 * the graph calls it makes on the dialog's behalf. */
#include "import-dialog-private.h"
#include "dump-id.h"
#include "report-view.h"

#include <string.h>

G_DEFINE_FINAL_TYPE(PkImportDialog, pk_import_dialog, ADW_TYPE_WINDOW)

static const char dialog_css[] =
    ".pk-preview { background: @view_bg_color; }\n"
    ".pk-preview .pk-preview-cell { padding: 3px 10px; border-bottom: 1px solid "
    "alpha(currentColor, 0.06); }\n"
    ".pk-preview checkbutton { padding: 6px 8px 2px 4px; }\n"
    ".pk-preview dropdown { margin: 2px 6px 6px 6px; }\n"
    ".pk-import-error { background: alpha(@error_color, 0.10); border-radius: 8px; "
    "padding: 8px 12px; }\n";

static void finish(PkImportDialog *self, PkNodeId node) {
    if (self->finished) {
        return;
    }
    self->finished = TRUE;
    if (self->done != NULL) {
        self->done(node, self->done_data);
    }
    gtk_window_destroy(GTK_WINDOW(self));
}

/* ---- the import --------------------------------------------------------------------------- */

static void set_importing(PkImportDialog *self, gboolean importing) {
    self->importing = importing;
    gtk_widget_set_visible(self->progress_box, importing);
    gtk_widget_set_sensitive(self->options, !importing);
    gtk_widget_set_sensitive(self->grid, !importing);
    gtk_widget_set_sensitive(self->import_button,
                             !importing && self->name_ok && self->sniff != NULL);
    if (!importing) {
        g_clear_handle_id(&self->poll_id, g_source_remove);
    }
}

static gboolean poll_progress(gpointer user_data) {
    PkImportDialog *self = user_data;
    guint index = 0;
    PkNodeStatus st = {0};
    for (guint i = 0; i < self->nodes->len; i++) {
        pk_node_status_clear(&st);
        pk_graph_get_status(self->graph, g_array_index(self->nodes, PkNodeId, i), &st);
        index = i;
        if (st.state != PK_NODE_DONE) {
            break;
        }
    }
    if (st.progress >= 0 && st.state == PK_NODE_RUNNING) {
        gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->progress), st.progress);
    } else {
        gtk_progress_bar_pulse(GTK_PROGRESS_BAR(self->progress));
    }
    pk_node_status_clear(&st);
    double seconds = (double)(g_get_monotonic_time() - self->import_start_us) / 1e6;
    g_autofree char *base = g_path_get_basename(self->files[index]);
    g_autofree char *text = self->nodes->len > 1
                                ? g_strdup_printf("Importing %s (%u of %u)… %.1f s", base,
                                                  index + 1, self->nodes->len, seconds)
                                : g_strdup_printf("Importing %s… %.1f s", base, seconds);
    gtk_label_set_text(GTK_LABEL(self->progress_label), text);
    return G_SOURCE_CONTINUE;
}

static void load_thread(GTask *task, gpointer source, gpointer data, GCancellable *unused) {
    PkGraph *graph = data;
    (void)source;
    (void)unused;
    GError *error = NULL;
    if (pk_graph_load_sources(graph, NULL, &error)) {
        g_task_return_boolean(task, TRUE);
    } else {
        g_task_return_error(task, error);
    }
}

static void remove_nodes(PkImportDialog *self) {
    for (guint i = 0; i < self->nodes->len; i++) {
        pk_graph_remove_node(self->graph, g_array_index(self->nodes, PkNodeId, i), NULL);
    }
    g_array_set_size(self->nodes, 0);
}

/* The first node that did not import: its error code and message (new), or FALSE. */
static gboolean first_failure(PkImportDialog *self, int *out_code, char **out_message) {
    for (guint i = 0; i < self->nodes->len; i++) {
        PkNodeStatus st = {0};
        pk_graph_get_status(self->graph, g_array_index(self->nodes, PkNodeId, i), &st);
        gboolean failed = st.state != PK_NODE_DONE;
        if (failed) {
            *out_code = st.state == PK_NODE_CANCELLED ? PK_ERROR_CANCELLED : st.error_code;
            *out_message = g_strdup(st.state == PK_NODE_CANCELLED ? "The import was cancelled."
                                    : st.message != NULL          ? st.message
                                                         : "The file could not be imported.");
        }
        pk_node_status_clear(&st);
        if (failed) {
            return TRUE;
        }
    }
    return FALSE;
}

static void on_loaded(GObject *source, GAsyncResult *result, gpointer user_data) {
    PkImportDialog *self = PK_IMPORT_DIALOG(source);
    (void)user_data;
    g_autoptr(GError) error = NULL;
    g_task_propagate_boolean(G_TASK(result), &error);
    set_importing(self, FALSE);
    int code = 0;
    g_autofree char *message = NULL;
    if (!first_failure(self, &code, &message)) {
        finish(self, self->nodes->len > 0 ? g_array_index(self->nodes, PkNodeId, 0) : 0);
        return;
    }
    remove_nodes(self);
    if (self->closing) {
        finish(self, 0);
        return;
    }
    pk_import_dialog_show_error(self, code, message);
    self->fix_retries = TRUE;
}

/* A free node name for the extra files of a multi-file import. */
static char *free_name(PkImportDialog *self, const char *path, GHashTable *taken) {
    g_autofree char *base = pk_data_table_name_for_path(path);
    char *name = g_strdup(base);
    for (guint n = 2; pk_graph_find(self->graph, name) != 0 || g_hash_table_contains(taken, name) ||
                      !pk_graph_check_name(name, NULL);
         n++) {
        g_free(name);
        name = g_strdup_printf("%s_%u", base, n);
    }
    return name;
}

static gboolean add_nodes(PkImportDialog *self, GError **error) {
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; self->files[i] != NULL; i++) {
        g_autofree char *name =
            i == 0 ? g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->name_entry)))
                   : free_name(self, self->files[i], taken);
        g_autoptr(GVariant) params = pk_import_dialog_params_for(self, self->files[i]);
        PkNodeId node = pk_graph_add_node(self->graph, PK_NODE_SOURCE, name, params, error);
        if (node == 0) {
            remove_nodes(self);
            return FALSE;
        }
        g_array_append_val(self->nodes, node);
        g_hash_table_add(taken, g_steal_pointer(&name));
    }
    return TRUE;
}

void pk_import_dialog_start_import(PkImportDialog *self) {
    g_return_if_fail(PK_IS_IMPORT_DIALOG(self));
    if (self->importing || self->finished || self->sniff == NULL || !self->name_ok) {
        return;
    }
    pk_import_dialog_show_error(self, 0, NULL);
    self->fix_retries = FALSE;
    g_autoptr(GError) error = NULL;
    if (!add_nodes(self, &error)) {
        pk_import_dialog_show_error(self, error->code, error->message);
        return;
    }
    set_importing(self, TRUE);
    self->import_start_us = g_get_monotonic_time();
    gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->progress), 0.0);
    poll_progress(self);
    self->poll_id = g_timeout_add(100, poll_progress, self);
    g_autoptr(GTask) task = g_task_new(self, NULL, on_loaded, NULL);
    g_task_set_task_data(task, self->graph, NULL);
    g_task_run_in_thread(task, load_thread);
}

static void cancel_import(PkImportDialog *self) {
    for (guint i = 0; i < self->nodes->len; i++) {
        pk_graph_cancel(self->graph, g_array_index(self->nodes, PkNodeId, i));
    }
}

/* ---- layout ------------------------------------------------------------------------------- */

static void on_import_clicked(GtkButton *button, gpointer user_data) {
    (void)button;
    pk_import_dialog_start_import(PK_IMPORT_DIALOG(user_data));
}

static void on_cancel_import_clicked(GtkButton *button, gpointer user_data) {
    (void)button;
    cancel_import(PK_IMPORT_DIALOG(user_data));
}

static void on_fix_clicked(GtkButton *button, gpointer user_data) {
    (void)button;
    pk_import_dialog_apply_fix(PK_IMPORT_DIALOG(user_data));
}

static gboolean on_close_request(GtkWindow *window) {
    PkImportDialog *self = PK_IMPORT_DIALOG(window);
    if (self->importing) {
        self->closing = TRUE;
        cancel_import(self);
        return TRUE; /* ends when the worker returns */
    }
    if (!self->finished) {
        self->finished = TRUE;
        if (self->done != NULL) {
            self->done(0, self->done_data);
        }
    }
    return FALSE;
}

static GtkWidget *build_error_box(PkImportDialog *self) {
    self->error_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_add_css_class(self->error_box, "pk-import-error");
    GtkWidget *icon = gtk_image_new_from_icon_name("dialog-error-symbolic");
    gtk_widget_add_css_class(icon, "error");
    self->error_label = gtk_label_new(NULL);
    pk_dump_id(self->error_label, "import/error");
    gtk_label_set_wrap(GTK_LABEL(self->error_label), TRUE);
    gtk_label_set_selectable(GTK_LABEL(self->error_label), TRUE);
    gtk_label_set_xalign(GTK_LABEL(self->error_label), 0.0f);
    gtk_widget_set_hexpand(self->error_label, TRUE);
    self->fix_button = gtk_button_new_with_label("Skip Bad Rows");
    pk_dump_id(self->fix_button, "import/fix");
    gtk_widget_add_css_class(self->fix_button, "suggested-action");
    gtk_widget_set_valign(self->fix_button, GTK_ALIGN_CENTER);
    g_signal_connect(self->fix_button, "clicked", G_CALLBACK(on_fix_clicked), self);
    gtk_box_append(GTK_BOX(self->error_box), icon);
    gtk_box_append(GTK_BOX(self->error_box), self->error_label);
    gtk_box_append(GTK_BOX(self->error_box), self->fix_button);
    gtk_widget_set_visible(self->error_box, FALSE);
    return self->error_box;
}

static GtkWidget *build_progress_box(PkImportDialog *self) {
    self->progress_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_set_hexpand(column, TRUE);
    gtk_widget_set_valign(column, GTK_ALIGN_CENTER);
    self->progress_label = gtk_label_new(NULL);
    gtk_label_set_xalign(GTK_LABEL(self->progress_label), 0.0f);
    gtk_widget_add_css_class(self->progress_label, "numeric");
    self->progress = gtk_progress_bar_new();
    gtk_progress_bar_set_pulse_step(GTK_PROGRESS_BAR(self->progress), 0.08);
    gtk_box_append(GTK_BOX(column), self->progress_label);
    gtk_box_append(GTK_BOX(column), self->progress);
    GtkWidget *cancel = gtk_button_new_with_label("Cancel Import");
    gtk_widget_set_valign(cancel, GTK_ALIGN_CENTER);
    g_signal_connect(cancel, "clicked", G_CALLBACK(on_cancel_import_clicked), self);
    gtk_box_append(GTK_BOX(self->progress_box), column);
    gtk_box_append(GTK_BOX(self->progress_box), cancel);
    gtk_widget_set_visible(self->progress_box, FALSE);
    return self->progress_box;
}

static GtkWidget *build_header(PkImportDialog *self) {
    GtkWidget *header = adw_header_bar_new();
    adw_header_bar_set_show_end_title_buttons(ADW_HEADER_BAR(header), FALSE);
    self->title = adw_window_title_new("Import Data", NULL);
    adw_header_bar_set_title_widget(ADW_HEADER_BAR(header), self->title);
    GtkWidget *cancel = gtk_button_new_with_mnemonic("_Cancel");
    gtk_actionable_set_action_name(GTK_ACTIONABLE(cancel), "window.close");
    self->import_button = gtk_button_new_with_mnemonic("_Import");
    pk_dump_id(self->import_button, "import/import");
    gtk_widget_add_css_class(self->import_button, "suggested-action");
    gtk_widget_set_sensitive(self->import_button, FALSE);
    g_signal_connect(self->import_button, "clicked", G_CALLBACK(on_import_clicked), self);
    adw_header_bar_pack_start(ADW_HEADER_BAR(header), cancel);
    adw_header_bar_pack_end(ADW_HEADER_BAR(header), self->import_button);
    return header;
}

static GtkWidget *build_preview(PkImportDialog *self) {
    self->grid = gtk_grid_new();
    gtk_widget_add_css_class(self->grid, "pk-preview");
    GtkWidget *scrolled = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scrolled), self->grid);
    gtk_widget_set_vexpand(scrolled, TRUE);
    GtkWidget *frame = gtk_frame_new(NULL);
    gtk_frame_set_child(GTK_FRAME(frame), scrolled);
    return frame;
}

static void add_css_once(void) {
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        GtkCssProvider *css = gtk_css_provider_new();
        gtk_css_provider_load_from_data(css, dialog_css, -1);
        gtk_style_context_add_provider_for_display(gdk_display_get_default(),
                                                   GTK_STYLE_PROVIDER(css),
                                                   GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        g_object_unref(css);
        g_once_init_leave(&done, 1);
    }
}

static void pk_import_dialog_init(PkImportDialog *self) {
    add_css_once();
    self->choices = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    self->nodes = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    gtk_window_set_title(GTK_WINDOW(self), "Import Data");
    gtk_window_set_default_size(GTK_WINDOW(self), 1000, 680);
    GtkWidget *content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_margin_start(content, 18);
    gtk_widget_set_margin_end(content, 18);
    gtk_widget_set_margin_top(content, 12);
    gtk_widget_set_margin_bottom(content, 18);
    self->options = pk_import_dialog_build_options(self);
    gtk_box_append(GTK_BOX(content), self->options);
    gtk_box_append(GTK_BOX(content), build_preview(self));
    self->report = pk_report_view_new(); /* the preview's bad rows and column notes */
    pk_dump_id_prefix(self->report, "import");
    gtk_box_append(GTK_BOX(content), self->report);
    gtk_box_append(GTK_BOX(content), build_error_box(self));
    gtk_box_append(GTK_BOX(content), build_progress_box(self));
    GtkWidget *outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append(GTK_BOX(outer), build_header(self));
    gtk_box_append(GTK_BOX(outer), content);
    adw_window_set_content(ADW_WINDOW(self), outer);
    gtk_window_set_default_widget(GTK_WINDOW(self), self->import_button);
    GtkEventController *keys = gtk_shortcut_controller_new();
    gtk_shortcut_controller_add_shortcut(GTK_SHORTCUT_CONTROLLER(keys),
                                         gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_Escape, 0),
                                                          gtk_named_action_new("window.close")));
    gtk_widget_add_controller(GTK_WIDGET(self), keys);
}

static void pk_import_dialog_dispose(GObject *object) {
    PkImportDialog *self = PK_IMPORT_DIALOG(object);
    self->finished = TRUE;
    g_clear_handle_id(&self->poll_id, g_source_remove);
    g_clear_handle_id(&self->resniff_timeout, g_source_remove);
    G_OBJECT_CLASS(pk_import_dialog_parent_class)->dispose(object);
}

static void pk_import_dialog_finalize(GObject *object) {
    PkImportDialog *self = PK_IMPORT_DIALOG(object);
    /* Every sniff task held a reference, so none is running now. */
    pk_db_close(self->sniff_db);
    pk_sniff_result_free(self->sniff);
    g_hash_table_unref(self->choices);
    g_array_unref(self->nodes);
    g_strfreev(self->files);
    g_free(self->error_text);
    G_OBJECT_CLASS(pk_import_dialog_parent_class)->finalize(object);
}

static void pk_import_dialog_class_init(PkImportDialogClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_import_dialog_dispose;
    G_OBJECT_CLASS(klass)->finalize = pk_import_dialog_finalize;
    GTK_WINDOW_CLASS(klass)->close_request = on_close_request;
}

/* ---- entry points ------------------------------------------------------------------------- */

static void set_subtitle(PkImportDialog *self) {
    g_autofree char *base = g_path_get_basename(self->files[0]);
    guint n = g_strv_length(self->files);
    g_autofree char *text =
        n > 1 ? g_strdup_printf("%s and %u more (one source each)", base, n - 1) : g_strdup(base);
    adw_window_title_set_subtitle(ADW_WINDOW_TITLE(self->title), text);
}

PkImportDialog *pk_import_dialog_new(GtkWindow *parent, PkGraph *graph, const char *const *files,
                                     PkImportDialogDone done, gpointer user_data) {
    g_return_val_if_fail(graph != NULL, NULL);
    g_return_val_if_fail(files != NULL && files[0] != NULL, NULL);
    PkImportDialog *self = g_object_new(PK_TYPE_IMPORT_DIALOG, NULL);
    self->graph = graph;
    self->files = g_strdupv((char **)files);
    self->done = done;
    self->done_data = user_data;
    if (parent != NULL) {
        gtk_window_set_transient_for(GTK_WINDOW(self), parent);
        gtk_window_set_modal(GTK_WINDOW(self), TRUE);
    }
    set_subtitle(self);
    g_autoptr(GHashTable) none = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *name = free_name(self, files[0], none);
    gtk_editable_set_text(GTK_EDITABLE(self->name_entry), name);
    pk_import_dialog_show_options_of(self, pk_data_format_for_path(files[0]));
    PkDbOptions opts;
    pk_db_options_defaults(&opts);
    opts.threads = 1;
    opts.memory_limit_bytes = 256u << 20;
    g_autoptr(GError) error = NULL;
    self->sniff_db = pk_db_open(NULL, &opts, &error);
    if (self->sniff_db == NULL) {
        pk_import_dialog_show_error(self, error->code, error->message);
        return self;
    }
    pk_import_preview_message(GTK_GRID(self->grid), "Reading the file…");
    pk_import_dialog_resniff(self);
    return self;
}

void pk_import_dialog_present(GtkWindow *parent, PkGraph *graph, const char *const *files,
                              PkImportDialogDone done, gpointer user_data) {
    PkImportDialog *self = pk_import_dialog_new(parent, graph, files, done, user_data);
    if (self != NULL) {
        gtk_window_present(GTK_WINDOW(self));
    }
}
