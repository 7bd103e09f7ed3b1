/* End-to-end tests of `pika plot`: each plot type from a generated CSV to PNG, SVG and PDF,
 * run as a separate process ($PIKA_BUILD_DIR/bin/pika). Each PNG is compared with its
 * reference tests/render/golden/cli-<case>.png by the rules of golden-compare.h, inside the
 * plot area that `pika plot` logs (PIKA_LOG=debug); PIKA_UPDATE_GOLDEN=1 rewrites the
 * references. SVGs must parse (rsvg-convert) and PDFs convert (pdftoppm). The data comes from
 * a fixed seed: the references are pictures of exactly that data. */
#include "golden-compare.h"
#include "pika-test.h"
#include "pika/core.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define DATA_SEED 20240607u
#define WIDTH 480
#define HEIGHT 320

static char *tmp_dir;
static char *csv_path;

/* Runs argv with env (NULL: this process's environment). */
static gboolean run_env(const char *const *argv, char **env, char **out_stdout, char **out_stderr,
                        int *out_rc) {
    int status = 0;
    gboolean ok = g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out_stdout, out_stderr, &status, NULL);
    GError *error = NULL;
    *out_rc = !ok                                         ? -1
              : g_spawn_check_wait_status(status, &error) ? 0
              : error->domain == G_SPAWN_EXIT_ERROR       ? error->code
                                                          : -1;
    g_clear_error(&error);
    return ok;
}

static gboolean run(const char *const *argv, char **out_stdout, char **out_stderr, int *out_rc) {
    return run_env(argv, NULL, out_stdout, out_stderr, out_rc);
}

/* Runs `pika plot` on the CSV with args, its debug log on stderr. */
static int pika_plot(const char *output, const char *args, char **out_stdout, char **out_stderr) {
    g_autofree char *pika = g_build_filename(g_getenv("PIKA_BUILD_DIR"), "bin", "pika", NULL);
    g_autofree char *line = g_strdup_printf("%s plot --file %s %s -o %s --width %d --height %d",
                                            pika, csv_path, args, output, WIDTH, HEIGHT);
    g_auto(GStrv) argv = NULL;
    g_assert_true(g_shell_parse_argv(line, NULL, &argv, NULL));
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "PIKA_LOG", "debug", TRUE);
    int rc = -1;
    g_assert_true(run_env((const char *const *)argv, env, out_stdout, out_stderr, &rc));
    return rc;
}

/* The plot area `pika plot` logged for output ("render: OUT: WxH page, plot area X,Y WxH"). */
static void logged_plot_area(const char *log, const char *output, PkRect *out_area) {
    g_autofree char *prefix = g_strdup_printf("render: %s: ", output);
    const char *line = strstr(log, prefix);
    const char *at = line != NULL ? strstr(line, "plot area ") : NULL;
    if (at == NULL || sscanf(at, "plot area %lf,%lf %lfx%lf", &out_area->x, &out_area->y,
                             &out_area->width, &out_area->height) != 4) {
        g_error("pika plot logged no plot area for %s:\n%s", output, log);
    }
}

static void write_csv(void) {
    g_test_message("data seed %u", DATA_SEED);
    GRand *rand = g_rand_new_with_seed(DATA_SEED);
    GString *csv = g_string_new("ts,x,y,value,kind\n");
    static const char *const kinds[] = {"red", "green", "blue", "gold"};
    for (guint i = 0; i < 1200; i++) {
        g_string_append_printf(csv, "2024-01-%02u %02u:00:00,%.4f,%.4f,%.3f,%s\n", 1 + i % 28,
                               i % 24, g_rand_double_range(rand, -5, 5),
                               g_rand_double_range(rand, -2, 2),
                               g_rand_double_range(rand, 0.5, 100), kinds[i % 4]);
    }
    g_string_append(csv, "2024-02-01 00:00:00,1,1,-3,red\n"); /* non-positive for log axes */
    csv_path = g_build_filename(tmp_dir, "data.csv", NULL);
    g_assert_true(g_file_set_contents(csv_path, csv->str, -1, NULL));
    g_string_free(csv, TRUE);
    g_rand_free(rand);
}

typedef struct {
    const char *name, *args;
} Case;

