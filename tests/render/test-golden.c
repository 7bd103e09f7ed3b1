/* Golden-image tests: every plot type in both themes drawn at 400 × 300 and compared with the
 * committed reference PNGs in tests/render/golden/ (the rules are in golden-compare.h; tests
 * here show that a uniform colour shift fails them and sparse antialiasing noise does not).
 * Run with PIKA_UPDATE_GOLDEN=1 to rewrite the references (then look at every one of them).
 * A failing comparison leaves the picture drawn under $PIKA_BUILD_DIR/golden-actual/.
 * Also: export to each format, HiDPI scale, and the export error paths. */
#include "golden-compare.h"
#include "pika-test.h"
#include "golden-scenes.h"
#include "pika/core.h"
#include "pika/render.h"

#include <glib/gstdio.h>
#include <string.h>

#define WIDTH 400
#define HEIGHT 300

static void check_golden(gconstpointer data) {
    const char *id = data; /* "<scene>-<theme>" */
    const char *dash = strrchr(id, '-');
    g_autofree char *name = g_strndup(id, (gsize)(dash - id));
    PkTheme theme = strcmp(dash + 1, "dark") == 0 ? PK_THEME_DARK : PK_THEME_LIGHT;
    PkScene *scene = pk_golden_scene_new(name, theme, WIDTH, HEIGHT);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *actual = pk_render_to_image(scene, WIDTH, HEIGHT, 1.0, &error);
    g_assert_no_error(error);
    PkRect area;
    pk_layout_plot_area(scene, WIDTH, HEIGHT, &area);
    pk_scene_free(scene);
    g_autofree char *file = g_strdup_printf("%s.png", id);
    pk_golden_check(actual, file, &area);
    cairo_surface_destroy(actual);
}

/* The reference of a golden scene and its plot area. */
static cairo_surface_t *load_reference(const char *name, PkTheme theme, PkRect *out_area) {
    PkScene *scene = pk_golden_scene_new(name, theme, WIDTH, HEIGHT);
    pk_layout_plot_area(scene, WIDTH, HEIGHT, out_area);
    pk_scene_free(scene);
    g_autofree char *file =
        g_strdup_printf("%s-%s.png", name, theme == PK_THEME_DARK ? "dark" : "light");
    g_autofree char *path = pk_golden_path(file);
    cairo_surface_t *image = pk_golden_load(path);
    g_assert_nonnull(image);
    return image;
}

/* An opaque pixel with each colour channel moved by levels towards the middle. */
static guint32 moved_pixel(guint32 pixel, int levels) {
    guint32 out = pixel & 0xff000000u;
    for (int shift = 0; shift < 24; shift += 8) {
        int c = (int)((pixel >> shift) & 0xff);
        c += c < 128 ? levels : -levels;
        out |= (guint32)c << shift;
    }
    return out;
}

/* A copy of image with every colour channel moved by `levels` towards the middle (so that no
 * channel clips: each changes by exactly that much), inside area or (NULL) everywhere. */
static cairo_surface_t *shifted(cairo_surface_t *image, int levels, const PkRect *area) {
    int w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
    cairo_surface_t *out = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    int stride = cairo_image_surface_get_stride(out);
    memcpy(cairo_image_surface_get_data(out), cairo_image_surface_get_data(image),
           (gsize)stride * h);
    guint8 *data = cairo_image_surface_get_data(out);
    for (int y = 0; y < h; y++) {
        guint32 *row = (guint32 *)(data + y * stride);
        for (int x = 0; x < w; x++) {
            if (area != NULL && !(x >= area->x && x < area->x + area->width && y >= area->y &&
                                  y < area->y + area->height)) {
                continue;
            }
            row[x] = moved_pixel(row[x], levels);
        }
    }
    cairo_surface_mark_dirty(out);
    return out;
}

static void test_uniform_shift_of_20_levels_fails(void) {
    for (guint t = 0; t < 2; t++) {
        PkRect area;
        cairo_surface_t *ref =
            load_reference("scatter-density", t ? PK_THEME_DARK : PK_THEME_LIGHT, &area);
        cairo_surface_t *moved = shifted(ref, 20, NULL);
        PkGoldenDiff d;
        g_assert_false(pk_golden_compare(moved, ref, &area, &d));
        g_assert_cmpuint(d.n_differ, ==, 0); /* the whole-picture rule alone lets it through */
        g_assert_cmpfloat(d.area_mean, >, 14.0);
        cairo_surface_destroy(moved);
        /* the same shift inside the plot area only (a colour map or shading gone wrong) */
        moved = shifted(ref, 20, &area);
        g_assert_false(pk_golden_compare(moved, ref, &area, &d));
        cairo_surface_destroy(moved);
        /* and a picture is the same as itself */
        g_assert_true(pk_golden_compare(ref, ref, &area, &d));
        g_assert_cmpuint(d.n_differ + d.area_n_differ, ==, 0);
        cairo_surface_destroy(ref);
    }
}

