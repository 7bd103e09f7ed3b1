/* prep-session-pick.c — what lies under the pointer in a session's scatter scene.
 *
 * Density: the bin under the pointer comes from the plot area and the grid size (one bin per
 * device pixel, bin (0, 0) at the lower-left corner); when it is empty, the nearest non-empty
 * bin within the radius answers instead; its count is read from the scene, and
 * its representative row is the smallest row id whose x and y fall into it by the engine's
 * bin formula (pika/compute.h), evaluated here in the same order: double subtraction, one
 * rounding to float32, one float32 multiply (no FMA), floor, clamp to n - 1.
 * Raw marks: the nearest row within a radius, measured in pixels through the renderer's
 * scales (ties: the smallest row id). Both scan the kept columns once, on the caller's
 * thread, stopping early for a bin (the first match is the smallest id). */
#include "pika/error.h"
#include "pika/render-kit.h"
#include "prep-session-private.h"

#include <math.h>

#define CANCEL_EVERY_ROWS (1u << 20)

void pk_plot_pick_clear(PkPlotPick *pick) {
    if (pick != NULL) {
        g_free(pick->text);
        *pick = (PkPlotPick){0};
    }
}

/* One axis of a bin: the viewport in axis space and the float32 scale of the formula. */
typedef struct {
    gboolean log_axis;
    double lo, hi;
    float s;
    guint n;
} BinAxis;

static void bin_axis_init(BinAxis *b, const PkSceneAxis *axis, guint n) {
    b->log_axis = axis->scale == PK_SCALE_LOG;
    b->lo = b->log_axis ? log10(axis->lo) : axis->lo;
    b->hi = b->log_axis ? log10(axis->hi) : axis->hi;
    b->s = (float)((double)n / (b->hi - b->lo));
    b->n = n;
}

/* The bin of v, or -1 when v is skipped (NaN, ±inf, <= 0 on log, outside [lo, hi)). */
static gint bin_of(const BinAxis *b, double v) {
    if (b->log_axis) {
        if (!(v > 0)) {
            return -1;
        }
        v = log10(v);
    }
    if (!(v >= b->lo && v < b->hi)) {
        return -1;
    }
    volatile float t = (float)(v - b->lo); /* volatile: one rounding, then one multiply */
    volatile float p = t * b->s;
    gint i = (gint)floorf(p);
    return i > (gint)b->n - 1 ? (gint)b->n - 1 : i;
}

static char *row_text(const PkPlotSession *session, guint64 row) {
    GString *s = g_string_new(NULL);
    for (guint c = 0; c < pk_frame_get_n_columns(session->frame); c++) {
        PkColumn *col = pk_frame_get_column(session->frame, c);
        g_string_append_printf(s, "%s%s: ", s->len > 0 ? "\n" : "", pk_column_get_name(col));
        if (!pk_column_is_valid(col, row)) {
            g_string_append(s, "NULL");
        } else if (pk_column_get_type(col) == PK_COLUMN_TYPE_CATEGORY) {
            g_string_append(s, pk_column_get_category(col, pk_column_get_codes(col)[row]));
        } else if (pk_column_get_type(col) == PK_COLUMN_TYPE_TIMESTAMP) {
            gint64 us = pk_column_get_int64s(col)[row];
            g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(us / G_USEC_PER_SEC);
            g_autofree char *text = t != NULL ? g_date_time_format_iso8601(t) : NULL;
            g_string_append(s, text != NULL ? text : "?");
        } else {
            g_string_append_printf(s, "%.6g", pk_column_get_as_double(col, row));
        }
    }
    return g_string_free(s, FALSE);
}

/* The non-empty bin nearest to (*gx, *gy) within radius bins (the bin itself first); FALSE when
 * there is none. */
static gboolean nearest_bin(const PkSceneDensity *d, guint radius, guint *gx, guint *gy) {
    gint best_d2 = G_MAXINT, bx = 0, by = 0;
    gint r = (gint)radius;
    for (gint dy = -r; dy <= r; dy++) {
        for (gint dx = -r; dx <= r; dx++) {
            gint x = (gint)*gx + dx, y = (gint)*gy + dy, d2 = dx * dx + dy * dy;
            if (x < 0 || y < 0 || x >= (gint)d->width || y >= (gint)d->height || d2 > r * r ||
                d2 >= best_d2 || d->counts[(gsize)y * d->width + x] == 0) {
                continue;
            }
            best_d2 = d2;
            bx = x;
            by = y;
        }
    }
    if (best_d2 == G_MAXINT) {
        return FALSE;
    }
    *gx = (guint)bx;
    *gy = (guint)by;
    return TRUE;
}

