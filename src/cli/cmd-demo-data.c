/* cmd-demo-data.c — `pika demo-data`: the deterministic sample dataset, as CSV.
 *
 *   ts,x,y,value,category
 *   2024-01-01 00:00:07,-1.482,0.917,18.44,beta
 *
 * - ts: timestamps spread over the year 2024 in row order (non-decreasing), second resolution.
 * - x, y: a mixture of five correlated 2-D Gaussian clusters (3 decimals).
 * - value: log-normal, its median depending on the cluster (2 decimals): skewed, long tail.
 * - category: a dozen Greek-letter levels with Zipf-like frequencies, shifted per cluster.
 * - nulls (empty fields): about 0.05% of y, 0.2% of value, 0.1% of category.
 *
 * Determinism: rows are generated in blocks of BLOCK_ROWS; block k draws from its own
 * xoshiro256** stream seeded from (seed, k), so the bytes depend only on --rows and --seed,
 * never on the number of threads. Numbers are formatted by hand (fixed decimals, rounding
 * half away from zero) — faster than printf and independent of the locale.
 *
 * Speed: each round, up to MAX_THREADS threads fill one block buffer each; the main thread
 * writes the buffers in order. The file is written under a temporary name and renamed at the
 * end, so an interrupted run leaves nothing behind. */
#define _POSIX_C_SOURCE 200809L

#include "cli-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define BLOCK_ROWS 65536
#define MAX_LINE 96
#define MAX_THREADS 4
#define MAX_ROWS G_GUINT64_CONSTANT(10000000000)
#define TS_START 1704067200 /* 2024-01-01 00:00:00 UTC */
#define TS_SPAN (366 * 86400)

typedef struct {
    double weight, mx, my, sx, sy, rho;
} Cluster;

static const Cluster clusters[] = {
    {0.35, -2.0, 1.0, 1.0, 0.6, 0.5}, {0.25, 3.0, 4.0, 0.7, 1.2, -0.3},
    {0.20, 5.5, -1.5, 1.5, 0.8, 0.0}, {0.12, -4.0, -3.0, 0.5, 0.5, 0.8},
    {0.08, 0.5, 7.0, 2.5, 0.4, 0.2},
};

static const char *const levels[] = {
    "alpha", "beta",  "gamma", "delta", "epsilon", "zeta",
    "eta",   "theta", "iota",  "kappa", "lambda",  "mu",
};

typedef struct {
    guint64 s[4];
    double spare;
    gboolean has_spare;
} Rng;

typedef struct {
    guint64 seed, n_total, first_row, n_rows;
    char *buffer;
    gsize size;
} Block;

