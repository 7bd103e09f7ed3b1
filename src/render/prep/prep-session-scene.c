/* prep-session-scene.c — deep copies of scenes, so a session can keep a scene (bar and box
 * plots, prepared once in SQL) and hand out copies that callers own and free.
 *
 * The copy starts as a field-by-field struct copy; then every pointer the scene owns is
 * replaced by a copy of what it points to (PkScene documents which layers exist and their
 * sizes), so the two scenes share nothing and pk_scene_free works on each. */
#include "prep-session-private.h"

#include <string.h>

static gpointer dup_array(gconstpointer data, gsize n, gsize size) {
    return data != NULL ? g_memdup2(data, MAX(n, 1) * size) : NULL;
}

static void axis_dup(PkSceneAxis *axis) {
    axis->categories = g_strdupv(axis->categories);
    axis->label = g_strdup(axis->label);
}

static void density_dup(PkSceneDensity *d) {
    gsize n = (gsize)d->width * d->height;
    d->counts = dup_array(d->counts, n, sizeof(guint32));
    d->category_counts = dup_array(d->category_counts, n * d->n_categories, sizeof(guint32));
}

static PkSceneSeries *series_dup(const PkSceneSeries *src, guint n) {
    if (src == NULL) {
        return NULL;
    }
    PkSceneSeries *out = g_new0(PkSceneSeries, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        out[i] = src[i];
        out[i].name = g_strdup(src[i].name);
        out[i].x = dup_array(src[i].x, src[i].n, sizeof(double));
        out[i].y = dup_array(src[i].y, src[i].n, sizeof(double));
    }
    return out;
}

static PkSceneBox *boxes_dup(const PkSceneBox *src, guint n) {
    if (src == NULL) {
        return NULL;
    }
    PkSceneBox *out = g_new0(PkSceneBox, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        out[i] = src[i];
        out[i].name = g_strdup(src[i].name);
        out[i].outliers = dup_array(src[i].outliers, src[i].n_outliers, sizeof(double));
    }
    return out;
}

static void selection_dup(PkScene *s) {
    gsize cells = (gsize)s->nx * s->ny, bars = (gsize)s->n_groups * s->n_bar_series;
    density_dup(&s->selected_density);
    s->spx = dup_array(s->spx, s->n_selected_points, sizeof(double));
    s->spy = dup_array(s->spy, s->n_selected_points, sizeof(double));
    s->spcolor = dup_array(s->spcolor, s->n_selected_points, sizeof(guint32));
    s->spsize = dup_array(s->spsize, s->n_selected_points, sizeof(double));
    s->selected_series = series_dup(s->selected_series, s->n_series);
    s->selected_bin_heights = dup_array(s->selected_bin_heights, s->n_bins, sizeof(double));
    s->selected_bar_values = dup_array(s->selected_bar_values, bars, sizeof(double));
    s->selected_cells = dup_array(s->selected_cells, cells, sizeof(double));
    s->selected_boxes = boxes_dup(s->selected_boxes, s->n_boxes);
}

PkScene *pk_session_scene_dup(const PkScene *scene) {
    PkScene *s = g_new(PkScene, 1);
    memcpy(s, scene, sizeof *s);
    pk_plot_spec_copy(&s->spec, &scene->spec);
    axis_dup(&s->x);
    axis_dup(&s->y);
    density_dup(&s->density);
    s->px = dup_array(s->px, s->n_points, sizeof(double));
    s->py = dup_array(s->py, s->n_points, sizeof(double));
    s->pcolor = dup_array(s->pcolor, s->n_points, sizeof(guint32));
    s->psize = dup_array(s->psize, s->n_points, sizeof(double));
    s->color_categories = g_strdupv(s->color_categories);
    s->series = series_dup(s->series, s->n_series);
    s->bin_edges = dup_array(s->bin_edges, (gsize)s->n_bins + 1, sizeof(double));
    s->bin_heights = dup_array(s->bin_heights, s->n_bins, sizeof(double));
    s->bar_values = dup_array(s->bar_values, (gsize)s->n_groups * s->n_bar_series, sizeof(double));
    s->cells = dup_array(s->cells, (gsize)s->nx * s->ny, sizeof(double));
    s->boxes = boxes_dup(s->boxes, s->n_boxes);
    s->backend = g_strdup(s->backend);
    s->empty_message = g_strdup(s->empty_message);
    selection_dup(s);
    return s;
}