static const Case cases[] = {
    {"scatter", "--type scatter -x x -y y --color kind"},
    {"scatter-density", "--type scatter -x x -y y --shade log --cmap magma"},
    {"line", "--type line -x ts -y value --color kind"},
    {"histogram", "--type histogram -x value --theme dark"},
    {"bar", "--type bar -x kind -y value --agg mean"},
    {"heatmap", "--type heatmap -x x -y kind --value value --agg max"},
    {"box", "--type box -x kind -y value --title Boxes"},
};

static void check_case(gconstpointer data) {
    const Case *c = data;
    static const char *const exts[] = {"png", "svg", "pdf"};
    for (guint e = 0; e < 3; e++) {
        g_autofree char *out = g_strdup_printf("%s/%s.%s", tmp_dir, c->name, exts[e]);
        g_autofree char *so = NULL;
        g_autofree char *se = NULL;
        int rc = pika_plot(out, c->args, &so, &se);
        if (rc != 0) {
            g_error("pika plot %s failed (%d): %s", c->args, rc, se);
        }
        g_assert_nonnull(strstr(so, "Wrote"));
        g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
        if (e == 0) {
            PkRect area;
            logged_plot_area(se, out, &area);
            cairo_surface_t *png = pk_golden_load(out);
            g_assert_nonnull(png);
            g_assert_cmpint(cairo_image_surface_get_width(png), ==, WIDTH);
            g_assert_cmpint(cairo_image_surface_get_height(png), ==, HEIGHT);
            g_autofree char *reference = g_strdup_printf("cli-%s.png", c->name);
            pk_golden_check(png, reference, &area);
            cairo_surface_destroy(png);
        }
        g_autofree char *png = g_strdup_printf("%s/%s-%s-check", tmp_dir, c->name, exts[e]);
        const char *svg_argv[] = {"rsvg-convert", "-o", png, out, NULL};
        const char *pdf_argv[] = {"pdftoppm", "-png", "-r", "30", out, png, NULL};
        int check_rc = 0;
        if (e == 1) {
            g_assert_true(run(svg_argv, NULL, NULL, &check_rc));
            g_assert_cmpint(check_rc, ==, 0);
        } else if (e == 2) {
            g_assert_true(run(pdf_argv, NULL, NULL, &check_rc));
            g_assert_cmpint(check_rc, ==, 0);
        }
    }
}

static void test_density_above_threshold(void) {
    g_autofree char *out = g_strdup_printf("%s/big.png", tmp_dir);
    g_autofree char *so = NULL;
    g_autofree char *se = NULL;
    /* a self-join makes 1201 * 100 rows: above the raw threshold only with a low one */
    g_autofree char *pika = g_build_filename(g_getenv("PIKA_BUILD_DIR"), "bin", "pika", NULL);
    g_autofree char *sql = g_strdup_printf(
        "SELECT x + i * 0.001 AS x, y FROM read_csv('%s'), range(100) AS t(i)", csv_path);
    const char *argv[] = {pika, "plot", "--sql", sql,  "--type", "scatter",   "-x",
                          "x",  "-y",   "y",     "-o", out,      "--timings", NULL};
    int rc = -1;
    g_assert_true(run(argv, &so, &se, &rc));
    g_assert_cmpint(rc, ==, 0);
    g_assert_nonnull(strstr(so, "density · 120,100 points"));
    g_assert_nonnull(strstr(se, "timings: open+sniff"));
}

