/* progress.c — a one-line progress bar on stderr, only when stderr is a terminal.
 *
 *   Importing sales.csv  [###########.........]  55%  5,512,000 rows
 *
 * Updates come from worker threads (a PkProgressFunc); a mutex guards the state, and the line
 * is redrawn at most every REDRAW_US and only after SHOW_AFTER_US, so quick work prints
 * nothing. Freeing the bar erases the line, leaving stderr clean for the final messages.
 * With stderr not a terminal (pipes, files, tests) or PIKA_PROGRESS=0 the bar is inert. */
#include "cli-private.h"

#include "platform.h"

#include <math.h>
#include <string.h>

#define REDRAW_US (100 * 1000)
#define SHOW_AFTER_US (250 * 1000)
#define BAR_WIDTH 24

struct PkCliProgress {
    GMutex lock;
    char *label;
    gboolean active;
    gboolean drawn;
    gint64 start_us;
    gint64 last_draw_us;
};

PkCliProgress *pk_cli_progress_new(const char *label) {
    PkCliProgress *progress = g_new0(PkCliProgress, 1);
    const char *env = g_getenv("PIKA_PROGRESS");
    g_mutex_init(&progress->lock);
    progress->label = g_strdup(label);
    progress->active = pk_platform_stderr_is_terminal() && (env == NULL || strcmp(env, "0") != 0);
    progress->start_us = g_get_monotonic_time();
    return progress;
}

void pk_cli_progress_free(PkCliProgress *progress) {
    if (progress == NULL) {
        return;
    }
    if (progress->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    g_mutex_clear(&progress->lock);
    g_free(progress->label);
    g_free(progress);
}

gboolean pk_cli_progress_is_active(const PkCliProgress *progress) {
    return progress != NULL && progress->active;
}

static void draw(PkCliProgress *progress, double fraction, guint64 n_rows) {
    GString *line = g_string_new("\r");
    g_autofree char *rows = pk_cli_format_thousands(n_rows);
    g_string_append(line, progress->label);
    if (fraction >= 0.0 && !isnan(fraction)) {
        double f = CLAMP(fraction, 0.0, 1.0);
        int filled = (int)(f * BAR_WIDTH);
        g_string_append(line, "  [");
        for (int i = 0; i < BAR_WIDTH; i++) {
            g_string_append_c(line, i < filled ? '#' : '.');
        }
        g_string_append_printf(line, "] %3d%%", (int)(f * 100.0));
    }
    g_string_append_printf(line, "  %s rows\033[K", rows);
    fputs(line->str, stderr);
    fflush(stderr);
    g_string_free(line, TRUE);
}

void pk_cli_progress_update(double fraction, guint64 n_rows, gpointer user_data) {
    PkCliProgress *progress = user_data;
    if (!pk_cli_progress_is_active(progress)) {
        return;
    }
    gint64 now = g_get_monotonic_time();
    g_mutex_lock(&progress->lock);
    if (now - progress->start_us >= SHOW_AFTER_US && now - progress->last_draw_us >= REDRAW_US) {
        progress->last_draw_us = now;
        progress->drawn = TRUE;
        draw(progress, fraction, n_rows);
    }
    g_mutex_unlock(&progress->lock);
}