static guint64 splitmix64(guint64 *state) {
    guint64 z = (*state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void rng_init(Rng *rng, guint64 seed, guint64 block) {
    guint64 state = seed ^ (block * G_GUINT64_CONSTANT(0xD1B54A32D192ED03));
    for (int i = 0; i < 4; i++) {
        rng->s[i] = splitmix64(&state);
    }
    rng->has_spare = FALSE;
}

static inline guint64 rotl(guint64 x, int k) {
    return (x << k) | (x >> (64 - k));
}

static inline guint64 rng_next(Rng *rng) {
    guint64 *s = rng->s;
    guint64 result = rotl(s[1] * 5, 7) * 9;
    guint64 t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static inline double rng_uniform(Rng *rng) {
    return (double)(rng_next(rng) >> 11) * 0x1.0p-53;
}

/* Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
static double rng_normal(Rng *rng) {
    if (rng->has_spare) {
        rng->has_spare = FALSE;
        return rng->spare;
    }
    double u1 = 1.0 - rng_uniform(rng);
    double u2 = rng_uniform(rng);
    double r = sqrt(-2.0 * log(u1));
    rng->spare = r * sin(2.0 * G_PI * u2);
    rng->has_spare = TRUE;
    return r * cos(2.0 * G_PI * u2);
}

static inline char *put_uint(char *p, guint64 v, int min_digits) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n < min_digits) {
        tmp[n++] = '0';
    }
    while (n > 0) {
        *p++ = tmp[--n];
    }
    return p;
}

/* v with `decimals` fixed decimals (1..6), rounded half away from zero; "-" only if the
 * rounded value is not zero. */
static char *put_fixed(char *p, double v, int decimals) {
    static const double scales[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    static const guint64 iscales[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    double scaled = fabs(v) * scales[decimals] + 0.5;
    guint64 units = scaled >= 9.0e18 ? G_GUINT64_CONSTANT(9000000000000000000) : (guint64)scaled;
    if (v < 0 && units != 0) {
        *p++ = '-';
    }
    p = put_uint(p, units / iscales[decimals], 1);
    *p++ = '.';
    return put_uint(p, units % iscales[decimals], decimals);
}

/* "YYYY-MM-DD HH:MM:SS" for seconds since the epoch (days-to-civil, proleptic Gregorian). */
static char *put_timestamp(char *p, gint64 secs) {
    gint64 days = secs / 86400, rem = secs % 86400;
    gint64 z = days + 719468;
    gint64 era = z / 146097;
    gint64 doe = z - era * 146097;
    gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    gint64 mp = (5 * doy + 2) / 153;
    gint64 d = doy - (153 * mp + 2) / 5 + 1;
    gint64 m = mp < 10 ? mp + 3 : mp - 9;
    gint64 y = yoe + era * 400 + (m <= 2);
    p = put_uint(p, (guint64)y, 4);
    *p++ = '-';
    p = put_uint(p, (guint64)m, 2);
    *p++ = '-';
    p = put_uint(p, (guint64)d, 2);
    *p++ = ' ';
    p = put_uint(p, (guint64)(rem / 3600), 2);
    *p++ = ':';
    p = put_uint(p, (guint64)(rem / 60 % 60), 2);
    *p++ = ':';
    return put_uint(p, (guint64)(rem % 60), 2);
}

static guint pick_cluster(double u) {
    guint k = 0;
    while (k + 1 < G_N_ELEMENTS(clusters) && u >= clusters[k].weight) {
        u -= clusters[k].weight;
        k++;
    }
    return k;
}

/* Zipf-like level 0..11 (weights 1/(k+1)), shifted by the cluster. */
static guint pick_level(double u, guint cluster) {
    static double cumulative[G_N_ELEMENTS(levels)];
    static gsize initialised = 0;
    if (g_once_init_enter(&initialised)) {
        double total = 0.0, acc = 0.0;
        for (guint k = 0; k < G_N_ELEMENTS(levels); k++) {
            total += 1.0 / (k + 1);
        }
        for (guint k = 0; k < G_N_ELEMENTS(levels); k++) {
            acc += 1.0 / (k + 1) / total;
            cumulative[k] = acc;
        }
        g_once_init_leave(&initialised, 1);
    }
    guint k = 0;
    while (k + 1 < G_N_ELEMENTS(levels) && u >= cumulative[k]) {
        k++;
    }
    return (k + 3 * cluster) % G_N_ELEMENTS(levels);
}

static char *put_row(char *p, Rng *rng, guint64 row, guint64 n_total) {
    guint64 step = MAX(TS_SPAN / n_total, 1);
    gint64 ts =
        TS_START + (gint64)(row * TS_SPAN / n_total) + (gint64)(rng_uniform(rng) * (double)step);
    const Cluster *c = &clusters[pick_cluster(rng_uniform(rng))];
    double z1 = rng_normal(rng), z2 = rng_normal(rng);
    double x = c->mx + c->sx * z1;
    double y = c->my + c->sy * (c->rho * z1 + sqrt(1.0 - c->rho * c->rho) * z2);
    double value = exp(3.0 + 0.3 * (double)(c - clusters) + 0.8 * rng_normal(rng));
    guint level = pick_level(rng_uniform(rng), (guint)(c - clusters));
    double u_null = rng_uniform(rng);
    p = put_timestamp(p, ts);
    *p++ = ',';
    p = put_fixed(p, x, 3);
    *p++ = ',';
    if (u_null >= 0.0005) {
        p = put_fixed(p, y, 3);
    }
    *p++ = ',';
    if (u_null < 0.0005 || u_null >= 0.0025) {
        p = put_fixed(p, value, 2);
    }
    *p++ = ',';
    if (u_null < 0.0025 || u_null >= 0.0035) {
        gsize n = strlen(levels[level]);
        memcpy(p, levels[level], n);
        p += n;
    }
    *p++ = '\n';
    return p;
}

static gpointer fill_block(gpointer data) {
    Block *block = data;
    Rng rng;
    rng_init(&rng, block->seed, block->first_row / BLOCK_ROWS);
    char *p = block->buffer;
    for (guint64 i = 0; i < block->n_rows; i++) {
        p = put_row(p, &rng, block->first_row + i, block->n_total);
    }
    block->size = (gsize)(p - block->buffer);
    return NULL;
}

/* Generates every round of blocks and writes them to out in order. */
static gboolean write_rows(FILE *out, guint64 n_rows, guint64 seed, GError **error) {
    guint n_threads = CLAMP(g_get_num_processors(), 1, MAX_THREADS);
    Block blocks[MAX_THREADS];
    gboolean ok = TRUE;
    for (guint t = 0; t < n_threads; t++) {
        blocks[t].buffer = g_malloc((gsize)BLOCK_ROWS * MAX_LINE);
    }
    for (guint64 row = 0; row < n_rows && ok;) {
        GThread *threads[MAX_THREADS] = {NULL};
        guint n_used = 0;
        for (; n_used < n_threads && row < n_rows; n_used++, row += BLOCK_ROWS) {
            Block *b = &blocks[n_used];
            b->seed = seed;
            b->n_total = n_rows;
            b->first_row = row;
            b->n_rows = MIN(BLOCK_ROWS, n_rows - row);
            threads[n_used] = n_used == 0 ? NULL : g_thread_new("pika-demo", fill_block, b);
        }
        fill_block(&blocks[0]);
        for (guint t = 0; t < n_used; t++) {
            if (threads[t] != NULL) {
                g_thread_join(threads[t]);
            }
            if (ok && fwrite(blocks[t].buffer, 1, blocks[t].size, out) != blocks[t].size) {
                g_set_error(error, PK_ERROR, PK_ERROR_IO, "could not write: %s", g_strerror(errno));
                ok = FALSE;
            }
        }
        if (ok && pk_cancel_set_error_if_requested(pk_cli_get_cancel(), error)) {
            ok = FALSE;
        }
    }
    for (guint t = 0; t < n_threads; t++) {
        g_free(blocks[t].buffer);
    }
    return ok;
}

static gboolean write_file(const char *path, guint64 n_rows, guint64 seed, GError **error) {
    static const char header[] = "ts,x,y,value,category\n";
    if (strcmp(path, "-") == 0) {
        return fwrite(header, 1, sizeof header - 1, stdout) == sizeof header - 1 &&
               write_rows(stdout, n_rows, seed, error);
    }
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_WRONLY, 0644);
    if (fd < 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot create '%s': %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    FILE *out = fdopen(fd, "wb");
    gboolean ok = out != NULL && fwrite(header, 1, sizeof header - 1, out) == sizeof header - 1 &&
                  write_rows(out, n_rows, seed, error);
    if (out != NULL && fclose(out) != 0 && ok) {
        ok = FALSE;
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write '%s': %s", path, g_strerror(errno));
    }
    if (ok && g_rename(tmp, path) != 0) {
        ok = FALSE;
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write '%s': %s", path, g_strerror(errno));
    }
    if (!ok) {
        if (error != NULL && *error == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write '%s'", path);
        }
        g_unlink(tmp);
    }
    return ok;
}

int pk_cli_cmd_demo_data(int argc, char **argv) {
    const char *cmd = "demo-data";
    char *rows_text = NULL, *seed_text = NULL, *output = NULL;
    const GOptionEntry entries[] = {
        {"rows", 'n', 0, G_OPTION_ARG_STRING, &rows_text, "Number of rows (default 1000000)", "N"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed_text, "Random seed (default 42)", "S"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output CSV file (- for stdout)",
         "FILE"},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "- write the sample dataset",
        "Writes a deterministic sample CSV: ts,x,y,value,category (clustered x/y, a log-normal\n"
        "value, a dozen categories, a few nulls). Same --rows and --seed, same bytes.",
        entries);
    guint64 n_rows = 1000000, seed = 42;
    g_autoptr(GError) error = NULL;
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status >= 0) {
        goto out;
    }
    if (argc > 1) {
        status = pk_cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
    } else if (output == NULL) {
        status = pk_cli_usage_error(cmd, "missing -o FILE");
    } else if (rows_text != NULL &&
               (!pk_cli_parse_count(rows_text, &n_rows) || n_rows == 0 || n_rows > MAX_ROWS)) {
        status = pk_cli_usage_error(
            cmd, "--rows must be a whole number from 1 to %" G_GUINT64_FORMAT ", not '%s'",
            MAX_ROWS, rows_text);
    } else if (seed_text != NULL && !pk_cli_parse_count(seed_text, &seed)) {
        status = pk_cli_usage_error(cmd, "--seed must be a non-negative whole number, not '%s'",
                                    seed_text);
    } else {
        status =
            write_file(output, n_rows, seed, &error) ? PK_CLI_EXIT_OK : pk_cli_fail(cmd, error);
    }
out:
    g_option_context_free(context);
    g_free(rows_text);
    g_free(seed_text);
    g_free(output);
    return status;
}