static void test_empty_and_errors(void) {
    g_autofree char *out = g_strdup_printf("%s/empty.png", tmp_dir);
    g_autofree char *so = NULL;
    g_autofree char *se = NULL;
    int rc = pika_plot(out,
                       "--type scatter -x x -y y --sql \"SELECT 1.0 AS x, 2.0 AS y "
                       "WHERE false\"",
                       &so, &se);
    g_assert_cmpint(rc, ==, 2); /* --file and --sql together */
    g_assert_nonnull(strstr(se, "exactly one of"));
    g_clear_pointer(&so, g_free);
    g_clear_pointer(&se, g_free);
    g_autofree char *pika = g_build_filename(g_getenv("PIKA_BUILD_DIR"), "bin", "pika", NULL);
    const char *empty[] = {pika,     "plot",    "--sql", "SELECT 1.0 AS x, 2.0 AS y WHERE false",
                           "--type", "scatter", "-x",    "x",
                           "-y",     "y",       "-o",    out,
                           NULL};
    g_assert_true(run(empty, &so, &se, &rc));
    g_assert_cmpint(rc, ==, 0);
    g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer(&so, g_free);
    g_clear_pointer(&se, g_free);
    rc = pika_plot(out, "--type scatter -x x -y price", &so, &se);
    g_assert_cmpint(rc, ==, 1);
    g_assert_nonnull(strstr(se, "available columns: ts, x, y, value, kind"));
    g_clear_pointer(&so, g_free);
    g_clear_pointer(&se, g_free);
    rc = pika_plot(out, "--type pie -x x", &so, &se);
    g_assert_cmpint(rc, ==, 2);
    g_assert_nonnull(strstr(se, "unknown plot type"));
    g_clear_pointer(&so, g_free);
    g_clear_pointer(&se, g_free);
    rc = pika_plot(out, "--type scatter -x value -y y --x-scale log", &so, &se);
    g_assert_cmpint(rc, ==, 0);
}

static gboolean files_equal(const char *a, const char *b) {
    g_autofree char *da = NULL;
    g_autofree char *db = NULL;
    gsize na = 0, nb = 0;
    g_assert_true(g_file_get_contents(a, &da, &na, NULL));
    g_assert_true(g_file_get_contents(b, &db, &nb, NULL));
    return na == nb && memcmp(da, db, na) == 0;
}

/* The options that finish a plot: a line of daily means (one point per day), bin width, bar
 * order, number format, digits, legend and axis labels change the picture; bad values are
 * usage errors or validation errors naming the option. */
