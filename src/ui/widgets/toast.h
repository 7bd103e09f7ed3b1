/* toast.h — the toasts every part of the window shows the same way.
 *
 * A toast about a file that was written names the file and has an "Open Folder" button (the
 * window's action win.open-folder, which shows the folder in the desktop's file manager), so
 * every export ends the same way wherever it started. Main thread only. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A new toast saying message; with path (a written file), its folder one click away. */
AdwToast *pk_toast_new(const char *message, const char *path);

/* The handler of win.open-folder (parameter: a file's path): opens the folder holding it in
 * the desktop's file manager; says in a toast on overlay when that cannot be done. */
void pk_toast_open_folder(GtkWidget *any, const char *path, GError **error);

G_END_DECLS
