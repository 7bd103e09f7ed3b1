/* shade.c — aggregated counts to colours: linear, log, cube root, histogram equalisation;
 * spreading; category blending.
 *
 * A PkShader is built per frame in two passes over the counts. For every count up to
 * TABLE_LIMIT it keeps the colour-map position in a table (and the colour, for the pixel
 * loop), so shading a frame is one table lookup per bin; larger counts (rare) are computed
 * directly. Histogram equalisation uses an exact histogram of the counts up to TABLE_LIMIT
 * and HI_BINS equal-width bins above it:
 *
 *     position(v) = (cdf(v) - cdf(min)) / (n_nonzero - cdf(min))     (1 when all are equal)
 *
 * where cdf(v) is the number of non-empty bins with a count <= v. Output pixels are
 * premultiplied ARGB32 with row 0 at the top (the grid's row 0 is the lowest y). */
#include "pika/error.h"
#include "pika/render-kit.h"

#include <math.h>
#include <string.h>

#define TABLE_LIMIT 65535u
#define HI_BINS 4096u

struct PkShader {
    PkShade shade;
    guint32 min, max;        /* over non-empty bins; max 0 when all are empty */
    guint32 limit;           /* tables cover 0..limit */
    float *position;         /* limit + 1 */
    guint64 *cdf;            /* eq_hist: limit + 1 cumulative counts, then HI_BINS */
    double hi_width;         /* eq_hist: width of the bins above limit */
    guint64 n_nonzero;
};

static double transform(PkShade shade, double v) {
    switch (shade) {
    case PK_SHADE_LOG:
        return log1p(v);
    case PK_SHADE_CBRT:
        return cbrt(v);
    default:
        return v;
    }
}

static guint64 cdf_at(const PkShader *s, guint32 v) {
    if (v <= s->limit) {
        return s->cdf[v];
    }
    guint bin = (guint)MIN((double)(v - s->limit - 1) / s->hi_width, HI_BINS - 1.0);
    return s->cdf[s->limit + 1 + bin];
}

static double compute_position(const PkShader *s, guint32 v) {
    if (v == 0 || s->max == 0) {
        return 0.0;
    }
    if (s->shade == PK_SHADE_EQ_HIST) {
        guint64 base = cdf_at(s, s->min);
        if (s->n_nonzero == base) {
            return 1.0;
        }
        return (double)(cdf_at(s, v) - base) / (double)(s->n_nonzero - base);
    }
    return transform(s->shade, v) / transform(s->shade, s->max);
}

static gboolean build_cdf(PkShader *s, const guint32 *counts, gsize n, GError **error) {
    gsize n_entries = (gsize)s->limit + 1 + HI_BINS;
    s->cdf = g_try_new0(guint64, n_entries);
    if (s->cdf == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "not enough memory to shade the frame");
        return FALSE;
    }
    s->hi_width = MAX(1.0, ((double)s->max - s->limit) / HI_BINS);
    for (gsize i = 0; i < n; i++) {
        guint32 v = counts[i];
        if (v == 0) {
            continue;
        }
        if (v <= s->limit) {
            s->cdf[v]++;
        } else {
            guint bin = (guint)MIN((double)(v - s->limit - 1) / s->hi_width, HI_BINS - 1.0);
            s->cdf[s->limit + 1 + bin]++;
        }
    }
    for (gsize i = 1; i < n_entries; i++) {
        s->cdf[i] += s->cdf[i - 1];
    }
    return TRUE;
}

PkShader *pk_shader_new(const guint32 *counts, gsize n, PkShade shade, GError **error) {
    PkShader *s = g_new0(PkShader, 1);
    s->shade = shade;
    s->min = G_MAXUINT32;
    for (gsize i = 0; i < n; i++) {
        guint32 v = counts[i];
        if (v != 0) {
            s->n_nonzero++;
            s->min = MIN(s->min, v);
            s->max = MAX(s->max, v);
        }
    }
    if (s->n_nonzero == 0) {
        s->min = 0;
    }
    s->limit = MIN(s->max, TABLE_LIMIT);
    s->position = g_try_new(float, (gsize)s->limit + 1);
    if (s->position == NULL ||
        (shade == PK_SHADE_EQ_HIST && !build_cdf(s, counts, n, error))) {
        if (s->position == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "not enough memory to shade the frame");
        }
        pk_shader_free(s);
        return NULL;
    }
    for (guint32 v = 0; v <= s->limit; v++) {
        s->position[v] = (float)compute_position(s, v);
    }
    return s;
}

void pk_shader_free(PkShader *shader) {
    if (shader == NULL) {
        return;
    }
    g_free(shader->position);
    g_free(shader->cdf);
    g_free(shader);
}

double pk_shader_position(const PkShader *shader, guint32 v) {
    return v <= shader->limit ? shader->position[v] : compute_position(shader, v);
}

guint32 pk_shader_get_max(const PkShader *shader) {
    return shader->max;
}

