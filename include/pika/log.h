/* pika/log.h — logging for every layer.
 *
 * Layers log with g_debug/g_message/g_warning in the "pika" log domain (set by the build).
 * Executables call pk_log_init() once: messages go to stderr as "pika: <level>: <text>",
 * filtered by level. PIKA_LOG=debug|info|message|warning in the environment overrides the level.
 * Library code never prints to stdout. Thread rule: thread-safe after pk_log_init(). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    PK_LOG_LEVEL_DEBUG,
    PK_LOG_LEVEL_INFO,
    PK_LOG_LEVEL_MESSAGE,
    PK_LOG_LEVEL_WARNING,
} PkLogLevel;

/* Installs the log writer with the given minimum level (PIKA_LOG overrides it). Call once,
 * early in main(); calling again only changes the level. */
void pk_log_init(PkLogLevel min_level);

/* Changes the minimum level at run time (e.g. --verbose). */
void pk_log_set_level(PkLogLevel min_level);

G_END_DECLS
