/* window.c — the application window's layout, its sessions and its notebook (window.h).
 *
 *   ┌ header: [Open] [Import] [+] [▶] [Notebook|Canvas]  title · dirty  [Save] [☰] ┐
 *   │ toast overlay ─ stack: welcome | loading | notebook (modes: notebook | canvas)  │
 *   └ status bar: focused cell · rows     frame   memory   compute device     ┘
 *
 * Invariant: `notebook` is non-NULL exactly when `session` is, and is destroyed before the
 * session it borrows from (pk_window_set_session). The canvas (made when Canvas mode is first
 * chosen: F2 or the switcher, action win.mode) is a second view over the same notebook and
 * goes before it. */
#include "window-private.h"
#include "dump-id.h"

#include "app.h"
#include "canvas.h"
#include "draw-util.h"
#include "toast.h"
#include "words.h"
#include "pika/compute.h"

G_DEFINE_FINAL_TYPE(PkWindow, pk_window, ADW_TYPE_APPLICATION_WINDOW)

void pk_window_toast(PkWindow *window, const char *message) {
    pk_window_toast_file(window, message, NULL);
}

void pk_window_toast_file(PkWindow *window, const char *message, const char *path) {
    g_return_if_fail(PK_IS_WINDOW(window));
    g_autofree char *words = pk_ui_words(message);
    adw_toast_overlay_add_toast(ADW_TOAST_OVERLAY(window->toasts), pk_toast_new(words, path));
    g_free(window->last_toast);
    window->last_toast = g_strdup(words);
    pk_window_schedule_dump(window);
}

void pk_window_show_error(PkWindow *window, const char *what, const GError *error) {
    g_autofree char *text = g_strdup_printf("%s: %s", what, error->message);
    g_message("%s", text);
    pk_window_toast(window, text);
}

void pk_window_update_title(PkWindow *window) {
    if (window->notebook != NULL && !pk_controller_is_busy(window->ctl)) {
        window->dirty = pk_session_is_dirty(window->session);
    }
    g_autofree char *name =
        window->session != NULL ? pk_session_dup_title(window->session) : g_strdup("Pika-Plot");
    g_autofree char *title = g_strdup_printf("%s%s", window->dirty ? "• " : "", name);
    g_autofree char *dir = window->session != NULL && window->session->path != NULL
                               ? g_path_get_dirname(window->session->path)
                               : NULL;
    adw_window_title_set_title(ADW_WINDOW_TITLE(window->title), title);
    adw_window_title_set_subtitle(ADW_WINDOW_TITLE(window->title), dir != NULL ? dir : "");
    gtk_window_set_title(GTK_WINDOW(window), title);
    gboolean open = window->session != NULL;
    const char *needs_session[] = {"save", "save-as", "run-all", "add-cell", NULL};
    for (guint i = 0; needs_session[i] != NULL; i++) {
        GAction *action = g_action_map_lookup_action(G_ACTION_MAP(window), needs_session[i]);
        g_simple_action_set_enabled(G_SIMPLE_ACTION(action), open);
    }
    gtk_widget_set_visible(window->add_button, open);
    gtk_widget_set_visible(window->run_button, open);
    gtk_widget_set_visible(window->mode_box, open);
}

static gboolean dump_now(gpointer data) {
    PkWindow *window = data;
    window->dump_idle = 0;
    g_autoptr(GError) error = NULL;
    if (!pk_window_dump_state(window, window->dump_path, &error)) {
        g_warning("state dump: %s", error->message);
    }
    return G_SOURCE_REMOVE;
}

/* The state dump also follows what no signal reports (a dialog's controls, a tooltip), a few
 * times a second; pk_window_dump_state writes only a changed state. */
static gboolean dump_tick(gpointer data) {
    pk_window_schedule_dump(data);
    return G_SOURCE_CONTINUE;
}

void pk_window_schedule_dump(PkWindow *window) {
    if (window->dump_path != NULL && window->dump_idle == 0) {
        window->dump_idle = g_timeout_add(100, dump_now, window);
    }
}

