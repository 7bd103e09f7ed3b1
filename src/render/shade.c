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
#include "render-private.h"

#include <math.h>
#include <string.h>

#define TABLE_LIMIT 65535u
#define HI_BINS 4096u
#define SCAN_BLOCK 65536u
#define N_SUB_HIST 4u /* interleaved histograms: runs of equal counts do not serialise */

struct PkShader {
    PkShade shade;
    guint32 min, max;       /* over non-empty bins; max 0 when all are empty */
    guint32 limit;          /* exact tables cover 0..limit */
    guint64 *cdf;           /* eq_hist: limit + 1 cumulative counts, then HI_BINS */
    double hi_width;        /* eq_hist: width of the bins above limit */
    double max_transformed; /* transform(max) */
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

static guint hi_bin(const PkShader *s, guint32 v) {
    return (guint)MIN((double)(v - s->limit - 1) / s->hi_width, HI_BINS - 1.0);
}

static guint64 cdf_at(const PkShader *s, guint32 v) {
    return v <= s->limit ? s->cdf[v] : s->cdf[s->limit + 1 + hi_bin(s, v)];
}

static double compute_position(const PkShader *s, guint32 v) {
    if (v == 0 || s->max == 0) {
        return 0.0;
    }
    if (s->shade == PK_SHADE_EQ_HIST) {
        guint64 base = cdf_at(s, s->min), at = cdf_at(s, v);
        if (s->n_nonzero == base) {
            return 1.0;
        }
        /* below the smallest count (the colour table starts at 1): the bottom colour */
        return at <= base ? 0.0 : (double)(at - base) / (double)(s->n_nonzero - base);
    }
    return transform(s->shade, v) / s->max_transformed;
}

/* One branch-free pass that vectorises: v - 1 wraps empty bins to G_MAXUINT32, so the
 * smallest v - 1 gives the smallest non-empty count; non-empty bins are counted in 32-bit
 * blocks (a 64-bit sum of comparisons does not vectorise). */
static void scan_counts(PkShader *s, const guint32 *counts, gsize n) {
    guint32 max = 0, min_less_one = G_MAXUINT32;
    guint64 n_nonzero = 0;
    for (gsize i = 0; i < n;) {
        gsize end = MIN(n, i + SCAN_BLOCK);
        guint32 block = 0;
        for (; i < end; i++) {
            guint32 v = counts[i];
            block += v != 0;
            max = MAX(max, v);
            min_less_one = MIN(min_less_one, v - 1u);
        }
        n_nonzero += block;
    }
    s->n_nonzero = n_nonzero;
    s->max = max;
    s->min = n_nonzero == 0 ? 0 : min_less_one + 1u;
}

/* eq_hist: counts above limit land in slot limit + 1 of the exact histogram and, in a
 * second pass taken only when there are any, in the HI_BINS coarse bins. */
static gboolean build_cdf(PkShader *s, const guint32 *counts, gsize n, GError **error) {
    gsize n_entries = (gsize)s->limit + 1 + HI_BINS;
    gsize sub_size = (gsize)s->limit + 2;
    guint32 *sub = g_try_new0(guint32, sub_size * N_SUB_HIST);
    s->cdf = g_try_new0(guint64, n_entries);
    g_assert(n <= G_MAXUINT32); /* grids are at most 4096 × 4096 */
    if (s->cdf == NULL || sub == NULL) {
        g_free(sub);
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "not enough memory to shade the frame");
        return FALSE;
    }
    guint32 top = s->limit + 1;
    gsize i = 0;
    for (; i + N_SUB_HIST <= n; i += N_SUB_HIST) {
        for (guint k = 0; k < N_SUB_HIST; k++) {
            sub[k * sub_size + MIN(counts[i + k], top)]++;
        }
    }
    for (; i < n; i++) {
        sub[MIN(counts[i], top)]++;
    }
    for (gsize v = 1; v <= s->limit; v++) {
        for (guint k = 0; k < N_SUB_HIST; k++) {
            s->cdf[v] += sub[k * sub_size + v];
        }
    }
    g_free(sub);
    s->hi_width = MAX(1.0, ((double)s->max - s->limit) / HI_BINS);
    if (s->max > s->limit) {
        for (i = 0; i < n; i++) {
            if (counts[i] > s->limit) {
                s->cdf[s->limit + 1 + hi_bin(s, counts[i])]++;
            }
        }
    }
    for (gsize v = 1; v < n_entries; v++) {
        s->cdf[v] += s->cdf[v - 1];
    }
    return TRUE;
}

