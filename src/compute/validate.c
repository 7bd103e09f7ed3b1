/* validate.c — checks every request at the public door, so backends only ever see valid,
 * linear requests. Errors are PK_ERROR_INVALID (or PK_ERROR_TOO_LARGE for grids beyond the
 * limits) with a message naming the field. The scale check guarantees the bin formula's
 * float32 scale n / (hi - lo) is a normal, finite number. */
#include "compute-private.h"

#include "pika/error.h"

#include <float.h>
#include <math.h>

gboolean pk_validate_axis(const char *what, double lo, double hi, guint n, guint max_n, PkAxis axis,
                          GError **error) {
    if (n == 0 || n > max_n) {
        g_set_error(error, PK_ERROR, n == 0 ? PK_ERROR_INVALID : PK_ERROR_TOO_LARGE,
                    "%s: %u bins; between 1 and %u are allowed", what, n, max_n);
        return FALSE;
    }
    if (!isfinite(lo) || !isfinite(hi) || !(lo < hi)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s: range [%g, %g) must be finite and non-empty", what, lo, hi);
        return FALSE;
    }
    if (axis == PK_AXIS_LOG) {
        if (!(lo > 0.0)) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "%s: a log axis needs a positive range, got [%g, %g)", what, lo, hi);
            return FALSE;
        }
        lo = log10(lo);
        hi = log10(hi);
    }
    double width = hi - lo;
    double scale = (double)n / width;
    if (!(lo < hi) || !isfinite(width) || !((float)scale >= FLT_MIN) || !isfinite((float)scale)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s: range [%g, %g) is too wide or too narrow to bin in %u bins", what, lo, hi,
                    n);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_doubles(PkComputeDataset *dataset, const char *what, guint column,
                              GError **error) {
    if (!pk_dataset_is_doubles(dataset, column)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s: column %u is not a numeric column of this dataset", what, column);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_codes(PkComputeDataset *dataset, const char *what, guint column,
                            GError **error) {
    if (!pk_dataset_is_codes(dataset, column)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s: column %u is not a category column of this dataset", what, column);
        return FALSE;
    }
    return TRUE;
}

gboolean pk_validate_predicate(PkComputeDataset *dataset, const PkPredicate *p, GError **error) {
    switch (p->kind) {
    case PK_PREDICATE_NONE:
        return TRUE;
    case PK_PREDICATE_BOX:
        return check_doubles(dataset, "box predicate x", p->x_column, error) &&
               check_doubles(dataset, "box predicate y", p->y_column, error);
    case PK_PREDICATE_POLYGON:
        if (p->polygon == NULL || p->n_vertices < 3) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "polygon predicate: needs at least 3 vertices, got %u", p->n_vertices);
            return FALSE;
        }
        return check_doubles(dataset, "polygon predicate x", p->x_column, error) &&
               check_doubles(dataset, "polygon predicate y", p->y_column, error);
    case PK_PREDICATE_CATEGORIES:
        if (p->category_set == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "category predicate: the category set is missing");
            return FALSE;
        }
        return check_codes(dataset, "category predicate", p->category_column, error);
    case PK_PREDICATE_MASK:
        if (p->mask == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "mask predicate: the mask is missing");
            return FALSE;
        }
        return TRUE;
    }
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "unknown predicate kind %d", (int)p->kind);
    return FALSE;
}

static gboolean validate_value(PkComputeDataset *dataset, const PkBin2dRequest *r, GError **error) {
    if ((guint)r->agg > PK_AGG_MAX) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "bin2d: unknown aggregate %d", r->agg);
        return FALSE;
    }
    if (r->agg == PK_AGG_COUNT) {
        return TRUE;
    }
    if (r->value_column < 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "bin2d: a sum, mean, min or max needs a value column");
        return FALSE;
    }
    return check_doubles(dataset, "bin2d value", (guint)r->value_column, error);
}

static gboolean validate_categories(PkComputeDataset *dataset, const PkBin2dRequest *r,
                                    GError **error) {
    if (r->category_column < 0) {
        return TRUE;
    }
    if (r->n_categories == 0 || r->n_categories > PK_COMPUTE_MAX_CATEGORIES) {
        g_set_error(error, PK_ERROR, PK_ERROR_TOO_LARGE,
                    "bin2d: %u category planes; between 1 and %u are allowed", r->n_categories,
                    PK_COMPUTE_MAX_CATEGORIES);
        return FALSE;
    }
    return check_codes(dataset, "bin2d category", (guint)r->category_column, error);
}

gboolean pk_validate_bin2d(PkComputeDataset *dataset, const PkBin2dRequest *r, GError **error) {
    const PkViewport *v = &r->viewport;
    return pk_validate_axis("bin2d x axis", v->x0, v->x1, v->width, PK_COMPUTE_MAX_GRID_SIDE,
                            v->x_axis, error) &&
           pk_validate_axis("bin2d y axis", v->y0, v->y1, v->height, PK_COMPUTE_MAX_GRID_SIDE,
                            v->y_axis, error) &&
           check_doubles(dataset, "bin2d x", r->x_column, error) &&
           check_doubles(dataset, "bin2d y", r->y_column, error) &&
           validate_value(dataset, r, error) && validate_categories(dataset, r, error) &&
           (r->selection == NULL || pk_validate_predicate(dataset, r->selection, error));
}

gboolean pk_validate_hist1d(PkComputeDataset *dataset, const PkHist1dRequest *r, GError **error) {
    return pk_validate_axis("hist1d", r->lo, r->hi, r->n_bins, PK_HIST1D_MAX_BINS, r->axis,
                            error) &&
           check_doubles(dataset, "hist1d", r->column, error) &&
           (r->selection == NULL || pk_validate_predicate(dataset, r->selection, error));
}

gboolean pk_validate_m4(PkComputeDataset *dataset, const PkM4Request *r, GError **error) {
    return pk_validate_axis("m4 x axis", r->x0, r->x1, r->width, PK_M4_MAX_WIDTH, PK_AXIS_LINEAR,
                            error) &&
           check_doubles(dataset, "m4 x", r->x_column, error) &&
           check_doubles(dataset, "m4 y", r->y_column, error) &&
           (r->filter == NULL || pk_validate_predicate(dataset, r->filter, error));
}
