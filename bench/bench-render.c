/* bench-render.c — `pika-bench render`: shading alone, and shading plus axes, legend and text,
 * of one aggregated 1920×1080 density frame (clustered, seeded counts). JSON lines:
 *   {"suite":"render","case":"shade","shade":"eq_hist","width":..,"ms":..}
 *   {"suite":"render","case":"shade+axes",...}  (pk_render_draw into an image surface) */
#include "bench.h"
#include "pika/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 1920
#define H 1080
#define REPEATS 15
#define MAX_REPEATS 101

static guint repeats = REPEATS;

static PkScene *frame_scene(PkShade shade, guint32 seed) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.shade = shade;
    pk_plot_spec_set_string(&spec.x.column, "x");
    pk_plot_spec_set_string(&spec.y.column, "y");
    pk_plot_spec_set_string(&spec.title, "Density");
    PkScene *s = pk_scene_new(&spec);
    pk_plot_spec_clear(&spec);
    s->has_density = TRUE;
    s->mode = "density";
    s->x.lo = -4, s->x.hi = 4, s->y.lo = -3, s->y.hi = 3;
    PkRect area;
    pk_layout_plot_area(s, W, H, &area);
    PkSceneDensity *d = &s->density;
    d->width = (guint)area.width, d->height = (guint)area.height;
    d->counts = g_new0(guint32, (gsize)d->width * d->height);
    GRand *rand = g_rand_new_with_seed(seed);
    for (guint i = 0; i < 10000000; i++) { /* 10M points in a few clusters */
        double u = g_rand_double_range(rand, 1e-12, 1), v = g_rand_double(rand);
        double r = sqrt(-2 * log(u)), c = (i % 4) - 1.5;
        guint x =
            (guint)CLAMP((c + r * cos(2 * G_PI * v) * 0.6 + 4) / 8 * d->width, 0, d->width - 1);
        guint y = (guint)CLAMP((c * 0.5 + r * sin(2 * G_PI * v) * 0.5 + 3) / 6 * d->height, 0,
                               d->height - 1);
        d->counts[(gsize)y * d->width + x]++;
    }
    g_rand_free(rand);
    s->n_rows = s->n_drawn = 10000000;
    return s;
}

static void bench_shade(PkScene *scene, PkShade shade) {
    PkSceneDensity *d = &scene->density;
    guint32 *out = g_new(guint32, (gsize)d->width * d->height);
    double times[MAX_REPEATS];
    pk_shade_counts(d->counts, d->width, d->height, shade, PK_COLORMAP_VIRIDIS, 0, out, d->width,
                    NULL);
    for (guint r = 0; r < repeats; r++) {
        double t0 = pk_bench_now_ms();
        pk_shade_counts(d->counts, d->width, d->height, shade, PK_COLORMAP_VIRIDIS, 0, out,
                        d->width, NULL);
        times[r] = pk_bench_now_ms() - t0;
    }
    pk_bench_emit("\"suite\":\"render\",\"case\":\"shade\",\"shade\":\"%s\",\"width\":%u,"
                  "\"height\":%u,\"ms\":%.3f",
                  pk_shade_name(shade), d->width, d->height, pk_bench_median(times, repeats));
    g_free(out);
}

static void bench_draw(PkScene *scene, PkShade shade) {
    double times[MAX_REPEATS];
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    for (guint r = 0; r <= repeats; r++) {
        cairo_t *cr = cairo_create(surface);
        double t0 = pk_bench_now_ms();
        pk_render_draw(cr, scene, W, H, 1.0, NULL);
        cairo_surface_flush(surface);
        double ms = pk_bench_now_ms() - t0;
        cairo_destroy(cr);
        if (r > 0) {
            times[r - 1] = ms;
        }
    }
    cairo_surface_destroy(surface);
    pk_bench_emit("\"suite\":\"render\",\"case\":\"shade+axes\",\"shade\":\"%s\",\"width\":%d,"
                  "\"height\":%d,\"ms\":%.3f",
                  pk_shade_name(shade), W, H, pk_bench_median(times, repeats));
}

static void usage(void) {
    printf("usage: pika-bench render [--shade eq_hist|log|linear|cbrt] [--repeats N]\n"
           "  shading and shading+axes of a 1920x1080 frame (median of N runs, default %d)\n",
           REPEATS);
}

int pk_bench_render(int argc, char **argv) {
    PkShade only = PK_SHADE_LINEAR;
    gboolean filter = FALSE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--shade") == 0 && i + 1 < argc &&
            pk_shade_parse(argv[i + 1], &only, NULL)) {
            filter = TRUE, i++;
        } else if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) {
            int n = atoi(argv[++i]);
            repeats = (guint)CLAMP(n, 1, MAX_REPEATS);
        } else {
            usage();
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    guint32 seed = pk_bench_seed();
    static const PkShade shades[] = {PK_SHADE_EQ_HIST, PK_SHADE_LOG, PK_SHADE_LINEAR,
                                     PK_SHADE_CBRT};
    for (guint i = 0; i < G_N_ELEMENTS(shades); i++) {
        if (filter && shades[i] != only) {
            continue;
        }
        PkScene *scene = frame_scene(shades[i], seed);
        bench_shade(scene, shades[i]);
        bench_draw(scene, shades[i]);
        pk_scene_free(scene);
    }
    return 0;
}
