/* layout.c — where the plot area sits on the page (pure: no Cairo).
 *
 *   +-------------------------------------------------+
 *   |                 title (optional)                |
 *   | y |ticks|+---------------------------+ legend   |
 *   | l |     ||        plot area          | (bar or  |
 *   | a |     ||                           | swatches)|
 *   | b |     |+---------------------------+          |
 *   |           x tick labels (maybe rotated)         |
 *   |                 x label                         |
 *   |  notes (skipped values)                         |
 *   +-------------------------------------------------+
 *
 * Text widths are estimated from character counts (DejaVu Sans at the sizes in
 * render-private.h) so the layout is the same with or without a surface; preparation uses it
 * to size density grids before anything is drawn. */
#include "render-private.h"

#include <string.h>

static double text_width_estimate(const char *text, double px) {
    return text != NULL ? (double)g_utf8_strlen(text, -1) * px * 0.62 : 0.0;
}

static double longest_category(const PkSceneAxis *axis, double px) {
    double w = 0;
    for (guint i = 0; i < axis->n_categories; i++) {
        w = MAX(w, text_width_estimate(axis->categories[i], px));
    }
    return MIN(w, 140.0);
}

gboolean pk_layout_has_legend(const PkScene *scene) {
    if (scene->spec.legend == PK_LEGEND_NONE || scene->empty_message != NULL) {
        return FALSE;
    }
    if (scene->n_color_categories > 1) {
        return TRUE;
    }
    return scene->has_density || scene->spec.type == PK_PLOT_HEATMAP;
}

double pk_layout_legend_width(const PkScene *scene) {
    if (!pk_layout_has_legend(scene)) {
        return 0.0;
    }
    if (scene->n_color_categories > 1) {
        double w = 0;
        for (guint i = 0; i < scene->n_color_categories; i++) {
            w = MAX(w, text_width_estimate(scene->color_categories[i], PK_FONT_TICK_PX));
        }
        return 12 + PK_SWATCH_PX + 6 + MIN(w, 150.0);
    }
    return 12 + PK_COLORBAR_PX + 6 + 58;
}

gboolean pk_layout_x_labels_rotated(const PkScene *scene, double plot_width) {
    const PkSceneAxis *axis = &scene->x;
    if (axis->scale != PK_SCALE_CATEGORICAL || axis->n_categories == 0) {
        return FALSE;
    }
    double slot = plot_width / axis->n_categories;
    return longest_category(axis, PK_FONT_TICK_PX) + 6 > slot;
}

void pk_layout_plot_area(const PkScene *scene, double width, double height, PkRect *out_area) {
    double top = 10 + (scene->spec.title != NULL ? PK_FONT_TITLE_PX + 12 : 0);
    double left = 10 + (scene->y.label != NULL ? PK_FONT_LABEL_PX + 8 : 0);
    if (scene->y.scale == PK_SCALE_CATEGORICAL) {
        left += longest_category(&scene->y, PK_FONT_TICK_PX) + 10;
    } else {
        left += 52;
    }
    double right = 14 + pk_layout_legend_width(scene);
    double plot_width = MAX(width - left - right, 10.0);
    double bottom = 10 + 6 + PK_FONT_TICK_PX + 6;
    if (pk_layout_x_labels_rotated(scene, plot_width)) {
        bottom += longest_category(&scene->x, PK_FONT_TICK_PX) * 0.72;
    }
    if (scene->x.label != NULL) {
        bottom += PK_FONT_LABEL_PX + 8;
    }
    g_autofree char *notes = pk_scene_notes(scene);
    if (notes != NULL) {
        bottom += PK_FONT_NOTE_PX + 6;
    }
    out_area->x = left;
    out_area->y = top;
    out_area->width = plot_width;
    out_area->height = MAX(height - top - bottom, 10.0);
}
