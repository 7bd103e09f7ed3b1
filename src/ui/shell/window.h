/* window.h — the application window: header bar (Open, Import, Run All, Save, main menu),
 * toasts, the welcome page or the notebook, and the status bar.
 *
 * The window owns its session (app-session.h): the database and graph of what it shows. It
 * is where workspaces are opened, saved and closed, files imported (also by dropping them on
 * the window) and unsaved changes are asked about. With PIKA_STATE_DUMP=path in the
 * environment it writes its state as JSON to path after every change (window-dump.c).
 * Main thread only. */
#pragma once

#include <adwaita.h>

#include "app-compute.h"
#include "pika/graph.h"

G_BEGIN_DECLS

#define PK_TYPE_WINDOW (pk_window_get_type())
G_DECLARE_FINAL_TYPE(PkWindow, pk_window, PK, WINDOW, AdwApplicationWindow)

/* compute: the application's engine, perhaps still being made (a reference is taken). */
PkWindow *pk_window_new(GtkApplication *app, PkComputeSlot *compute);

/* Opens a workspace file (in the background; the window shows progress). */
void pk_window_open_workspace(PkWindow *window, const char *path);
/* Shows the import dialog for files (a workspace is created when none is open). */
void pk_window_import_files(PkWindow *window, const char *const *files);
/* Shows a toast. */
void pk_window_toast(PkWindow *window, const char *message);
/* A toast about a written file: names it and offers to open its folder (path NULL: a plain
 * toast). */
void pk_window_toast_file(PkWindow *window, const char *message, const char *path);
/* Writes the state dump to path (see window-dump.c). FALSE with an error when it cannot. */
gboolean pk_window_dump_state(PkWindow *window, const char *path, GError **error);

G_END_DECLS