static void show_focus(PkWindow *window) {
    PkGraph *graph = window->session != NULL ? window->session->graph : NULL;
    if (graph == NULL || !pk_graph_has_node(graph, window->focus)) {
        pk_status_bar_set_focus(PK_STATUS_BAR(window->status), NULL, FALSE, 0);
        return;
    }
    PkNodeStatus status = {0};
    pk_graph_get_status(graph, window->focus, &status);
    pk_status_bar_set_focus(PK_STATUS_BAR(window->status), pk_graph_get_name(graph, window->focus),
                            status.state == PK_NODE_DONE, status.n_rows);
    pk_node_status_clear(&status);
}

static void on_changed(PkController *ctl, gpointer data) {
    (void)ctl;
    pk_window_history_commit(data);
    pk_window_update_title(data);
    show_focus(data);
    pk_window_schedule_dump(data);
}

static void on_toast(PkController *ctl, const char *message, const char *path, gpointer data) {
    (void)ctl;
    pk_window_toast_file(data, message, path);
}

static void on_focus_node(PkController *ctl, guint node, gpointer data) {
    (void)ctl;
    PkWindow *window = data;
    window->focus = node;
    show_focus(window);
    pk_window_schedule_dump(window); /* the canvas's selection is in the dump */
}

static void on_frame(PkController *ctl, double frame_ms, gpointer data) {
    (void)ctl;
    PkWindow *window = data;
    pk_status_bar_set_frame_ms(PK_STATUS_BAR(window->status), frame_ms);
    pk_window_schedule_dump(window);
}

/* The views go first, then the controller stops evaluating and observing: all before the
 * session they borrow from. */
static void drop_notebook(PkWindow *window) {
    if (window->canvas != NULL) {
        gtk_stack_remove(GTK_STACK(window->modes), window->canvas);
        window->canvas = NULL;
    }
    if (window->notebook != NULL) {
        gtk_stack_remove(GTK_STACK(window->modes), window->notebook);
        window->notebook = NULL;
    }
    if (window->ctl != NULL) {
        g_signal_handlers_disconnect_by_data(window->ctl, window);
        pk_controller_shutdown(window->ctl);
        g_clear_object(&window->ctl);
    }
}

const char *pk_window_get_mode(PkWindow *window) {
    const char *mode = gtk_stack_get_visible_child_name(GTK_STACK(window->modes));
    return mode != NULL ? mode : "notebook";
}

/* Shows the notebook or the canvas ("notebook" | "canvas"); the canvas is made when first
 * shown. */
static void set_mode(PkWindow *window, const char *mode) {
    gboolean canvas = g_strcmp0(mode, "canvas") == 0 && window->notebook != NULL;
    if (canvas && window->canvas == NULL) {
        window->canvas = pk_canvas_new(window->ctl);
        gtk_stack_add_named(GTK_STACK(window->modes), window->canvas, "canvas");
    }
    if (window->notebook != NULL) {
        gtk_stack_set_visible_child_name(GTK_STACK(window->modes), canvas ? "canvas" : "notebook");
    }
    if (canvas) {
        gtk_widget_grab_focus(window->canvas);
    }
    GAction *action = g_action_map_lookup_action(G_ACTION_MAP(window), "mode");
    g_simple_action_set_state(G_SIMPLE_ACTION(action),
                              g_variant_new_string(canvas ? "canvas" : "notebook"));
    pk_window_schedule_dump(window);
}

/* Takes session (NULL: back to the welcome page). The old notebook goes before its session. */
void pk_window_set_session(PkWindow *window, PkSession *session) {
    drop_notebook(window);
    g_clear_pointer(&window->session, pk_session_free);
    window->session = session;
    window->dirty = FALSE;
    window->focus = 0;
    pk_window_history_reset(window);
    show_focus(window);
    if (session == NULL) {
        pk_welcome_refresh(PK_WELCOME(window->welcome));
        gtk_stack_set_visible_child_name(GTK_STACK(window->stack), "welcome");
        pk_window_update_title(window);
        pk_window_schedule_dump(window);
        return;
    }
    window->ctl = pk_controller_new(session->graph, session->db, pk_window_get_compute(window));
    g_signal_connect(window->ctl, "changed", G_CALLBACK(on_changed), window);
    g_signal_connect(window->ctl, "toast", G_CALLBACK(on_toast), window);
    g_signal_connect(window->ctl, "focus-node", G_CALLBACK(on_focus_node), window);
    g_signal_connect(window->ctl, "frame", G_CALLBACK(on_frame), window);
    window->notebook = pk_notebook_new(window->ctl);
    gtk_stack_add_named(GTK_STACK(window->modes), window->notebook, "notebook");
    set_mode(window, "notebook");
    gtk_stack_set_visible_child_name(GTK_STACK(window->stack), "notebook");
    pk_window_update_title(window);
    pk_controller_run(window->ctl, 0);
}

