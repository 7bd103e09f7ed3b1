/* prep-session-brush.c — brushing inside an interactive session (pika/plotprep.h).
 *
 *   brush        the predicate goes to the compute engine as a row mask over a dataset of the
 *                session's x and y columns (the kept dataset of a scatter, line, histogram or
 *                numeric heatmap, or one made for the call when a heatmap axis holds
 *                categories), so a polygon is tested by the engine's one even-odd rule
 *   set rows     the rows of a mask are gathered from the kept frame into a new "selected"
 *                frame; a scatter also re-registers its selected dataset, and the kept data
 *                of the selected rows of other types is dropped (the next prepare makes it)
 *
 * A PkRowSet wraps the engine's PkMask (which plotprep.h cannot name: pika/compute.h stays out
 * of headers that meet pika/data.h). */
#include "pika/error.h"
#include "prep-session-private.h"

#include <math.h>
#include <string.h>

struct PkRowSet {
    gint ref;
    PkMask *mask;
};

PkRowSet *pk_row_set_ref(PkRowSet *rows) {
    g_atomic_int_inc(&rows->ref);
    return rows;
}

void pk_row_set_unref(PkRowSet *rows) {
    if (rows != NULL && g_atomic_int_dec_and_test(&rows->ref)) {
        pk_mask_free(rows->mask);
        g_free(rows);
    }
}

gsize pk_row_set_get_n_rows(const PkRowSet *rows) {
    return rows->mask->n_rows;
}

guint64 pk_row_set_get_n_set(const PkRowSet *rows) {
    return rows->mask->n_set;
}

gboolean pk_row_set_contains(const PkRowSet *rows, gsize row) {
    return row < rows->mask->n_rows && ((rows->mask->words[row / 64] >> (row % 64)) & 1u);
}

gboolean pk_plot_session_can_take_rows(const PkPlotSession *session) {
    return session->spec.type != PK_PLOT_BAR && session->spec.type != PK_PLOT_BOX &&
           !session->bucketed && session->frame != NULL;
}

static gboolean check_takes_rows(const PkPlotSession *session, GError **error) {
    if (!pk_plot_session_can_take_rows(session)) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "a %s%s is prepared by the database; its selection cannot be brushed",
                    session->bucketed ? "line of buckets" : pk_plot_type_name(session->spec.type),
                    session->bucketed ? "" : " plot");
        return FALSE;
    }
    return TRUE;
}

/* The engine's predicate for brush over dataset columns xi and yi. */
static gboolean brush_predicate(const PkPlotSession *session, const PkPlotBrush *brush, guint xi,
                                guint yi, PkPredicate *out, GError **error) {
    memset(out, 0, sizeof *out);
    out->x_column = xi, out->y_column = yi;
    gboolean needs_y = brush->kind != PK_PLOT_BRUSH_INTERVAL;
    if (needs_y && (session->spec.y.column == NULL || session->spec.type == PK_PLOT_HISTOGRAM)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "a %s plot selects an interval of x, not a box or a lasso",
                    pk_plot_type_name(session->spec.type));
        return FALSE;
    }
    switch (brush->kind) {
    case PK_PLOT_BRUSH_INTERVAL:
        out->kind = PK_PREDICATE_BOX;
        out->y_column = xi;
        out->x0 = brush->x0, out->x1 = brush->x1, out->y0 = -INFINITY, out->y1 = INFINITY;
        return TRUE;
    case PK_PLOT_BRUSH_BOX:
        out->kind = PK_PREDICATE_BOX;
        out->x0 = brush->x0, out->x1 = brush->x1, out->y0 = brush->y0, out->y1 = brush->y1;
        return TRUE;
    case PK_PLOT_BRUSH_POLYGON:
        if (brush->n_vertices < 3 || brush->vertices == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "a lasso needs at least 3 points, not %u", brush->n_vertices);
            return FALSE;
        }
        out->kind = PK_PREDICATE_POLYGON;
        out->polygon = brush->vertices, out->n_vertices = brush->n_vertices;
        return TRUE;
    }
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "unknown brush kind %d", (int)brush->kind);
    return FALSE;
}

