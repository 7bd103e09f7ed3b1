/* draw-util.h — small drawing helpers the widgets share. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether widget's window draws with GSK's Cairo renderer. There, a texture node is converted
 * pixel by pixel (through floats) into a new surface on every frame (GTK 4.8), so widgets that
 * show large images paint them from Cairo image surfaces with Cairo nodes instead; the GL
 * renderer uploads a texture once and keeps it. FALSE before the widget is realized. */
gboolean pk_widget_draws_with_cairo(GtkWidget *widget);

/* A border of one colour and width on all four sides of rr. */
void pk_snapshot_append_outline(GtkSnapshot *snapshot, const GskRoundedRect *rr, float width,
                                const GdkRGBA *colour);

G_END_DECLS