/* Antialiasing noise between machines: a few pixels off by a lot. 0.15% of the pixels, spread
 * over the picture (plot area included), each channel moved by 60 levels, passes both rules. */
static void test_sparse_antialiasing_noise_passes(void) {
    PkRect area;
    cairo_surface_t *ref = load_reference("scatter-categories", PK_THEME_LIGHT, &area);
    cairo_surface_t *noisy = shifted(ref, 0, NULL);
    guint8 *data = cairo_image_surface_get_data(noisy);
    int stride = cairo_image_surface_get_stride(noisy);
    GRand *rand = g_rand_new_with_seed(20240607);
    guint n = (guint)(0.0015 * WIDTH * HEIGHT);
    for (guint i = 0; i < n; i++) {
        int x = g_rand_int_range(rand, 0, WIDTH), y = g_rand_int_range(rand, 0, HEIGHT);
        guint32 *p = (guint32 *)(data + y * stride) + x;
        *p = moved_pixel(*p, 60);
    }
    g_rand_free(rand);
    cairo_surface_mark_dirty(noisy);
    PkGoldenDiff d;
    gboolean same = pk_golden_compare(noisy, ref, &area, &d);
    g_test_message("noise: %u pixels beyond 24 levels, plot area mean %.3f, %u beyond 8",
                   d.n_differ, d.area_mean, d.area_n_differ);
    g_assert_cmpuint(d.n_differ, >, n / 2); /* the noise is there */
    g_assert_true(same);
    cairo_surface_destroy(noisy);
    cairo_surface_destroy(ref);
}

static char *temp_path(const char *name) {
    g_autofree char *dir = g_dir_make_tmp("pika-render-XXXXXX", NULL);
    return g_build_filename(dir, name, NULL);
}

static void remove_temp(const char *path) {
    g_unlink(path);
    g_autofree char *dir = g_path_get_dirname(path);
    g_rmdir(dir);
}

static void test_export_writes_each_format(void) {
    PkScene *scene = pk_golden_scene_new("scatter-density", PK_THEME_LIGHT, WIDTH, HEIGHT);
    static const char *const names[] = {"plot.png", "plot.svg", "plot.PDF"};
    static const char *const magic[] = {"\x89PNG", "<?xml", "%PDF"};
    for (guint i = 0; i < 3; i++) {
        g_autofree char *path = temp_path(names[i]);
        PkExportFormat format;
        g_assert_true(pk_export_format_from_path(path, &format, NULL));
        g_autoptr(GError) error = NULL;
        g_assert_true(pk_render_export(scene, path, format, WIDTH, HEIGHT, 1.0, &error));
        g_assert_no_error(error);
        g_autofree char *contents = NULL;
        gsize size = 0;
        g_assert_true(g_file_get_contents(path, &contents, &size, NULL));
        g_assert_cmpuint(size, >, 1000);
        g_assert_true(memcmp(contents, magic[i], strlen(magic[i])) == 0);
        if (format == PK_EXPORT_SVG) { /* density embedded as an image, axes as vectors */
            g_assert_nonnull(strstr(contents, "<image"));
            g_assert_nonnull(strstr(contents, "<path"));
        }
        remove_temp(path);
    }
    pk_scene_free(scene);
}

static void test_scale_factor_multiplies_pixels(void) {
    PkScene *scene = pk_golden_scene_new("line", PK_THEME_DARK, WIDTH, HEIGHT);
    cairo_surface_t *image = pk_render_to_image(scene, WIDTH, HEIGHT, 2.0, NULL);
    g_assert_cmpint(cairo_image_surface_get_width(image), ==, 2 * WIDTH);
    g_assert_cmpint(cairo_image_surface_get_height(image), ==, 2 * HEIGHT);
    cairo_surface_destroy(image);
    pk_scene_free(scene);
}