gboolean pk_plot_session_brush(PkPlotSession *session, const PkPlotBrush *brush, PkCancel *cancel,
                               PkRowSet **out_rows, GError **error) {
    g_return_val_if_fail(session != NULL && brush != NULL && out_rows != NULL, FALSE);
    *out_rows = NULL;
    if (!check_takes_rows(session, error)) {
        return FALSE;
    }
    g_mutex_lock(&session->lock);
    PkComputeDataset *ds = session->ds, *own = NULL;
    guint xi = session->xi, yi = session->yi;
    gboolean ok = TRUE;
    if (ds == NULL && session->data != NULL && pk_prep_data_has_plain_xy(session->data)) {
        ds = session->data->ds, xi = session->data->xi, yi = session->data->yi;
    }
    if (ds == NULL) {
        const char *y = brush->kind == PK_PLOT_BRUSH_INTERVAL ? NULL : session->spec.y.column;
        own = ds =
            pk_compute_dataset_new(session->compute, pk_frame_get_n_rows(session->frame), error);
        ok = ds != NULL &&
             pk_prep_add_column(ds, session->frame, session->spec.x.column, &xi, error) &&
             (y == NULL || session->spec.type == PK_PLOT_HISTOGRAM ||
              pk_prep_add_column(ds, session->frame, y, &yi, error));
    }
    PkPredicate predicate;
    PkMask *mask = NULL;
    ok = ok && brush_predicate(session, brush, xi, yi, &predicate, error) &&
         pk_compute_mask(session->compute, ds, &predicate, cancel, &mask, error);
    pk_compute_dataset_free(own);
    g_mutex_unlock(&session->lock);
    if (ok) {
        PkRowSet *rows = g_new0(PkRowSet, 1);
        rows->ref = 1;
        rows->mask = mask;
        *out_rows = rows;
    }
    return ok;
}

/* The rows of column set in mask, in order, as a new published column of the same type. */
static PkColumn *gather_column(PkColumn *column, const PkMask *mask, GError **error) {
    PkColumnType type = pk_column_get_type(column);
    PkColumn *out = pk_column_new(type, pk_column_get_name(column), (gsize)mask->n_set, error);
    if (out == NULL) {
        return NULL;
    }
    for (guint c = 0; type == PK_COLUMN_TYPE_CATEGORY && c < pk_column_get_n_categories(column);
         c++) {
        pk_column_add_category(out, pk_column_get_category(column, c)); /* same codes */
    }
    gsize size = pk_column_type_size(type);
    const guint8 *src = pk_column_get_data(column);
    guint8 *dst = pk_column_get_data_mut(out);
    gboolean has_nulls = pk_column_get_null_count(column) > 0;
    gsize k = 0;
    for (gsize w = 0; w * 64 < mask->n_rows; w++) {
        for (guint64 bits = mask->words[w]; bits != 0; bits &= bits - 1, k++) {
            gsize row = w * 64 + (gsize)__builtin_ctzll(bits);
            switch (size) { /* fixed sizes: a move, not a call */
            case 8:
                memcpy(dst + k * 8, src + row * 8, 8);
                break;
            case 4:
                memcpy(dst + k * 4, src + row * 4, 4);
                break;
            default:
                dst[k] = src[row];
                break;
            }
            if (has_nulls && !pk_column_is_valid(column, row)) {
                pk_column_set_null(out, k);
            }
        }
    }
    pk_column_publish(out);
    return out;
}

static PkFrame *gather_frame(PkFrame *frame, const PkMask *mask, GError **error) {
    g_autoptr(PkFrame) out = pk_frame_new();
    for (guint i = 0; i < pk_frame_get_n_columns(frame); i++) {
        PkColumn *column = gather_column(pk_frame_get_column(frame, i), mask, error);
        if (column == NULL) {
            return NULL;
        }
        pk_frame_add_column(out, column); /* takes its own reference */
        pk_column_unref(column);
    }
    pk_frame_publish(out);
    return g_steal_pointer(&out);
}

/* Column values of the rows set in mask, as doubles, into out (NULL rows: NaN). */
static void gather_doubles(PkColumn *column, const PkMask *mask, double *out) {
    PkColumnType type = pk_column_get_type(column);
    gboolean plain = pk_column_get_null_count(column) == 0;
    const double *f64 =
        plain && type == PK_COLUMN_TYPE_DOUBLE ? pk_column_get_doubles(column) : NULL;
    const gint64 *i64 = plain && (type == PK_COLUMN_TYPE_INT64 || type == PK_COLUMN_TYPE_TIMESTAMP)
                            ? pk_column_get_int64s(column)
                            : NULL;
    gsize k = 0;
    for (gsize w = 0; w * 64 < mask->n_rows; w++) {
        for (guint64 bits = mask->words[w]; bits != 0; bits &= bits - 1, k++) {
            gsize row = w * 64 + (gsize)__builtin_ctzll(bits);
            out[k] = f64 != NULL   ? f64[row]
                     : i64 != NULL ? (double)i64[row]
                                   : pk_column_get_as_double(column, row);
        }
    }
}