guint32 pk_shader_value_at(const PkShader *shader, double t) {
    guint32 lo = MAX(shader->min, 1u), hi = MAX(shader->max, 1u);
    while (lo < hi) { /* positions are monotone in v: the first v reaching t */
        guint32 mid = lo + (hi - lo) / 2;
        if (pk_shader_position(shader, mid) < t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Spreading: a separable square max filter of radius r that only fills empty cells. */
static gboolean spread(const guint32 *src, guint w, guint h, guint r, guint32 **out,
                       GError **error) {
    gsize n = (gsize)w * h;
    guint32 *tmp = g_try_new(guint32, n);
    guint32 *dst = g_try_new(guint32, n);
    if (tmp == NULL || dst == NULL) {
        g_free(tmp);
        g_free(dst);
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "not enough memory to spread the frame");
        return FALSE;
    }
    for (guint y = 0; y < h; y++) {
        const guint32 *row = src + (gsize)y * w;
        for (guint x = 0; x < w; x++) {
            guint32 m = 0;
            guint x0 = x >= r ? x - r : 0, x1 = MIN(x + r, w - 1);
            for (guint k = x0; k <= x1; k++) {
                m = MAX(m, row[k]);
            }
            tmp[(gsize)y * w + x] = m;
        }
    }
    for (guint y = 0; y < h; y++) {
        guint y0 = y >= r ? y - r : 0, y1 = MIN(y + r, h - 1);
        for (guint x = 0; x < w; x++) {
            gsize i = (gsize)y * w + x;
            guint32 m = 0;
            for (guint k = y0; k <= y1 && src[i] == 0; k++) {
                m = MAX(m, tmp[(gsize)k * w + x]);
            }
            dst[i] = src[i] != 0 ? src[i] : m;
        }
    }
    g_free(tmp);
    *out = dst;
    return TRUE;
}

gboolean pk_shade_counts(const guint32 *counts, guint width, guint height, PkShade shade,
                         PkColormap colormap, guint spread_px, guint32 *out, gsize stride_px,
                         GError **error) {
    gsize n = (gsize)width * height;
    g_autofree guint32 *spread_counts = NULL;
    g_autofree guint32 *colors = NULL;
    PkShader *shader = pk_shader_new(counts, n, shade, error);
    if (shader == NULL) {
        return FALSE;
    }
    const guint32 *lut = pk_colormap_get_lut(colormap);
    colors = g_new(guint32, (gsize)shader->limit + 1);
    for (guint32 v = 0; v <= shader->limit; v++) {
        colors[v] = v == 0 ? 0u : lut[(int)(shader->position[v] * 255.0f + 0.5f)];
    }
    const guint32 *src = counts;
    if (spread_px > 0 && n > 0) {
        if (!spread(counts, width, height, spread_px, &spread_counts, error)) {
            pk_shader_free(shader);
            return FALSE;
        }
        src = spread_counts;
    }
    guint32 limit = shader->limit;
    for (guint y = 0; y < height; y++) {
        const guint32 *row = src + (gsize)(height - 1 - y) * width;
        guint32 *dst = out + (gsize)y * stride_px;
        for (guint x = 0; x < width; x++) {
            guint32 v = row[x];
            dst[x] = v <= limit
                         ? colors[v]
                         : lut[(int)(pk_shader_position(shader, v) * 255.0 + 0.5)];
        }
    }
    pk_shader_free(shader);
    return TRUE;
}

static guint32 blend_pixel(const guint32 *planes, gsize plane_size, gsize i, guint n_cat,
                           const guint32 *colors, guint32 total, double alpha) {
    double r = 0, g = 0, b = 0;
    for (guint c = 0; c < n_cat; c++) {
        guint32 k = planes[c * plane_size + i];
        if (k != 0) {
            r += k * (double)((colors[c] >> 16) & 0xff);
            g += k * (double)((colors[c] >> 8) & 0xff);
            b += k * (double)(colors[c] & 0xff);
        }
    }
    double f = alpha / total; /* mean colour, premultiplied by alpha */
    guint32 a8 = (guint32)lround(alpha * 255.0);
    return (a8 << 24) | ((guint32)lround(r * f) << 16) | ((guint32)lround(g * f) << 8) |
           (guint32)lround(b * f);
}

gboolean pk_shade_categories(const guint32 *planes, guint n_categories, const guint32 *colors,
                             guint width, guint height, PkShade shade, guint spread_px,
                             guint32 *out, gsize stride_px, GError **error) {
    gsize n = (gsize)width * height;
    g_autofree guint32 *totals = g_try_new0(guint32, MAX(n, 1));
    if (totals == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "not enough memory to shade the frame");
        return FALSE;
    }
    for (guint c = 0; c < n_categories; c++) {
        const guint32 *plane = planes + c * n;
        for (gsize i = 0; i < n; i++) {
            totals[i] += plane[i];
        }
    }
    PkShader *shader = pk_shader_new(totals, n, shade, error);
    if (shader == NULL) {
        return FALSE;
    }
    g_autofree guint32 *image = g_new0(guint32, MAX(n, 1));
    for (guint y = 0; y < height; y++) {
        gsize row = (gsize)(height - 1 - y) * width;
        for (guint x = 0; x < width; x++) {
            guint32 total = totals[row + x];
            if (total != 0) {
                double alpha = 0.25 + 0.75 * pk_shader_position(shader, total);
                image[(gsize)y * width + x] =
                    blend_pixel(planes, n, row + x, n_categories, colors, total, alpha);
            }
        }
    }
    pk_shader_free(shader);
    g_autofree guint32 *spread_image = NULL;
    if (spread_px > 0 && n > 0 && !spread(image, width, height, spread_px, &spread_image, error)) {
        return FALSE;
    }
    const guint32 *src = spread_image != NULL ? spread_image : image;
    for (guint y = 0; y < height; y++) {
        memcpy(out + (gsize)y * stride_px, src + (gsize)y * width, width * sizeof(guint32));
    }
    return TRUE;
}
