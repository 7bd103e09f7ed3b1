/* window-files.c — the window's file work: open, import, save, save as, new, dropping files,
 * and asking before unsaved changes are lost.
 *
 * File choosers are GtkFileChooserNative (GTK 4.8). Importing into a workspace opened from a
 * file first reopens its database unlocked (pk_session_unlock), which rebuilds the graph; the
 * window shows no cell of it until the import is over and the database is locked again
 * (pk_session_lock), then rebuilds the notebook over it. Closing with unsaved changes shows an
 * AdwMessageDialog; "Save" saves (or asks where, for a new workspace) and then closes. */
#include "window-private.h"

#include "import-dialog.h"

typedef void (*ChosenFunc)(PkWindow *window, GSList *files);

typedef struct {
    PkWindow *window;
    ChosenFunc func;
} ChooseJob;

static void on_chooser_response(GtkNativeDialog *dialog, int response, gpointer data) {
    ChooseJob *job = data;
    PkWindow *window = job->window;
    ChosenFunc func = job->func;
    if (response == GTK_RESPONSE_ACCEPT) {
        GListModel *list = gtk_file_chooser_get_files(GTK_FILE_CHOOSER(dialog));
        GSList *paths = NULL;
        for (guint i = g_list_model_get_n_items(list); i-- > 0;) {
            g_autoptr(GFile) file = g_list_model_get_item(list, i);
            char *path = g_file_get_path(file);
            if (path != NULL) {
                paths = g_slist_prepend(paths, path);
            }
        }
        g_object_unref(list);
        func(window, paths);
        g_slist_free_full(paths, g_free);
    }
    g_object_unref(dialog);
    g_object_unref(window);
    g_free(job);
}

static void choose(PkWindow *window, const char *title, GtkFileChooserAction mode,
                   const char *accept, const char *pattern, ChosenFunc func) {
    GtkFileChooserNative *dialog =
        gtk_file_chooser_native_new(title, GTK_WINDOW(window), mode, accept, "_Cancel");
    gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
    gtk_file_chooser_set_select_multiple(GTK_FILE_CHOOSER(dialog),
                                         mode == GTK_FILE_CHOOSER_ACTION_OPEN && pattern == NULL);
    if (pattern != NULL) {
        GtkFileFilter *filter = gtk_file_filter_new();
        gtk_file_filter_set_name(filter, "Pika-Plot workspaces");
        gtk_file_filter_add_pattern(filter, pattern);
        gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);
        g_object_unref(filter);
    }
    if (mode == GTK_FILE_CHOOSER_ACTION_SAVE) {
        gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), "analysis.pika");
    }
    ChooseJob *job = g_new0(ChooseJob, 1);
    job->window = g_object_ref(window);
    job->func = func;
    g_signal_connect(dialog, "response", G_CALLBACK(on_chooser_response), job);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static char **paths_strv(GSList *paths) {
    GStrvBuilder *b = g_strv_builder_new();
    for (GSList *l = paths; l != NULL; l = l->next) {
        g_strv_builder_add(b, l->data);
    }
    char **strv = g_strv_builder_end(b);
    g_strv_builder_unref(b);
    return strv;
}

static void chosen_workspace(PkWindow *window, GSList *paths) {
    if (paths != NULL) {
        pk_window_open_workspace(window, paths->data);
    }
}

static void chosen_import(PkWindow *window, GSList *paths) {
    g_auto(GStrv) files = paths_strv(paths);
    if (files[0] != NULL) {
        pk_window_import_files(window, (const char *const *)files);
    }
}

static gboolean save_to(PkWindow *window, const char *path) {
    g_autoptr(GError) error = NULL;
    if (window->notebook != NULL) {
        pk_controller_stop(window->ctl);
    }
    if (!pk_session_save(window->session, path, &error)) {
        pk_window_show_error(window, "Could not save", error);
        return FALSE;
    }
    pk_welcome_note_recent(window->session->path);
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *text = g_strdup_printf("Saved %s", name);
    pk_window_toast(window, text);
    pk_window_update_title(window);
    pk_window_schedule_dump(window);
    return TRUE;
}

static void chosen_save(PkWindow *window, GSList *paths) {
    if (paths == NULL || window->session == NULL) {
        return;
    }
    const char *path = paths->data;
    g_autofree char *named =
        g_str_has_suffix(path, ".pika") ? g_strdup(path) : g_strconcat(path, ".pika", NULL);
    if (save_to(window, named) && window->close_confirmed) {
        gtk_window_destroy(GTK_WINDOW(window));
    }
}

