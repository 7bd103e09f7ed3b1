/* window-private.h — the window's fields, shared by window.c (layout, actions, sessions),
 * window-files.c (file choosers, saving, closing) and window-dump.c (the state dump). */
#pragma once

#include "window.h"

#include "app-session.h"
#include "notebook.h"
#include "status-bar.h"
#include "welcome.h"

struct _PkWindow {
    AdwApplicationWindow parent_instance;
    PkComputeSlot *compute; /* the application's engine (pk_window_get_compute) */
    PkSession *session;     /* NULL while the welcome page shows */
    GtkWidget *title;       /* AdwWindowTitle */
    GtkWidget *add_button;  /* header buttons shown only with a workspace open */
    GtkWidget *run_button;
    GtkWidget *toasts;   /* AdwToastOverlay */
    GtkWidget *stack;    /* "welcome", "loading", "notebook" (the modes stack) */
    GtkWidget *modes;    /* "notebook" | "canvas": the workspace's two views */
    GtkWidget *mode_box; /* the header's Notebook | Canvas switcher */
    GtkWidget *welcome;
    GtkWidget *loading_label;
    PkController *ctl;         /* the session's window controller, or NULL */
    GtkWidget *notebook;       /* PkNotebook or NULL */
    GtkWidget *canvas;         /* PkCanvas over the notebook, made when first shown, or NULL */
    GtkWidget *status;         /* PkStatusBar */
    GCancellable *cancellable; /* the session being built */
    PkNodeId focus;            /* the cell the user is in, for the status bar */
    gboolean dirty;
    gboolean close_confirmed;
    GtkWidget *close_dialog; /* the open "Save Changes?" dialog (weak), or NULL */
    guint dump_idle;
    char *dump_path;        /* PIKA_STATE_DUMP or NULL */
    char *last_toast;       /* the last toast's text, for the state dump */
    char *last_dump;        /* the state dump last written */
    guint dump_tick;        /* dumps a few times a second while PIKA_STATE_DUMP is set */
    const char *paint_mark; /* start-up step to log at the next painted frame, or NULL */
};

/* window.c */
/* The compute engine, waiting for the start-up probe if it is not done yet. */
PkCompute *pk_window_get_compute(PkWindow *window);
void pk_window_set_session(PkWindow *window, PkSession *session);
void pk_window_update_title(PkWindow *window);
void pk_window_schedule_dump(PkWindow *window);
void pk_window_show_error(PkWindow *window, const char *what, const GError *error);
/* "notebook" or "canvas": which view of the workspace shows. */
const char *pk_window_get_mode(PkWindow *window);

/* window-files.c */
void pk_window_add_file_actions(PkWindow *window);
gboolean pk_window_on_close_request(GtkWindow *gtk_window);
void pk_window_setup_drop(PkWindow *window);

/* window-history.c: undo and redo (Ctrl+Z, Ctrl+Shift+Z) of graph edits. */
void pk_window_add_history_actions(PkWindow *window);
/* A new history for the session now shown (none without one). */
void pk_window_history_reset(PkWindow *window);
/* Records the graph's edits since the last step as one step (not while undoing). */
void pk_window_history_commit(PkWindow *window);
