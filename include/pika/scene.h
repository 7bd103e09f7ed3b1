/* pika/scene.h — a prepared plot: everything the renderer needs, and no data source.
 *
 * "Prepare" (pika/plotprep.h: query, compute engine) produces a PkScene; "draw"
 * (pika/render.h: Cairo) turns it into pixels or vectors as often as needed, at any size,
 * without touching the data again. Tests and the benchmark build scenes by hand.
 *
 * A scene is a plain struct with public fields. It owns everything it points to (arrays are
 * g_malloc'd, strings g_strdup'd) and pk_scene_free releases all of it. Which layer fields are
 * used depends on spec.type:
 *
 *   SCATTER   density (grid != NULL) or points (n_points > 0)
 *   LINE      series (each a polyline, already M4-reduced)
 *   HISTOGRAM bars over numeric edges: bin_edges[n_bins + 1], bin_heights[n_bins]
 *   BAR       bar_values[n_groups * n_series] (group-major), groups and series names
 *   HEATMAP   cells[nx * ny] (row-major, row 0 = lowest y), NaN = empty
 *   BOX       boxes[n_boxes], one per category
 *
 * Selections (linked brushing): with has_selection, the layers above hold every row and are
 * drawn muted (grey), and the selected_* layers, built over the same axes, bin edges, groups,
 * categories and density grid, are drawn on top in colour:
 *
 *   SCATTER   selected_density (same size as density; the colour map and colour bar follow
 *             the selected counts) or the selected marks spx/spy/spcolor/spsize
 *   LINE      selected_series[n_series] (M4 of the selected rows, same series order)
 *   HISTOGRAM selected_bin_heights[n_bins] (density: over the same total as the full bars)
 *   BAR       selected_bar_values[n_groups * n_series] (absent in the selection: 0)
 *   HEATMAP   selected_cells[nx * ny], coloured over selected_cell_min..max
 *   BOX       selected_boxes[n_boxes] by the same category (n = 0: none selected)
 *
 * n_selected of n_selection_total rows are selected; the plot says so in its top-right corner.
 *
 * Axis ranges are in data units (time: microseconds since the epoch; categorical: category
 * index, with range [-0.5, n - 0.5]); a log axis range is the data range (> 0).
 * Thread rule: a scene is immutable once handed to the renderer and may be drawn from any
 * thread (one cairo_t per thread). */
#pragma once

#include "pika/plot.h"

#include <glib.h>

G_BEGIN_DECLS

/* One axis as drawn. */
typedef struct {
    PkScaleKind scale; /* resolved: never PK_SCALE_AUTO */
    double lo, hi;     /* lo < hi */
    char **categories; /* CATEGORICAL: n_categories labels (NULL-terminated) */
    guint n_categories;
    char *label; /* axis title (may be NULL) */
} PkSceneAxis;

/* A density layer: counts per pixel bin over the plot area, and optionally per category. */
typedef struct {
    guint width, height;      /* bins; row 0 = lowest y */
    guint32 *counts;          /* width * height */
    guint32 *category_counts; /* n_categories planes or NULL */
    guint n_categories;
} PkSceneDensity;

typedef struct {
    char *name; /* NULL for the only series */
    gsize n;
    double *x, *y; /* in data units, x ascending within a pixel column */
} PkSceneSeries;

typedef struct {
    char *name;
    double q1, median, q3;
    double whisker_lo, whisker_hi;
    guint64 n;        /* rows in the category */
    double *outliers; /* drawn outliers */
    guint n_outliers;
    guint64 n_outliers_total; /* all outliers, drawn or not */
} PkSceneBox;