static gboolean pick_bin(PkPlotSession *session, const PkScene *scene, const PkRect *a, double px,
                         double py, guint radius_bins, PkCancel *cancel, PkPlotPick *out,
                         GError **error) {
    const PkSceneDensity *d = &scene->density;
    double fx = (px - a->x) / a->width, fy = (a->y + a->height - py) / a->height;
    if (!(fx >= 0 && fx < 1 && fy >= 0 && fy < 1) || d->counts == NULL) {
        return TRUE;
    }
    guint gx = MIN((guint)(fx * d->width), d->width - 1);
    guint gy = MIN((guint)(fy * d->height), d->height - 1);
    if (!nearest_bin(d, radius_bins, &gx, &gy)) {
        return TRUE; /* nothing within reach of the pointer */
    }
    guint32 count = d->counts[(gsize)gy * d->width + gx];
    BinAxis bx, by;
    bin_axis_init(&bx, &scene->x, d->width);
    bin_axis_init(&by, &scene->y, d->height);
    PkColumn *xc = pk_frame_find_column(session->frame, scene->spec.x.column);
    PkColumn *yc = pk_frame_find_column(session->frame, scene->spec.y.column);
    gsize n = pk_frame_get_n_rows(session->frame);
    for (gsize r = 0; r < n; r++) {
        if (r % CANCEL_EVERY_ROWS == 0 && pk_cancel_set_error_if_requested(cancel, error)) {
            return FALSE;
        }
        if (bin_of(&bx, pk_column_get_as_double(xc, r)) == (gint)gx &&
            bin_of(&by, pk_column_get_as_double(yc, r)) == (gint)gy) {
            *out = (PkPlotPick){TRUE, TRUE, count, r, row_text(session, r)};
            return TRUE;
        }
    }
    return TRUE;
}

static gboolean pick_mark(PkPlotSession *session, const PkScene *scene, const PkRect *a, double px,
                          double py, double radius_px, PkCancel *cancel, PkPlotPick *out,
                          GError **error) {
    PkScale sx, sy;
    pk_scale_init(&sx, scene->x.scale, scene->x.lo, scene->x.hi, a->x, a->x + a->width);
    pk_scale_init(&sy, scene->y.scale, scene->y.lo, scene->y.hi, a->y + a->height, a->y);
    PkColumn *xc = pk_frame_find_column(session->frame, scene->spec.x.column);
    PkColumn *yc = pk_frame_find_column(session->frame, scene->spec.y.column);
    gsize n = pk_frame_get_n_rows(session->frame), best = G_MAXSIZE;
    double best_d2 = radius_px * radius_px;
    for (gsize r = 0; r < n; r++) {
        if (r % CANCEL_EVERY_ROWS == 0 && pk_cancel_set_error_if_requested(cancel, error)) {
            return FALSE;
        }
        double dx = pk_scale_map(&sx, pk_column_get_as_double(xc, r)) - px;
        double dy = pk_scale_map(&sy, pk_column_get_as_double(yc, r)) - py;
        double d2 = dx * dx + dy * dy;
        if (d2 <= best_d2 && (best == G_MAXSIZE || d2 < best_d2)) {
            best = r, best_d2 = d2;
        }
    }
    if (best != G_MAXSIZE) {
        *out = (PkPlotPick){TRUE, FALSE, 1, best, row_text(session, best)};
    }
    return TRUE;
}

gboolean pk_plot_session_pick(PkPlotSession *session, const PkScene *scene, double width,
                              double height, double scale, double px, double py, double radius_px,
                              PkCancel *cancel, PkPlotPick *out_pick, GError **error) {
    g_return_val_if_fail(session != NULL && scene != NULL && out_pick != NULL, FALSE);
    PkPlotPick pick = {0};
    if (session->spec.type != PK_PLOT_SCATTER || session->frame == NULL ||
        scene->empty_message != NULL) {
        *out_pick = pick;
        return TRUE;
    }
    PkRect area;
    pk_layout_plot_area(scene, width, height, &area);
    g_mutex_lock(&session->lock);
    gboolean ok = scene->has_density
                      ? pick_bin(session, scene, &area, px, py,
                                 (guint)ceil(MAX(radius_px, 0) * scale), cancel, &pick, error)
                      : pick_mark(session, scene, &area, px, py, radius_px, cancel, &pick, error);
    g_mutex_unlock(&session->lock);
    if (ok) {
        *out_pick = pick;
    }
    return ok;
}