static void show_loading(PkWindow *window, const char *text) {
    gtk_label_set_text(GTK_LABEL(window->loading_label), text);
    gtk_stack_set_visible_child_name(GTK_STACK(window->stack), "loading");
}

typedef struct {
    PkWindow *window;
    char *path;
} OpenJob;

static void on_session_ready(GObject *source, GAsyncResult *result, gpointer data) {
    (void)source;
    OpenJob *job = data;
    g_autoptr(GError) error = NULL;
    PkSession *session = job->path != NULL ? pk_session_open_finish(result, &error)
                                           : pk_session_new_finish(result, &error);
    if (session == NULL) {
        if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            pk_window_set_session(job->window, NULL);
            pk_window_show_error(job->window, "Could not open", error);
        }
    } else {
        pk_app_mark("session ready");
        if (job->path != NULL) {
            pk_welcome_note_recent(session->path);
        }
        g_autofree char *note = g_steal_pointer(&session->note);
        pk_window_set_session(job->window, session);
        pk_app_mark("notebook built");
        job->window->paint_mark = "first frame with the notebook painted";
        if (note != NULL) { /* the cache was moved aside: say so once, as a toast */
            g_message("%s", note);
            pk_window_toast(job->window, note);
        }
    }
    g_object_unref(job->window);
    g_free(job->path);
    g_free(job);
}

static OpenJob *open_job_new(PkWindow *window, const char *path) {
    OpenJob *job = g_new0(OpenJob, 1);
    job->window = g_object_ref(window);
    job->path = g_strdup(path);
    g_cancellable_cancel(window->cancellable);
    g_clear_object(&window->cancellable);
    window->cancellable = g_cancellable_new();
    return job;
}

void pk_window_open_workspace(PkWindow *window, const char *path) {
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *text = g_strdup_printf("Opening %s…", name);
    show_loading(window, text);
    OpenJob *job = open_job_new(window, path);
    pk_session_open_async(path, window->compute, window->cancellable, on_session_ready, job);
}

static void act_open_demo(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkWindow *window = data;
    show_loading(window, "Preparing the demo…");
    OpenJob *job = open_job_new(window, NULL);
    pk_session_new_demo_async(window->compute, window->cancellable, on_session_ready, job);
}

static void act_open_recent(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action;
    pk_window_open_workspace(data, g_variant_get_string(param, NULL));
}

static void act_run_all(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkWindow *window = data;
    if (window->notebook != NULL) {
        pk_controller_run(window->ctl, 0);
    }
}

static void act_add_cell(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action;
    PkWindow *window = data;
    PkNodeKind kind;
    g_autoptr(GError) error = NULL;
    if (window->notebook == NULL ||
        !pk_node_kind_parse(g_variant_get_string(param, NULL), &kind, &error) ||
        pk_controller_add_node(window->ctl, 0, TRUE, kind, &error) == 0) {
        if (error != NULL) {
            pk_window_show_error(window, "Could not add the cell", error);
        }
    }
}

static void act_dump_state(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkWindow *window = data;
    g_autoptr(GError) error = NULL;
    const char *path = window->dump_path != NULL ? window->dump_path : "pika-plot-state.json";
    if (!pk_window_dump_state(window, path, &error)) {
        pk_window_show_error(window, "Could not write the state", error);
    }
}

static void act_mode(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action;
    set_mode(data, g_variant_get_string(param, NULL));
}

static void act_toggle_mode(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkWindow *window = data;
    set_mode(window, g_str_equal(pk_window_get_mode(window), "canvas") ? "notebook" : "canvas");
}

