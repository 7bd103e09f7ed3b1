/* scene.c — prepared plots: construction, release, the summary line and notes.
 *
 * A scene owns every array and string it points to; pk_scene_free walks the layers, the
 * selected ones included (selected series and boxes are as many as the full ones). */
#include "pika/render-kit.h"
#include "pika/scene.h"

static void axis_init(PkSceneAxis *axis, const PkPlotAxis *spec_axis) {
    axis->scale = spec_axis->scale == PK_SCALE_AUTO ? PK_SCALE_LINEAR : spec_axis->scale;
    axis->lo = 0.0;
    axis->hi = 1.0;
    axis->label = g_strdup(spec_axis->label != NULL ? spec_axis->label : spec_axis->column);
}

PkScene *pk_scene_new(const PkPlotSpec *spec) {
    g_return_val_if_fail(spec != NULL, NULL);
    PkScene *scene = g_new0(PkScene, 1);
    pk_plot_spec_copy(&scene->spec, spec);
    axis_init(&scene->x, &spec->x);
    axis_init(&scene->y, &spec->y);
    if (pk_plot_spec_line_bucket(spec) != PK_BUCKET_NONE && spec->y.label == NULL &&
        spec->y.column != NULL) {
        g_free(scene->y.label); /* a line of buckets shows the aggregate: "mean(price)" */
        scene->y.label = g_strdup_printf("%s(%s)", pk_plot_agg_name(spec->agg), spec->y.column);
    }
    scene->mode = "points";
    scene->backend = g_strdup("CPU");
    return scene;
}

static void series_free(PkSceneSeries *series, guint n) {
    for (guint i = 0; series != NULL && i < n; i++) {
        g_free(series[i].name);
        g_free(series[i].x);
        g_free(series[i].y);
    }
    g_free(series);
}

static void boxes_free(PkSceneBox *boxes, guint n) {
    for (guint i = 0; boxes != NULL && i < n; i++) {
        g_free(boxes[i].name);
        g_free(boxes[i].outliers);
    }
    g_free(boxes);
}

static void selection_clear(PkScene *scene) {
    g_free(scene->selected_density.counts);
    g_free(scene->selected_density.category_counts);
    g_free(scene->spx);
    g_free(scene->spy);
    g_free(scene->spcolor);
    g_free(scene->spsize);
    series_free(scene->selected_series, scene->n_series);
    g_free(scene->selected_bin_heights);
    g_free(scene->selected_bar_values);
    g_free(scene->selected_cells);
    boxes_free(scene->selected_boxes, scene->n_boxes);
}

static void axis_clear(PkSceneAxis *axis) {
    g_strfreev(axis->categories);
    g_free(axis->label);
}

void pk_scene_free(PkScene *scene) {
    if (scene == NULL) {
        return;
    }
    pk_plot_spec_clear(&scene->spec);
    axis_clear(&scene->x);
    axis_clear(&scene->y);
    g_free(scene->density.counts);
    g_free(scene->density.category_counts);
    g_free(scene->px);
    g_free(scene->py);
    g_free(scene->pcolor);
    g_free(scene->psize);
    g_strfreev(scene->color_categories);
    selection_clear(scene);
    series_free(scene->series, scene->n_series);
    g_free(scene->bin_edges);
    g_free(scene->bin_heights);
    g_free(scene->bar_values);
    g_free(scene->cells);
    boxes_free(scene->boxes, scene->n_boxes);
    g_free(scene->backend);
    g_free(scene->empty_message);
    g_free(scene);
}

static char **copy_labels(const char *const *labels, guint n) {
    char **copy = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++) {
        copy[i] = g_strdup(labels != NULL && labels[i] != NULL ? labels[i] : "");
    }
    return copy;
}

void pk_scene_axis_set_categories(PkSceneAxis *axis, const char *const *labels, guint n) {
    g_strfreev(axis->categories);
    axis->categories = copy_labels(labels, n);
    axis->n_categories = n;
    axis->scale = PK_SCALE_CATEGORICAL;
    axis->lo = -0.5;
    axis->hi = (double)n - 0.5;
}

void pk_scene_set_color_categories(PkScene *scene, const char *const *names, guint n,
                                   gboolean has_other) {
    g_strfreev(scene->color_categories);
    scene->color_categories = copy_labels(names, n);
    scene->n_color_categories = n;
    scene->color_has_other = has_other;
}

void pk_scene_set_selection(PkScene *scene, guint64 n_selected, guint64 n_total) {
    g_return_if_fail(scene != NULL);
    scene->has_selection = TRUE;
    scene->n_selected = n_selected;
    scene->n_selection_total = n_total;
}

char *pk_scene_selection_label(const PkScene *scene) {
    g_return_val_if_fail(scene != NULL, NULL);
    if (!scene->has_selection) {
        return NULL;
    }
    g_autofree char *n = pk_format_count(scene->n_selected);
    g_autofree char *total = pk_format_count(scene->n_selection_total);
    return g_strdup_printf("selected %s of %s %s", n, total,
                           scene->n_selection_total == 1 ? "row" : "rows");
}

char *pk_scene_summary(const PkScene *scene) {
    g_return_val_if_fail(scene != NULL, NULL);
    GString *out = g_string_new(scene->mode);
    g_autofree char *drawn = pk_format_count(scene->n_drawn);
    if (scene->spec.type == PK_PLOT_LINE) {
        g_string_append_printf(out, " · %u series", scene->n_series);
    } else if (scene->spec.type == PK_PLOT_BOX) {
        g_string_append_printf(out, " · %u boxes", scene->n_boxes);
    } else if (scene->spec.type == PK_PLOT_HISTOGRAM) {
        g_string_append_printf(out, " · %u bins", scene->n_bins);
    }
    g_string_append_printf(out, " · %s %s", drawn, scene->n_drawn == 1 ? "point" : "points");
    if (scene->n_rows != scene->n_drawn && scene->n_rows > 0) {
        g_autofree char *rows = pk_format_count(scene->n_rows);
        g_string_append_printf(out, " of %s rows", rows);
    }
    if (scene->has_selection) {
        g_autofree char *selected = pk_format_count(scene->n_selected);
        g_string_append_printf(out, " · %s selected", selected);
    }
    g_string_append_printf(out, " · %s", scene->backend != NULL ? scene->backend : "CPU");
    return g_string_free(out, FALSE);
}

static void append_note(GString *out, guint64 n, const char *what) {
    if (n == 0) {
        return;
    }
    g_autofree char *count = pk_format_count(n);
    g_string_append_printf(out, "%s%s %s", out->len > 0 ? " · " : "", count, what);
}

char *pk_scene_notes(const PkScene *scene) {
    g_return_val_if_fail(scene != NULL, NULL);
    GString *out = g_string_new(NULL);
    append_note(out, scene->n_nonpositive_x, "non-positive x values skipped (log axis)");
    append_note(out, scene->n_nonpositive_y, "non-positive y values skipped (log axis)");
    append_note(out, scene->n_invalid, "empty or non-finite values skipped");
    guint64 hidden = 0;
    for (guint i = 0; i < scene->n_boxes; i++) {
        hidden += scene->boxes[i].n_outliers_total - scene->boxes[i].n_outliers;
    }
    append_note(out, hidden, "outliers not drawn");
    if (out->len == 0) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}
