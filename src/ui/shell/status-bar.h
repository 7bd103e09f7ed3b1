/* status-bar.h — the strip at the bottom of the window: rows of the focused node, memory in
 * use, the compute device, and the frame time of the plot being interacted with.
 * Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "pika/render-kit.h" /* pk_format_count */

G_BEGIN_DECLS

#define PK_TYPE_STATUS_BAR (pk_status_bar_get_type())
G_DECLARE_FINAL_TYPE(PkStatusBar, pk_status_bar, PK, STATUS_BAR, GtkWidget)

GtkWidget *pk_status_bar_new(void);
/* "demo_preview · 50,000 rows"; name NULL clears it. */
void pk_status_bar_set_focus(PkStatusBar *bar, const char *name, gboolean has_rows, guint64 n_rows);
/* "CPU" or the GPU's name. */
void pk_status_bar_set_device(PkStatusBar *bar, const char *device);
/* The last frame time of an interaction in milliseconds; shown for a few seconds. */
void pk_status_bar_set_frame_ms(PkStatusBar *bar, double frame_ms);

G_END_DECLS