static void act_open_folder(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action;
    PkWindow *window = data;
    g_autoptr(GError) error = NULL;
    pk_toast_open_folder(GTK_WIDGET(window), g_variant_get_string(param, NULL), &error);
    if (error != NULL) {
        pk_window_show_error(window, "Could not open the folder", error);
    }
}

static const GActionEntry win_actions[] = {
    {"open-folder", act_open_folder, "s", NULL, NULL, {0}},
    {"mode", NULL, "s", "'notebook'", act_mode, {0}},
    {"toggle-mode", act_toggle_mode, NULL, NULL, NULL, {0}},
    {"open-demo", act_open_demo, NULL, NULL, NULL, {0}},
    {"open-recent", act_open_recent, "s", NULL, NULL, {0}},
    {"run-all", act_run_all, NULL, NULL, NULL, {0}},
    {"add-cell", act_add_cell, "s", NULL, NULL, {0}},
    {"dump-state", act_dump_state, NULL, NULL, NULL, {0}},
};

static GMenuModel *main_menu(void) {
    GMenu *menu = g_menu_new();
    GMenu *files = g_menu_new();
    g_menu_append(files, "_New Workspace", "win.new");
    g_menu_append(files, "Save _As…", "win.save-as");
    g_menu_append_section(menu, NULL, G_MENU_MODEL(files));
    GMenu *theme = g_menu_new();
    g_menu_append(theme, "Follow System Style", "app.theme::system");
    g_menu_append(theme, "Light Style", "app.theme::light");
    g_menu_append(theme, "Dark Style", "app.theme::dark");
    g_menu_append_section(menu, NULL, G_MENU_MODEL(theme));
    GMenu *help = g_menu_new();
    g_menu_append(help, "_Keyboard Shortcuts", "win.show-help-overlay");
    g_menu_append(help, "_About Pika-Plot", "app.about");
    g_menu_append_section(menu, NULL, G_MENU_MODEL(help));
    g_object_unref(files);
    g_object_unref(theme);
    g_object_unref(help);
    return G_MENU_MODEL(menu);
}

static GMenuModel *add_menu(void) {
    GMenu *menu = g_menu_new();
    g_menu_append(menu, "SQL Query", "win.add-cell::query");
    g_menu_append(menu, "Transform", "win.add-cell::transform");
    g_menu_append(menu, "Plot", "win.add-cell::plot");
    g_menu_append(menu, "Note", "win.add-cell::note");
    g_menu_append(menu, "Export", "win.add-cell::export");
    return G_MENU_MODEL(menu);
}

static GtkWidget *header_button(const char *label, const char *icon, const char *action,
                                const char *tooltip) {
    GtkWidget *button =
        label != NULL ? gtk_button_new_with_mnemonic(label) : gtk_button_new_from_icon_name(icon);
    gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
    gtk_widget_set_tooltip_text(button, tooltip);
    return button;
}

/* Notebook | Canvas: two linked toggle buttons over the stateful action win.mode. */
static GtkWidget *build_mode_switch(PkWindow *window) {
    window->mode_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_add_css_class(window->mode_box, "linked");
    const char *modes[] = {"notebook", "canvas"};
    const char *labels[] = {"Notebook", "Canvas"};
    for (guint i = 0; i < 2; i++) {
        GtkWidget *button = gtk_toggle_button_new_with_label(labels[i]);
        gtk_actionable_set_action_name(GTK_ACTIONABLE(button), "win.mode");
        gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s", modes[i]);
        gtk_widget_set_tooltip_text(button, "Switch between the notebook and the canvas (F2)");
        gtk_box_append(GTK_BOX(window->mode_box), button);
    }
    return window->mode_box;
}

static void add_mode_shortcut(PkWindow *window) {
    GtkEventController *shortcuts = gtk_shortcut_controller_new();
    gtk_shortcut_controller_set_scope(GTK_SHORTCUT_CONTROLLER(shortcuts),
                                      GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut(GTK_SHORTCUT_CONTROLLER(shortcuts),
                                         gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_F2, 0),
                                                          gtk_named_action_new("win.toggle-mode")));
    gtk_widget_add_controller(GTK_WIDGET(window), shortcuts);
}