static void test_export_errors(void) {
    PkScene *scene = pk_golden_scene_new("box", PK_THEME_LIGHT, WIDTH, HEIGHT);
    PkExportFormat format;
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_export_format_from_path("plot.jpg", &format, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(error->message, ".png, .svg or .pdf"));
    g_clear_error(&error);
    g_assert_false(pk_render_export(scene, "/nonexistent-dir/plot.png", PK_EXPORT_PNG, WIDTH,
                                    HEIGHT, 1.0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_IO);
    g_assert_nonnull(strstr(error->message, "/nonexistent-dir/plot.png"));
    g_clear_error(&error);
    g_assert_false(pk_render_export(scene, "/nonexistent-dir/plot.svg", PK_EXPORT_SVG, WIDTH,
                                    HEIGHT, 1.0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_IO);
    g_clear_error(&error);
    g_assert_null(pk_render_to_image(scene, 0, HEIGHT, 1.0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "is not a size"));
    g_clear_error(&error);
    /* Too many pixels is refused before anything is allocated, naming the limit. */
    g_assert_false(pk_render_export(scene, "/nonexistent-dir/plot.png", PK_EXPORT_PNG, 16384, 16384,
                                    8.0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "16384 pixels a side"));
    g_clear_error(&error);
    g_assert_false(pk_render_check_size(9000, 9000, 1.0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "64 million pixels"));
    g_clear_error(&error);
    g_assert_true(pk_render_check_size(1920, 1080, 4.0, &error));
    pk_scene_free(scene);
}

/* Draws scene through a recording surface, which takes the general path (shaded image
 * composited onto the page), and replays it onto an image. */
static cairo_surface_t *draw_via_recording(const PkScene *scene) {
    cairo_surface_t *recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(recording);
    g_assert_true(pk_render_draw(cr, scene, WIDTH, HEIGHT, 1.0, NULL));
    cairo_destroy(cr);
    cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    cr = cairo_create(image);
    cairo_set_source_surface(cr, recording, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(recording);
    cairo_surface_flush(image);
    return image;
}

static void test_direct_density_matches_composite(void) {
    static const PkShade shades[] = {PK_SHADE_LINEAR, PK_SHADE_LOG, PK_SHADE_CBRT,
                                     PK_SHADE_EQ_HIST};
    for (guint i = 0; i < 2 * G_N_ELEMENTS(shades); i++) { /* without, then with a selection */
        const char *name =
            i < G_N_ELEMENTS(shades) ? "scatter-density" : "scatter-density-selected";
        PkScene *scene =
            pk_golden_scene_new(name, i % 2 ? PK_THEME_DARK : PK_THEME_LIGHT, WIDTH, HEIGHT);
        scene->spec.shade = shades[i % G_N_ELEMENTS(shades)];
        PkRect area;
        pk_layout_plot_area(scene, WIDTH, HEIGHT, &area);
        cairo_surface_t *direct = pk_render_to_image(scene, WIDTH, HEIGHT, 1.0, NULL);
        cairo_surface_t *composed = draw_via_recording(scene);
        g_assert_nonnull(direct);
        const guint8 *pa = cairo_image_surface_get_data(direct);
        const guint8 *pb = cairo_image_surface_get_data(composed);
        int sa = cairo_image_surface_get_stride(direct);
        int sb = cairo_image_surface_get_stride(composed);
        g_autoptr(GHashTable) colors = g_hash_table_new(NULL, NULL);
        for (int y = (int)area.y + 2; y < (int)(area.y + area.height) - 2; y++) {
            if (scene->has_selection && y < (int)area.y + 30) {
                continue; /* the selection label is text: antialiased alike, but skip it */
            }
            for (int x = (int)area.x + 2; x < (int)(area.x + area.width) - 2; x++) {
                guint32 a = ((const guint32 *)(pa + y * sa))[x];
                guint32 b = ((const guint32 *)(pb + y * sb))[x];
                g_assert_cmphex(a, ==, b);
                g_hash_table_add(colors, GUINT_TO_POINTER(a));
            }
        }
        /* the layer was drawn: more than background and grid colours */
        g_assert_cmpuint(g_hash_table_size(colors), >, 10);
        cairo_surface_destroy(direct);
        cairo_surface_destroy(composed);
        pk_scene_free(scene);
    }
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; pk_golden_scene_names[i] != NULL; i++) {
        for (guint t = 0; t < 2; t++) {
            char *id = g_strdup_printf("%s-%s", pk_golden_scene_names[i], t ? "dark" : "light");
            g_ptr_array_add(ids, id);
            g_autofree char *path = g_strdup_printf("/render/golden/%s", id);
            g_test_add_data_func(path, id, check_golden);
        }
    }
    g_test_add_func("/render/golden/compare/uniform-shift-of-20-levels-fails",
                    test_uniform_shift_of_20_levels_fails);
    g_test_add_func("/render/golden/compare/sparse-antialiasing-noise-passes",
                    test_sparse_antialiasing_noise_passes);
    g_test_add_func("/render/export/writes-each-format", test_export_writes_each_format);
    g_test_add_func("/render/export/scale-multiplies-pixels", test_scale_factor_multiplies_pixels);
    g_test_add_func("/render/export/errors", test_export_errors);
    g_test_add_func("/render/density/direct-write-matches-composited-image",
                    test_direct_density_matches_composite);
    int rc = pk_test_run();
    g_ptr_array_unref(ids);
    return rc;
}
