/* draw-util.c — small drawing helpers the widgets share (see draw-util.h). */
#include "draw-util.h"

gboolean pk_widget_draws_with_cairo(GtkWidget *widget) {
    GtkNative *native = gtk_widget_get_native(widget);
    GskRenderer *renderer = native != NULL ? gtk_native_get_renderer(native) : NULL;
    return renderer != NULL && GSK_IS_CAIRO_RENDERER(renderer);
}

void pk_snapshot_append_outline(GtkSnapshot *snapshot, const GskRoundedRect *rr, float width,
                                const GdkRGBA *colour) {
    const float widths[4] = {width, width, width, width};
    const GdkRGBA colours[4] = {*colour, *colour, *colour, *colour};
    gtk_snapshot_append_border(snapshot, rr, widths, colours);
}