static GtkWidget *build_header(PkWindow *window) {
    GtkWidget *header = adw_header_bar_new();
    window->title = adw_window_title_new("Pika-Plot", "");
    adw_header_bar_set_title_widget(ADW_HEADER_BAR(header), window->title);
    adw_header_bar_pack_start(ADW_HEADER_BAR(header), header_button("_Open", NULL, "win.open",
                                                                    "Open a workspace (Ctrl+O)"));
    adw_header_bar_pack_start(
        ADW_HEADER_BAR(header),
        header_button(NULL, "document-send-symbolic", "win.import", "Import a data file (Ctrl+I)"));
    GtkWidget *add = gtk_menu_button_new();
    gtk_menu_button_set_icon_name(GTK_MENU_BUTTON(add), "list-add-symbolic");
    g_autoptr(GMenuModel) adds = add_menu();
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(add), adds);
    gtk_widget_set_tooltip_text(add, "Add a cell at the end");
    window->add_button = add;
    pk_dump_id(add, "add");
    adw_header_bar_pack_start(ADW_HEADER_BAR(header), add);
    window->run_button = header_button(NULL, "media-playback-start-symbolic", "win.run-all",
                                       "Run all cells (Ctrl+Shift+Return)");
    adw_header_bar_pack_start(ADW_HEADER_BAR(header), window->run_button);
    adw_header_bar_pack_start(ADW_HEADER_BAR(header), build_mode_switch(window));
    GtkWidget *menu = gtk_menu_button_new();
    gtk_menu_button_set_icon_name(GTK_MENU_BUTTON(menu), "open-menu-symbolic");
    g_autoptr(GMenuModel) model = main_menu();
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(menu), model);
    gtk_menu_button_set_primary(GTK_MENU_BUTTON(menu), TRUE);
    gtk_widget_set_tooltip_text(menu, "Main menu");
    adw_header_bar_pack_end(ADW_HEADER_BAR(header), menu);
    GtkWidget *save = header_button("_Save", NULL, "win.save", "Save the workspace (Ctrl+S)");
    adw_header_bar_pack_end(ADW_HEADER_BAR(header), save);
    return header;
}

static GtkWidget *build_loading(PkWindow *window) {
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
    GtkWidget *spinner = gtk_spinner_new();
    gtk_spinner_start(GTK_SPINNER(spinner));
    gtk_widget_set_size_request(spinner, 32, 32);
    gtk_box_append(GTK_BOX(box), spinner);
    window->loading_label = gtk_label_new(NULL);
    gtk_widget_add_css_class(window->loading_label, "title-3");
    gtk_box_append(GTK_BOX(box), window->loading_label);
    return box;
}

/* 1280×800, or maximised when the screen (the first monitor) has little room to spare. */
static void set_initial_size(PkWindow *window) {
    gtk_window_set_default_size(GTK_WINDOW(window), 1280, 800);
    GListModel *monitors = gdk_display_get_monitors(gdk_display_get_default());
    g_autoptr(GdkMonitor) monitor = g_list_model_get_item(monitors, 0);
    if (monitor == NULL) {
        return;
    }
    GdkRectangle area;
    gdk_monitor_get_geometry(monitor, &area);
    if (area.width < 1400 || area.height < 900) {
        gtk_window_maximize(GTK_WINDOW(window));
    }
}

/* Start-up timeline (PIKA_LOG=info): the first frame painted, and the first with the
 * notebook. */
static void on_after_paint(GdkFrameClock *clock, gpointer data) {
    (void)clock;
    PkWindow *window = data;
    if (window->paint_mark != NULL) {
        pk_app_mark(window->paint_mark);
        window->paint_mark = NULL;
    }
}

static void on_realize(GtkWidget *widget, gpointer data) {
    (void)data;
    GdkFrameClock *clock = gtk_widget_get_frame_clock(widget);
    g_signal_connect_object(clock, "after-paint", G_CALLBACK(on_after_paint), widget, 0);
    if (pk_widget_draws_with_cairo(widget)) {
        gtk_widget_add_css_class(widget, "pk-cairo-renderer"); /* style.css: plainer cells */
    }
}