typedef struct {
    PkPlotSpec spec; /* owned copy */
    PkSceneAxis x, y;

    PkSceneDensity density; /* SCATTER (density mode) */
    gboolean has_density;

    gsize n_points; /* SCATTER (raw mode) */
    double *px, *py;
    guint32 *pcolor; /* category index per point or NULL */
    double *psize;   /* radius factor 0..1 per point or NULL */

    /* Colour categories (scatter, line, bar series, box): names shown in the legend; an index
     * equal to n_color_categories - 1 may be "other" when color_has_other. */
    char **color_categories; /* NULL-terminated */
    guint n_color_categories;
    gboolean color_has_other;

    PkSceneSeries *series; /* LINE */
    guint n_series;

    double *bin_edges, *bin_heights; /* HISTOGRAM */
    guint n_bins;

    double *bar_values; /* BAR: n_groups * n_series, group-major */
    guint n_groups, n_bar_series;

    double *cells; /* HEATMAP */
    guint nx, ny;
    double cell_min, cell_max; /* finite range of cells */

    PkSceneBox *boxes; /* BOX */
    guint n_boxes;

    /* How the plot was made, for the summary line and notes. */
    const char *mode; /* "density", "points", "lines", "bins", "bars", "cells",
                         "boxes"; static */
    guint64 n_rows;   /* rows that went in */
    guint64 n_drawn;  /* rows represented in the picture */
    guint64 n_nonpositive_x, n_nonpositive_y; /* skipped on log axes */
    guint64 n_invalid;                        /* NULL, NaN or infinite, skipped */
    char *backend;                            /* "CPU", "GPU (name)", "DuckDB" */
    char *empty_message;                      /* non-NULL: nothing to draw, say this instead */

    /* The selected plane (linked brushing); all NULL/0 without a selection. */
    gboolean has_selection;
    guint64 n_selected;              /* rows of the selected relation */
    guint64 n_selection_total;       /* rows of the whole relation */
    PkSceneDensity selected_density; /* SCATTER (density mode) */
    gsize n_selected_points;         /* SCATTER (raw mode) */
    double *spx, *spy;
    guint32 *spcolor;               /* category index per selected point or NULL */
    double *spsize;                 /* radius factor 0..1 (the full set's size range) or NULL */
    PkSceneSeries *selected_series; /* LINE: n_series */
    double *selected_bin_heights;   /* HISTOGRAM: n_bins */
    double *selected_bar_values;    /* BAR: n_groups * n_bar_series, group-major */
    double *selected_cells;         /* HEATMAP: nx * ny, NaN = empty */
    double selected_cell_min, selected_cell_max;
    PkSceneBox *selected_boxes; /* BOX: n_boxes, in the order of boxes */
} PkScene;

/* A new, empty scene for a copy of spec (axes linear over [0, 1]). Free with pk_scene_free. */
PkScene *pk_scene_new(const PkPlotSpec *spec);
void pk_scene_free(PkScene *scene); /* NULL-safe */

/* Sets an axis to categorical over n labels (copied): range [-0.5, n - 0.5]. */
void pk_scene_axis_set_categories(PkSceneAxis *axis, const char *const *labels, guint n);
/* Sets the colour categories (copied). */
void pk_scene_set_color_categories(PkScene *scene, const char *const *names, guint n,
                                   gboolean has_other);

/* Marks the scene as showing a selection of n_selected of n_total rows. */
void pk_scene_set_selection(PkScene *scene, guint64 n_selected, guint64 n_total);
/* "selected 1,234 of 56,789 rows" (a new string), or NULL without a selection. */
char *pk_scene_selection_label(const PkScene *scene);

/* The one-line summary of how the plot was made, e.g.
 * "density · 12,345,678 points · CPU" or "lines · 3 series · 1,000,000 points · CPU"
 * (" · 1,234 selected" is appended with a selection).
 * Returns a new string. */
char *pk_scene_summary(const PkScene *scene);
/* Notes shown under the plot ("12 non-positive values skipped on the log x axis"), joined by
 * " · "; NULL when there is nothing to say. Returns a new string. */
char *pk_scene_notes(const PkScene *scene);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkScene, pk_scene_free)

G_END_DECLS
