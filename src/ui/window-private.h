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
    PkComputeSlot *compute;     /* the application's engine (pk_window_get_compute) */
    PkSession *session;         /* NULL while the welcome page shows */
    GtkWidget *title;           /* AdwWindowTitle */
    GtkWidget *add_button;      /* header buttons shown only with a workspace open */
    GtkWidget *run_button;
    GtkWidget *toasts;          /* AdwToastOverlay */
    GtkWidget *stack;           /* "welcome", "loading", "notebook" */
    GtkWidget *welcome;
    GtkWidget *loading_label;
    GtkWidget *notebook;        /* PkNotebook or NULL */
    GtkWidget *status;          /* PkStatusBar */
    GCancellable *cancellable;  /* the session being built */
    PkNodeId focus;             /* the cell the user is in, for the status bar */
    gboolean dirty;
    gboolean close_confirmed;
    guint dump_idle;
    char *dump_path;            /* PIKA_STATE_DUMP or NULL */
    const char *paint_mark;     /* start-up step to log at the next painted frame, or NULL */
};

/* window.c */
/* The compute engine, waiting for the start-up probe if it is not done yet. */
PkCompute *pk_window_get_compute(PkWindow *window);
void pk_window_set_session(PkWindow *window, PkSession *session);
void pk_window_update_title(PkWindow *window);
void pk_window_schedule_dump(PkWindow *window);
void pk_window_show_error(PkWindow *window, const char *what, const GError *error);

/* window-files.c */
void pk_window_add_file_actions(PkWindow *window);
gboolean pk_window_on_close_request(GtkWindow *gtk_window);
void pk_window_setup_drop(PkWindow *window);