static void pk_window_init(PkWindow *window) {
    window->paint_mark = "first frame painted";
    g_signal_connect(window, "realize", G_CALLBACK(on_realize), NULL);
    const char *dump = g_getenv("PIKA_STATE_DUMP");
    window->dump_path = dump != NULL && *dump != '\0' ? g_strdup(dump) : NULL;
    if (window->dump_path != NULL) {
        window->dump_tick = g_timeout_add(300, dump_tick, window);
    }
    g_action_map_add_action_entries(G_ACTION_MAP(window), win_actions, G_N_ELEMENTS(win_actions),
                                    window);
    pk_window_add_file_actions(window);
    pk_window_add_history_actions(window);
    set_initial_size(window);
    GtkWidget *content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append(GTK_BOX(content), build_header(window));
    window->stack = gtk_stack_new();
    /* No transition: a cross-fade draws both pages for its duration, just when the notebook
     * is first laid out. */
    gtk_stack_set_transition_type(GTK_STACK(window->stack), GTK_STACK_TRANSITION_TYPE_NONE);
    window->welcome = pk_welcome_new();
    gtk_stack_add_named(GTK_STACK(window->stack), window->welcome, "welcome");
    gtk_stack_add_named(GTK_STACK(window->stack), build_loading(window), "loading");
    window->modes = gtk_stack_new();
    gtk_stack_set_transition_type(GTK_STACK(window->modes), GTK_STACK_TRANSITION_TYPE_NONE);
    gtk_stack_add_named(GTK_STACK(window->stack), window->modes, "notebook");
    add_mode_shortcut(window);
    window->toasts = adw_toast_overlay_new();
    adw_toast_overlay_set_child(ADW_TOAST_OVERLAY(window->toasts), window->stack);
    gtk_widget_set_vexpand(window->toasts, TRUE);
    gtk_box_append(GTK_BOX(content), window->toasts);
    window->status = pk_status_bar_new();
    gtk_box_append(GTK_BOX(content), window->status);
    adw_application_window_set_content(ADW_APPLICATION_WINDOW(window), content);
    pk_window_setup_drop(window);
}

static void pk_window_dispose(GObject *object) {
    PkWindow *window = PK_WINDOW(object);
    g_cancellable_cancel(window->cancellable);
    g_clear_object(&window->cancellable);
    g_clear_handle_id(&window->dump_idle, g_source_remove);
    g_clear_handle_id(&window->dump_tick, g_source_remove);
    g_clear_weak_pointer(&window->close_dialog);
    drop_notebook(window);
    G_OBJECT_CLASS(pk_window_parent_class)->dispose(object);
}

static void pk_window_finalize(GObject *object) {
    PkWindow *window = PK_WINDOW(object);
    pk_session_free(window->session);
    g_clear_object(&window->compute);
    g_free(window->dump_path);
    g_free(window->last_dump);
    g_free(window->last_toast);
    G_OBJECT_CLASS(pk_window_parent_class)->finalize(object);
}

static void pk_window_class_init(PkWindowClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_window_dispose;
    G_OBJECT_CLASS(klass)->finalize = pk_window_finalize;
    GTK_WINDOW_CLASS(klass)->close_request = pk_window_on_close_request;
}

PkCompute *pk_window_get_compute(PkWindow *window) {
    return pk_compute_slot_wait(window->compute);
}

static void show_device(PkComputeSlot *slot, gpointer data) {
    PkWindow *window = data;
    PkCompute *compute = pk_compute_slot_peek(slot);
    const PkComputeCaps *caps = compute != NULL ? pk_compute_get_caps(compute) : NULL;
    pk_status_bar_set_device(PK_STATUS_BAR(window->status), caps == NULL   ? "…"
                                                            : caps->is_gpu ? caps->device_name
                                                                           : "CPU");
}

PkWindow *pk_window_new(GtkApplication *app, PkComputeSlot *compute) {
    PkWindow *window = g_object_new(PK_TYPE_WINDOW, "application", app, NULL);
    window->compute = g_object_ref(compute);
    show_device(compute, window);
    g_signal_connect_object(compute, "ready", G_CALLBACK(show_device), window, 0);
    pk_window_update_title(window);
    return window;
}