PkShader *pk_shader_new(const guint32 *counts, gsize n, PkShade shade, GError **error) {
    PkShader *s = g_new0(PkShader, 1);
    s->shade = shade;
    scan_counts(s, counts, n);
    s->limit = MIN(s->max, TABLE_LIMIT);
    s->max_transformed = transform(shade, s->max);
    if (shade == PK_SHADE_EQ_HIST && !build_cdf(s, counts, n, error)) {
        pk_shader_free(s);
        return NULL;
    }
    return s;
}

void pk_shader_free(PkShader *shader) {
    if (shader == NULL) {
        return;
    }
    g_free(shader->cdf);
    g_free(shader);
}

/* Positions of counts within the tables are rounded to float, as the colour table is. */
double pk_shader_position(const PkShader *shader, guint32 v) {
    double t = compute_position(shader, v);
    return v <= shader->limit ? (float)t : t;
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

static guint color_index(const PkShader *s, guint32 v) {
    return (guint)((float)compute_position(s, v) * 255.0f + 0.5f);
}

/* Fills colors[lo..hi] knowing the colour index of both ends. The index is monotone in v,
 * so equal ends mean an equal run: about 256 × log2(limit) positions are computed instead of
 * one per count. */
static void fill_colors(const PkShader *s, const guint32 *lut, guint32 *colors, guint32 lo,
                        guint ilo, guint32 hi, guint ihi) {
    while (ilo != ihi && hi - lo > 1) {
        guint32 mid = lo + (hi - lo) / 2;
        guint imid = color_index(s, mid);
        fill_colors(s, lut, colors, lo, ilo, mid, imid);
        lo = mid, ilo = imid;
    }
    for (guint32 v = lo; v <= hi; v++) {
        colors[v] = lut[v == lo ? ilo : ihi];
    }
}

static guint32 *dup_colors(const PkShader *shader, const guint32 *lut) {
    guint32 *colors = g_new(guint32, (gsize)shader->limit + 1);
    colors[0] = 0;
    if (shader->limit >= 1) {
        fill_colors(shader, lut, colors, 1, color_index(shader, 1), shader->limit,
                    color_index(shader, shader->limit));
    }
    return colors;
}

/* The per-pixel loop over rows [y0, y1) of the output: one table load per bin; counts beyond
 * the table are computed. With over, empty bins leave out as it is (it already holds what
 * lies under the layer). */
typedef struct {
    const PkShader *shader;
    const guint32 *colors, *lut, *src;
    guint width, height;
    gboolean over;
    guint32 *out;
    gsize stride_px;
    guint n_parts;
} ShadeJob;

static void shade_rows(const ShadeJob *job, guint y0, guint y1) {
    const PkShader *shader = job->shader;
    guint32 limit = shader->limit;
    for (guint y = y0; y < y1; y++) {
        const guint32 *row = job->src + (gsize)(job->height - 1 - y) * job->width;
        guint32 *dst = job->out + (gsize)y * job->stride_px;
        for (guint x = 0; x < job->width; x++) {
            guint32 v = row[x];
            guint32 c = v <= limit ? job->colors[v]
                                   : job->lut[(int)(pk_shader_position(shader, v) * 255.0 + 0.5)];
            dst[x] = job->over && c == 0 ? dst[x] : c;
        }
    }
}

typedef struct {
    const ShadeJob *job;
    guint part;
} ShadePart;

static gpointer shade_part(gpointer data) {
    const ShadePart *p = data;
    guint h = p->job->height, n = p->job->n_parts;
    shade_rows(p->job, (guint)((guint64)h * p->part / n), (guint)((guint64)h * (p->part + 1) / n));
    return NULL;
}

/* Large frames are shaded by up to one thread per processor (the loop is bound by memory
 * bandwidth: 4 bytes read and 4 written per bin), each over a band of rows. */
#define SHADE_PARALLEL_MIN_BINS (1u << 18)
#define SHADE_MAX_THREADS 4

static void shade_frame(ShadeJob *job) {
    gsize n = (gsize)job->width * job->height;
    job->n_parts = n < SHADE_PARALLEL_MIN_BINS
                       ? 1
                       : MIN(MIN(g_get_num_processors(), SHADE_MAX_THREADS), job->height);
    GThread *threads[SHADE_MAX_THREADS];
    ShadePart parts[SHADE_MAX_THREADS];
    for (guint i = 1; i < job->n_parts; i++) {
        parts[i] = (ShadePart){job, i};
        threads[i] = g_thread_new("pika-shade", shade_part, &parts[i]);
    }
    parts[0] = (ShadePart){job, 0};
    shade_part(&parts[0]);
    for (guint i = 1; i < job->n_parts; i++) {
        g_thread_join(threads[i]);
    }
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

gboolean pk_shade_counts_lut_with(const PkShader *shader, const guint32 *counts, guint width,
                                  guint height, const guint32 *lut, guint spread_px, gboolean over,
                                  guint32 *out, gsize stride_px, GError **error) {
    gsize n = (gsize)width * height;
    g_autofree guint32 *spread_counts = NULL;
    const guint32 *src = counts;
    if (spread_px > 0 && n > 0) {
        if (!spread(counts, width, height, spread_px, &spread_counts, error)) {
            return FALSE;
        }
        src = spread_counts;
    }
    g_autofree guint32 *colors = dup_colors(shader, lut);
    ShadeJob job = {shader, colors, lut, src, width, height, over, out, stride_px, 1};
    shade_frame(&job);
    return TRUE;
}

gboolean pk_shade_counts_with(const PkShader *shader, const guint32 *counts, guint width,
                              guint height, PkColormap colormap, guint spread_px, gboolean over,
                              guint32 *out, gsize stride_px, GError **error) {
    return pk_shade_counts_lut_with(shader, counts, width, height, pk_colormap_get_lut(colormap),
                                    spread_px, over, out, stride_px, error);
}

gboolean pk_shade_counts(const guint32 *counts, guint width, guint height, PkShade shade,
                         PkColormap colormap, guint spread_px, guint32 *out, gsize stride_px,
                         GError **error) {
    PkShader *shader = pk_shader_new(counts, (gsize)width * height, shade, error);
    if (shader == NULL) {
        return FALSE;
    }
    gboolean ok = pk_shade_counts_with(shader, counts, width, height, colormap, spread_px, FALSE,
                                       out, stride_px, error);
    pk_shader_free(shader);
    return ok;
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
    g_autofree double *alphas = g_new(double, (gsize)shader->limit + 1);
    for (guint32 v = 0; v <= shader->limit; v++) {
        alphas[v] = 0.25 + 0.75 * pk_shader_position(shader, v);
    }
    g_autofree guint32 *image = g_new0(guint32, MAX(n, 1));
    for (guint y = 0; y < height; y++) {
        gsize row = (gsize)(height - 1 - y) * width;
        for (guint x = 0; x < width; x++) {
            guint32 total = totals[row + x];
            if (total != 0) {
                double alpha = total <= shader->limit
                                   ? alphas[total]
                                   : 0.25 + 0.75 * pk_shader_position(shader, total);
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