static void gather_codes(const guint32 *codes, const PkMask *mask, guint32 *out) {
    gsize k = 0;
    for (gsize w = 0; w * 64 < mask->n_rows; w++) {
        for (guint64 bits = mask->words[w]; bits != 0; bits &= bits - 1, k++) {
            out[k] = codes[w * 64 + (gsize)__builtin_ctzll(bits)];
        }
    }
}

/* Scatter and histogram sessions: the rows of a row set become the selection without a
 * selected frame. Their x (and a scatter's y and colour codes) are gathered into buffers kept
 * between brushes; a scatter registers them as its selected dataset (sds), a histogram bins
 * sel_x when it prepares. */
static gboolean take_rows_gathered(PkPlotSession *session, const PkRowSet *rows, GError **error) {
    pk_compute_dataset_free(g_steal_pointer(&session->sds));
    g_clear_pointer(&session->sdata, pk_prep_data_free); /* it may borrow sel_x */
    g_clear_pointer(&session->selected_codes, g_free);
    g_clear_pointer(&session->selected, pk_frame_unref);
    g_clear_pointer(&session->selected_rows, pk_row_set_unref);
    if (rows == NULL) {
        return TRUE;
    }
    gsize n = (gsize)rows->mask->n_set;
    if (n > session->sel_capacity) { /* kept and grown by half: brushes reuse the pages */
        session->sel_capacity =
            MIN(MAX(n, session->sel_capacity * 3 / 2), pk_frame_get_n_rows(session->frame));
        n = session->sel_capacity;
        session->sel_x = g_renew(double, session->sel_x, n);
        session->sel_y = g_renew(double, session->sel_y, n);
        if (session->cats.codes != NULL) {
            session->sel_codes = g_renew(guint32, session->sel_codes, n);
        }
    }
    n = (gsize)rows->mask->n_set;
    gather_doubles(pk_frame_find_column(session->frame, session->spec.x.column), rows->mask,
                   session->sel_x);
    session->selected_rows = pk_row_set_ref((PkRowSet *)rows);
    if (session->spec.type == PK_PLOT_HISTOGRAM) {
        return TRUE; /* binned from sel_x by prepare */
    }
    gather_doubles(pk_frame_find_column(session->frame, session->spec.y.column), rows->mask,
                   session->sel_y);
    PkComputeDataset *ds = pk_compute_dataset_new(session->compute, n, error);
    if (ds == NULL) {
        return FALSE;
    }
    session->sxi = pk_compute_dataset_add_doubles(ds, session->sel_x);
    session->syi = pk_compute_dataset_add_doubles(ds, session->sel_y);
    session->sci = -1;
    if (session->cats.codes != NULL) {
        gather_codes(session->cats.codes, rows->mask, session->sel_codes);
        session->sci = (gint)pk_compute_dataset_add_codes(ds, session->sel_codes);
    }
    session->sds = ds;
    return TRUE;
}

gboolean pk_plot_session_set_selected_rows(PkPlotSession *session, const PkRowSet *rows,
                                           GError **error) {
    g_return_val_if_fail(session != NULL, FALSE);
    if (!check_takes_rows(session, error)) {
        return FALSE;
    }
    gsize n = pk_frame_get_n_rows(session->frame);
    if (rows != NULL && rows->mask->n_rows != n) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "the selection is over %" G_GSIZE_FORMAT " rows, this plot has %" G_GSIZE_FORMAT
                    "; its rows are not the same",
                    rows->mask->n_rows, n);
        return FALSE;
    }
    if ((session->spec.type == PK_PLOT_SCATTER && session->ds != NULL) ||
        session->spec.type == PK_PLOT_HISTOGRAM) {
        g_mutex_lock(&session->lock);
        gboolean ok = take_rows_gathered(session, rows, error);
        g_mutex_unlock(&session->lock);
        return ok;
    }
    PkFrame *selected = NULL;
    if (rows != NULL && (selected = gather_frame(session->frame, rows->mask, error)) == NULL) {
        return FALSE;
    }
    g_mutex_lock(&session->lock);
    g_clear_pointer(&session->sdata, pk_prep_data_free);
    pk_frame_unref(session->selected);
    session->selected = selected;
    g_mutex_unlock(&session->lock);
    return TRUE;
}

gint64 pk_session_n_selected(const PkPlotSession *session) {
    if (session->selected_rows != NULL) {
        return (gint64)session->selected_rows->mask->n_set;
    }
    return session->selected != NULL ? (gint64)pk_frame_get_n_rows(session->selected) : -1;
}
