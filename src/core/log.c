/* log.c — a structured-log writer that prints "pika: <level>: <message>" to stderr.
 *
 * The minimum level lives in one atomic int so any thread may log while another changes it.
 * Messages from other domains (GLib, GTK) pass through the same filter. */
#include "pika/log.h"

#include <stdio.h>
#include <string.h>

static gint min_level = PK_LOG_LEVEL_MESSAGE;

static PkLogLevel level_from_flags(GLogLevelFlags flags) {
    if (flags & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
        return PK_LOG_LEVEL_WARNING;
    }
    if (flags & G_LOG_LEVEL_MESSAGE) {
        return PK_LOG_LEVEL_MESSAGE;
    }
    if (flags & G_LOG_LEVEL_INFO) {
        return PK_LOG_LEVEL_INFO;
    }
    return PK_LOG_LEVEL_DEBUG;
}

static const char *flag_name(GLogLevelFlags flags) {
    if (flags & G_LOG_LEVEL_ERROR) {
        return "error";
    }
    if (flags & G_LOG_LEVEL_CRITICAL) {
        return "critical";
    }
    if (flags & G_LOG_LEVEL_WARNING) {
        return "warning";
    }
    if (flags & G_LOG_LEVEL_MESSAGE) {
        return "message";
    }
    if (flags & G_LOG_LEVEL_INFO) {
        return "info";
    }
    return "debug";
}

static GLogWriterOutput write_log(GLogLevelFlags flags, const GLogField *fields, gsize n_fields,
                                  gpointer user_data) {
    (void)user_data;
    PkLogLevel level = level_from_flags(flags);
    if ((gint)level < g_atomic_int_get(&min_level) && !(flags & G_LOG_FLAG_FATAL)) {
        return G_LOG_WRITER_HANDLED;
    }
    const char *message = "";
    const char *domain = NULL;
    for (gsize i = 0; i < n_fields; i++) {
        if (strcmp(fields[i].key, "MESSAGE") == 0) {
            message = fields[i].value;
        } else if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0) {
            domain = fields[i].value;
        }
    }
    if (domain != NULL && strcmp(domain, "pika") != 0) {
        fprintf(stderr, "pika: %s: [%s] %s\n", flag_name(flags), domain, message);
    } else {
        fprintf(stderr, "pika: %s: %s\n", flag_name(flags), message);
    }
    fflush(stderr);
    return G_LOG_WRITER_HANDLED;
}

static PkLogLevel level_from_env(PkLogLevel fallback) {
    const char *env = g_getenv("PIKA_LOG");
    if (env == NULL) {
        return fallback;
    }
    if (g_ascii_strcasecmp(env, "debug") == 0) {
        return PK_LOG_LEVEL_DEBUG;
    }
    if (g_ascii_strcasecmp(env, "info") == 0) {
        return PK_LOG_LEVEL_INFO;
    }
    if (g_ascii_strcasecmp(env, "warning") == 0) {
        return PK_LOG_LEVEL_WARNING;
    }
    return PK_LOG_LEVEL_MESSAGE;
}

void pk_log_set_level(PkLogLevel level) {
    g_atomic_int_set(&min_level, (gint)level);
}

void pk_log_init(PkLogLevel level) {
    static gsize installed = 0;
    pk_log_set_level(level_from_env(level));
    if (g_once_init_enter(&installed)) {
        g_log_set_writer_func(write_log, NULL, NULL);
        g_once_init_leave(&installed, 1);
    }
}