static void test_finishing_flags(void) {
    g_autofree char *line = g_strdup_printf("%s/daily.png", tmp_dir);
    g_autofree char *so = NULL;
    g_autofree char *se = NULL;
    int rc = pika_plot(line, "--type line -x ts -y value --bucket day --agg mean", &so, &se);
    g_assert_cmpint(rc, ==, 0);
    g_assert_nonnull(strstr(so, "1 series · 29 points")); /* 28 days of January, 1 of February */
    g_clear_pointer(&so, g_free);
    g_clear_pointer(&se, g_free);
    struct {
        const char *name, *args;
    } pairs[] = {
        {"bar", "--type bar -x kind -y value"},
        {"bar-finished", "--type bar -x kind -y value --order value --number-format percent "
                         "--digits 1 --x-label Kind --y-label \"Mean value\" --legend none"},
        {"hist", "--type histogram -x value"},
        {"hist-width", "--type histogram -x value --bin-width 25 --number-format si"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(pairs); i++) {
        g_autofree char *out = g_strdup_printf("%s/%s.png", tmp_dir, pairs[i].name);
        rc = pika_plot(out, pairs[i].args, &so, &se);
        if (rc != 0) {
            g_error("pika plot %s failed (%d): %s", pairs[i].args, rc, se);
        }
        g_clear_pointer(&so, g_free);
        g_clear_pointer(&se, g_free);
    }
    g_autofree char *bar = g_strdup_printf("%s/bar.png", tmp_dir);
    g_autofree char *bar2 = g_strdup_printf("%s/bar-finished.png", tmp_dir);
    g_autofree char *hist = g_strdup_printf("%s/hist.png", tmp_dir);
    g_autofree char *hist2 = g_strdup_printf("%s/hist-width.png", tmp_dir);
    g_assert_false(files_equal(bar, bar2));
    g_assert_false(files_equal(hist, hist2));
    rc = pika_plot(hist2, "--type histogram -x value --bin-width 25", &so, &se);
    g_assert_nonnull(strstr(so, "5 bins")); /* [-25, 0) ... [75, 100) over -3 .. 99.9 */
    g_clear_pointer(&so, g_free);
    g_clear_pointer(&se, g_free);
    const struct {
        const char *args, *message;
        int rc;
    } errors[] = {
        {"--type scatter -x x -y y --bucket day", "--bucket applies to line plots", 1},
        {"--type line -x x -y y --bucket hour", "needs timestamps on x", 1},
        {"--type histogram -x value --bin-width -2", "--bin-width must be a positive", 2},
        {"--type bar -x kind --digits 20", "--digits is 0 to 12", 2},
        {"--type bar -x kind --order sideways", "unknown bar order", 2},
        {"--type bar -x kind --number-format money", "unknown number format", 2},
        {"--type bar -x kind --legend sideways",
         "unknown legend \"sideways\"; expected one of: auto, right, top, bottom, left, none", 2},
    };
    for (guint i = 0; i < G_N_ELEMENTS(errors); i++) {
        rc = pika_plot(hist2, errors[i].args, &so, &se);
        g_assert_cmpint(rc, ==, errors[i].rc);
        if (strstr(se, errors[i].message) == NULL) {
            g_error("pika plot %s: expected \"%s\" in: %s", errors[i].args, errors[i].message, se);
        }
        g_clear_pointer(&so, g_free);
        g_clear_pointer(&se, g_free);
    }
}

/* --legend takes every side: the plot area makes room on that side (a right legend narrows it,
 * a bottom or top one shortens it, a left one moves it right), and the picture differs. */
static void test_legend_sides(void) {
    static const char *const sides[] = {"right", "top", "bottom", "left", "none"};
    PkRect areas[G_N_ELEMENTS(sides)];
    for (guint i = 0; i < G_N_ELEMENTS(sides); i++) {
        g_autofree char *out = g_strdup_printf("%s/legend-%s.png", tmp_dir, sides[i]);
        g_autofree char *args =
            g_strdup_printf("--type scatter -x x -y y --color kind --legend %s", sides[i]);
        g_autofree char *so = NULL;
        g_autofree char *se = NULL;
        int rc = pika_plot(out, args, &so, &se);
        if (rc != 0) {
            g_error("pika plot %s failed (%d): %s", args, rc, se);
        }
        logged_plot_area(se, out, &areas[i]);
    }
    const PkRect *right = &areas[0], *top = &areas[1], *bottom = &areas[2], *left = &areas[3];
    const PkRect *none = &areas[4];
    g_assert_cmpfloat(right->width, <, none->width);
    g_assert_cmpfloat(right->x, ==, none->x);
    g_assert_cmpfloat(top->width, ==, none->width);
    g_assert_cmpfloat(top->y, >, none->y);
    g_assert_cmpfloat(top->height, <, none->height);
    g_assert_cmpfloat(bottom->y, ==, none->y);
    g_assert_cmpfloat(bottom->height, <, none->height);
    g_assert_cmpfloat(left->x, >, none->x);
    g_assert_cmpfloat(left->x + left->width, ==, none->x + none->width);
    g_autofree char *a = g_strdup_printf("%s/legend-top.png", tmp_dir);
    g_autofree char *b = g_strdup_printf("%s/legend-bottom.png", tmp_dir);
    g_assert_false(files_equal(a, b));
    g_autofree char *pika = g_build_filename(g_getenv("PIKA_BUILD_DIR"), "bin", "pika", NULL);
    const char *help[] = {pika, "plot", "--help", NULL};
    g_autofree char *so = NULL;
    g_autofree char *se = NULL;
    int rc = -1;
    g_assert_true(run(help, &so, &se, &rc));
    g_assert_cmpint(rc, ==, 0);
    g_assert_nonnull(strstr(so, "auto, right, top, bottom, left or none"));
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    tmp_dir = g_dir_make_tmp("pika-plot-cli-XXXXXX", NULL);
    write_csv();
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/render/cli/%s-to-png-svg-pdf", cases[i].name);
        g_test_add_data_func(path, &cases[i], check_case);
    }
    g_test_add_func("/render/cli/density-above-threshold", test_density_above_threshold);
    g_test_add_func("/render/cli/empty-result-and-errors", test_empty_and_errors);
    g_test_add_func("/render/cli/finishing-flags", test_finishing_flags);
    g_test_add_func("/render/cli/legend-on-every-side", test_legend_sides);
    int rc = pk_test_run();
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp_dir);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(csv_path);
    g_free(tmp_dir);
    return rc;
}
