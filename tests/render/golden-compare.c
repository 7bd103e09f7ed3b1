/* golden-compare.c — see golden-compare.h. Pixels are compared channel by channel on the
 * premultiplied ARGB32 words cairo holds (the references are opaque, so premultiplying
 * changes nothing). */
#include "golden-compare.h"

#include <glib/gstdio.h>

#define WHOLE_TOLERANCE 24       /* levels: a pixel differs when a channel differs by more */
#define WHOLE_MAX_FRACTION 0.002 /* share of the picture's pixels that may differ */
#define AREA_INSET 2             /* pixels of the plot area's border left out (axis lines) */
#define AREA_TOLERANCE 8         /* levels, inside the plot area */
#define AREA_MAX_FRACTION 0.02   /* share of the plot area's pixels that may differ */
#define AREA_MAX_MEAN 1.0        /* mean absolute channel difference in the plot area */

/* The largest channel difference of two pixels, and their summed absolute differences. */
static int pixel_difference(guint32 a, guint32 b, int *sum) {
    int largest = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        int d = ABS((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff));
        largest = MAX(largest, d);
        *sum += d;
    }
    return largest;
}

gboolean pk_golden_compare(cairo_surface_t *actual, cairo_surface_t *expected, const PkRect *area,
                           PkGoldenDiff *out_diff) {
    int w = cairo_image_surface_get_width(actual), h = cairo_image_surface_get_height(actual);
    g_assert_cmpint(cairo_image_surface_get_width(expected), ==, w);
    g_assert_cmpint(cairo_image_surface_get_height(expected), ==, h);
    cairo_surface_flush(actual);
    cairo_surface_flush(expected);
    const guint8 *pa = cairo_image_surface_get_data(actual);
    const guint8 *pb = cairo_image_surface_get_data(expected);
    int sa = cairo_image_surface_get_stride(actual), sb = cairo_image_surface_get_stride(expected);
    int x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    if (area != NULL) {
        x0 = MAX((int)area->x + AREA_INSET, 0);
        y0 = MAX((int)area->y + AREA_INSET, 0);
        x1 = MIN((int)(area->x + area->width) - AREA_INSET, w);
        y1 = MIN((int)(area->y + area->height) - AREA_INSET, h);
    }
    PkGoldenDiff d = {0, (guint)(w * h), 0.0, 0, 0};
    guint64 area_sum = 0;
    for (int y = 0; y < h; y++) {
        const guint32 *ra = (const guint32 *)(pa + y * sa), *rb = (const guint32 *)(pb + y * sb);
        for (int x = 0; x < w; x++) {
            int sum = 0;
            int largest = pixel_difference(ra[x], rb[x], &sum);
            d.n_differ += largest > WHOLE_TOLERANCE;
            if (x >= x0 && x < x1 && y >= y0 && y < y1) {
                d.area_n_pixels++;
                d.area_n_differ += largest > AREA_TOLERANCE;
                area_sum += (guint64)sum;
            }
        }
    }
    if (area != NULL) {
        g_assert_cmpuint(d.area_n_pixels, >, 0); /* an empty area would check nothing */
        d.area_mean = (double)area_sum / (4.0 * d.area_n_pixels);
    }
    if (out_diff != NULL) {
        *out_diff = d;
    }
    return d.n_differ <= WHOLE_MAX_FRACTION * d.n_pixels &&
           d.area_n_differ <= AREA_MAX_FRACTION * d.area_n_pixels && d.area_mean <= AREA_MAX_MEAN;
}

cairo_surface_t *pk_golden_load(const char *path) {
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(png);
        return NULL;
    }
    cairo_surface_t *out =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(png),
                                   cairo_image_surface_get_height(png));
    cairo_t *cr = cairo_create(out);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    cairo_surface_flush(out);
    return out;
}

char *pk_golden_path(const char *file) {
    return g_build_filename(g_getenv("PIKA_SOURCE_DIR"), "tests", "render", "golden", file, NULL);
}

void pk_golden_check(cairo_surface_t *actual, const char *file, const PkRect *area) {
    g_autofree char *golden = pk_golden_path(file);
    if (g_strcmp0(g_getenv("PIKA_UPDATE_GOLDEN"), "1") == 0) {
        g_assert_cmpint(cairo_surface_write_to_png(actual, golden), ==, CAIRO_STATUS_SUCCESS);
        g_test_message("wrote %s", golden);
        return;
    }
    cairo_surface_t *expected = pk_golden_load(golden);
    if (expected == NULL) {
        g_error("cannot read reference %s (run with PIKA_UPDATE_GOLDEN=1 to create it)", golden);
    }
    PkGoldenDiff d;
    gboolean same = pk_golden_compare(actual, expected, area, &d);
    cairo_surface_destroy(expected);
    if (!same) {
        g_autofree char *dir = g_build_filename(g_getenv("PIKA_BUILD_DIR"), "golden-actual", NULL);
        g_mkdir_with_parents(dir, 0755);
        g_autofree char *out = g_build_filename(dir, file, NULL);
        cairo_surface_write_to_png(actual, out);
        g_error("%s differs from the reference: %u of %u pixels beyond %d levels (at most %.1f%%); "
                "plot area: mean difference %.2f levels (at most %.1f), %u of %u pixels beyond "
                "%d levels (at most %.0f%%); drawn picture: %s",
                golden, d.n_differ, d.n_pixels, WHOLE_TOLERANCE, 100 * WHOLE_MAX_FRACTION,
                d.area_mean, AREA_MAX_MEAN, d.area_n_differ, d.area_n_pixels, AREA_TOLERANCE,
                100 * AREA_MAX_FRACTION, out);
    }
}
