/* ui-test-util.h — helpers shared by the widget tests (test-*.c under tests/ui): running the
 * main loop until a condition holds or for a while, and saving a widget's picture as a PNG in
 * $PIKA_BUILD_DIR/ui-shots (or the temporary folder). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop until cond holds or timeout_ms passes; returns cond's last value. */
gboolean ui_wait_for(gboolean (*cond)(gpointer), gpointer data, guint timeout_ms);
/* Runs the main loop for ms milliseconds. */
void ui_pump(guint ms);
/* The text of every label under root (root included) that is drawn now (mapped, not
 * hidden) and has the CSS class css_class (NULL: any), in tree order; free with g_strfreev. */
char **ui_dup_shown_labels(GtkWidget *root, const char *css_class);
/* Renders widget as it is drawn now and saves it as ui-shots/<name>; asserts that it worked. */
void ui_save_shot(GtkWidget *widget, const char *name);

G_END_DECLS