static void act_open(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    choose(data, "Open Workspace", GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "*.pika",
           chosen_workspace);
}

static void act_import(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    choose(data, "Import Data Files", GTK_FILE_CHOOSER_ACTION_OPEN, "_Import", NULL, chosen_import);
}

static void act_save_as(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    choose(data, "Save Workspace", GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", NULL, chosen_save);
}

static void act_save(GSimpleAction *action, GVariant *param, gpointer data) {
    PkWindow *window = data;
    if (window->session == NULL) {
        return;
    }
    if (window->session->path == NULL) {
        act_save_as(action, param, data);
        return;
    }
    save_to(window, window->session->path);
}

static void act_new(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkWindow *window = data;
    PkWindow *target = window;
    if (window->session != NULL) {
        GtkApplication *app = gtk_window_get_application(GTK_WINDOW(window));
        target = pk_window_new(app, window->compute);
        gtk_window_present(GTK_WINDOW(target));
    }
    g_autoptr(GError) error = NULL;
    PkSession *session = pk_session_new_empty(pk_window_get_compute(window), &error);
    if (session == NULL) {
        pk_window_show_error(target, "Could not start a workspace", error);
        return;
    }
    pk_window_set_session(target, session);
}

static const GActionEntry file_actions[] = {
    {"open", act_open, NULL, NULL, NULL, {0}}, {"import", act_import, NULL, NULL, NULL, {0}},
    {"save", act_save, NULL, NULL, NULL, {0}}, {"save-as", act_save_as, NULL, NULL, NULL, {0}},
    {"new", act_new, NULL, NULL, NULL, {0}},
};

void pk_window_add_file_actions(PkWindow *window) {
    g_action_map_add_action_entries(G_ACTION_MAP(window), file_actions, G_N_ELEMENTS(file_actions),
                                    window);
}

/* An import into a workspace opened from a file: the session was reopened unlocked for it
 * and is kept out of view (no cell runs its SQL) until it is locked again. */
typedef struct {
    PkWindow *window;
    PkSession *reopened; /* NULL when the window's own session was not locked */
} ImportJob;

/* Locks the reopened session again and shows it; FALSE (with a toast) when it cannot be. */
static gboolean show_relocked(PkWindow *window, PkSession *session) {
    g_autoptr(GError) error = NULL;
    if (!pk_session_lock(session, &error)) {
        pk_session_free(session);
        pk_window_show_error(window, "Could not reopen the workspace safely", error);
        return FALSE;
    }
    pk_window_set_session(window, session);
    return TRUE;
}

static void on_imported(PkNodeId node, gpointer data) {
    ImportJob *job = data;
    PkWindow *window = job->window;
    gboolean shown = job->reopened == NULL || show_relocked(window, job->reopened);
    if (shown && node != 0 && window->notebook != NULL) {
        PkGraph *graph = pk_controller_get_graph(window->ctl);
        g_autofree char *text = g_strdup_printf("Imported %s", pk_graph_get_name(graph, node));
        g_autoptr(GError) error = NULL;
        if (!pk_graph_add_starter_for(graph, node, &error)) {
            g_autofree char *why =
                g_strdup_printf("%s; no starter cells: %s", text, error->message);
            g_clear_pointer(&text, g_free);
            text = g_steal_pointer(&why);
        }
        pk_controller_notify_graph_changed(window->ctl);
        pk_controller_run(window->ctl, 0);
        pk_notebook_scroll_to(PK_NOTEBOOK(window->notebook), node);
        pk_window_toast(window, text);
    }
    g_object_unref(window);
    g_free(job);
}

void pk_window_import_files(PkWindow *window, const char *const *files) {
    g_autoptr(GError) error = NULL;
    ImportJob *job = g_new0(ImportJob, 1);
    job->window = g_object_ref(window);
    if (window->session == NULL) {
        PkSession *session = pk_session_new_empty(pk_window_get_compute(window), &error);
        if (session == NULL) {
            pk_window_show_error(window, "Could not start a workspace", error);
            g_object_unref(window);
            g_free(job);
            return;
        }
        pk_window_set_session(window, session);
    } else if (window->session->locked) {
        pk_controller_stop(window->ctl);
        PkSession *session = g_steal_pointer(&window->session);
        pk_window_set_session(window, NULL);
        if (!pk_session_unlock(session, pk_window_get_compute(window), &error)) {
            pk_session_free(session);
            pk_window_show_error(window, "Could not reopen the workspace for import", error);
            g_object_unref(window);
            g_free(job);
            return;
        }
        job->reopened = session;
    }
    PkGraph *graph = job->reopened != NULL ? job->reopened->graph : window->session->graph;
    pk_import_dialog_present(GTK_WINDOW(window), graph, files, on_imported, job);
}

static gboolean on_drop(GtkDropTarget *target, const GValue *value, double x, double y,
                        gpointer data) {
    (void)target, (void)x, (void)y;
    PkWindow *window = data;
    GSList *list = g_value_get_boxed(value);
    GSList *paths = NULL;
    for (GSList *l = list; l != NULL; l = l->next) {
        char *path = g_file_get_path(l->data);
        if (path != NULL) {
            paths = g_slist_append(paths, path);
        }
    }
    if (paths != NULL && g_str_has_suffix(paths->data, ".pika")) {
        pk_window_open_workspace(window, paths->data);
    } else if (paths != NULL) {
        chosen_import(window, paths);
    }
    g_slist_free_full(paths, g_free);
    return TRUE;
}

void pk_window_setup_drop(PkWindow *window) {
    GtkDropTarget *target = gtk_drop_target_new(GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
    g_signal_connect(target, "drop", G_CALLBACK(on_drop), window);
    gtk_widget_add_controller(GTK_WIDGET(window), GTK_EVENT_CONTROLLER(target));
}

/* Destroys the window its "Save Changes?" dialog answered for. The dialog is released only
 * after its response (GTK holds it while it handles the key or click), and when it goes it
 * disconnects from its transient parent: unset the parent first, or that parent is the
 * freed window (a GLib critical, or a crash, at every quit through the dialog). */
static void destroy_after_dialog(PkWindow *window, AdwMessageDialog *dialog) {
    gtk_window_set_transient_for(GTK_WINDOW(dialog), NULL);
    gtk_window_destroy(GTK_WINDOW(dialog));
    gtk_window_destroy(GTK_WINDOW(window));
}

static void on_close_response(AdwMessageDialog *dialog, const char *response, gpointer data) {
    PkWindow *window = data;
    pk_window_schedule_dump(window); /* the dialog is gone */
    if (g_str_equal(response, "discard")) {
        window->close_confirmed = TRUE;
        destroy_after_dialog(window, dialog);
    } else if (g_str_equal(response, "save")) {
        window->close_confirmed = TRUE;
        if (window->session->path == NULL) {
            act_save_as(NULL, NULL, window);
        } else if (save_to(window, window->session->path)) {
            destroy_after_dialog(window, dialog);
        }
    }
}

gboolean pk_window_on_close_request(GtkWindow *gtk_window) {
    PkWindow *window = PK_WINDOW(gtk_window);
    pk_window_update_title(window);
    if (window->close_confirmed || window->session == NULL || !window->dirty) {
        return FALSE;
    }
    g_autofree char *name = pk_session_dup_title(window->session);
    GtkWidget *dialog = adw_message_dialog_new(gtk_window, "Save Changes?", NULL);
    adw_message_dialog_format_body(ADW_MESSAGE_DIALOG(dialog),
                                   "%s has unsaved changes. Changes which are not saved will be "
                                   "lost.",
                                   name);
    adw_message_dialog_add_responses(ADW_MESSAGE_DIALOG(dialog), "cancel", "_Cancel", "discard",
                                     "_Discard", "save", "_Save", NULL);
    adw_message_dialog_set_response_appearance(ADW_MESSAGE_DIALOG(dialog), "discard",
                                               ADW_RESPONSE_DESTRUCTIVE);
    adw_message_dialog_set_response_appearance(ADW_MESSAGE_DIALOG(dialog), "save",
                                               ADW_RESPONSE_SUGGESTED);
    adw_message_dialog_set_default_response(ADW_MESSAGE_DIALOG(dialog), "save");
    adw_message_dialog_set_close_response(ADW_MESSAGE_DIALOG(dialog), "cancel");
    g_signal_connect(dialog, "response", G_CALLBACK(on_close_response), window);
    g_set_weak_pointer(&window->close_dialog, dialog);
    gtk_window_present(GTK_WINDOW(dialog));
    pk_window_schedule_dump(window);
    return TRUE;
}
