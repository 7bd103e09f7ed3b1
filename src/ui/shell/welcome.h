/* welcome.h — the page a window shows when no workspace is open: drop a file here, open the
 * demo, import a file, open a workspace, and the recent workspaces (GtkRecentManager, files
 * ending in .pika). Buttons and rows activate window actions (win.open-demo, win.import,
 * win.open, win.open-recent("path")), so the page holds no state. Main thread only. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PK_TYPE_WELCOME (pk_welcome_get_type())
G_DECLARE_FINAL_TYPE(PkWelcome, pk_welcome, PK, WELCOME, GtkWidget)

GtkWidget *pk_welcome_new(void);
/* Re-reads the recent workspaces. */
void pk_welcome_refresh(PkWelcome *welcome);

/* Records path as a recently used workspace. */
void pk_welcome_note_recent(const char *path);

G_END_DECLS
