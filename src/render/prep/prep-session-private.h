/* prep-session-private.h — what the files of an interactive session share (prep-session.c:
 * lifecycle and dispatch; prep-session-scatter.c: the scatter fast path and picking;
 * prep-session-scene.c: deep copies of kept scenes). Includes pika/compute.h through
 * prep-engine.h, so never with pika/data.h.
 *
 *   PkPlotSession
 *     spec, fields        the spec and the relation's columns (names, types), for scales
 *     frame, selected     the fetched rows (spec order: x, y, color, value, size), kept
 *     ds, sds             scatter: datasets over frame / selected, registered once
 *     data, sdata         line, histogram, heatmap: their data over frame (made once) and
 *                         over the selected rows (made when the selection changes)
 *     cats                scatter: colour categories (top K + "other"), codes per row
 *     kept                bar, box: the scene prepared once; prepare hands out copies
 *     home                the viewport that "reset" returns to
 *
 * Invariant: after pk_plot_session_new the session reads only its own memory and the engine;
 * nothing in it refers to the connection. */
#pragma once

#include "prep-engine.h"

G_BEGIN_DECLS

struct PkPlotSession {
    GMutex lock; /* held by prepare and pick */
    PkPlotSpec spec;
    PkCompute *compute; /* borrowed */
    PkPlotField *fields;
    char **field_names;
    guint n_fields;
    PkFrame *frame, *selected;
    gboolean bucketed; /* a line aggregated per bucket: its rows are buckets, not the input's */
    PkScaleKind x_scale, y_scale;
    double home[4]; /* x0, x1, y0, y1 */
    PkScene *kept;
    PkScene *hist_all;  /* histogram: the last bars of every row (no selection) */
    double hist_key[5]; /* ... for this x range, page width, height, fixed */

    PkPrepData *data, *sdata; /* line, histogram, heatmap (prep-data.c) */

    PkComputeDataset *ds, *sds; /* scatter only */
    guint xi, yi, sxi, syi;
    gint ci, sci; /* category columns, -1 without */
    PkPrepCategories cats;
    guint32 *selected_codes; /* colour codes of the selected rows, or NULL */
    double size_range[2];
    PkGrid *last_grid; /* scatter: the last all-rows bin2d and its request */
    /* Scatter with selected rows from a brush (instead of a selected frame): the rows, and
     * their x, y and colour codes gathered into buffers kept between brushes (sds reads
     * them) */
    PkRowSet *selected_rows;
    double *sel_x, *sel_y;
    guint32 *sel_codes;
    gsize sel_capacity;
    PkBin2dRequest last_req;
};

/* A scene for the session's spec with the axis ranges fixed to the viewport (categorical
 * axes untouched), scales resolved and the row and selection counts set. */
PkScene *pk_session_scene_new(PkPlotSession *session, const double viewport[4]);

/* prep-session-scatter.c */
gboolean pk_session_scatter_init(PkPlotSession *session, GError **error);
void pk_session_scatter_clear(PkPlotSession *session);
/* (Re)builds the selected rows' colour codes and dataset from session->selected. */
gboolean pk_session_scatter_set_selected(PkPlotSession *session, GError **error);
/* Rows in the selection (frame or row set), or -1 without one. */
gint64 pk_session_n_selected(const PkPlotSession *session);
gboolean pk_session_scatter_prepare(PkPlotSession *session, PkScene *scene,
                                    const PkPlotPrepInput *input, GError **error);

/* prep-session-scene.c: a deep copy of scene (every layer, selected ones included). */
PkScene *pk_session_scene_dup(const PkScene *scene);

G_END_DECLS
