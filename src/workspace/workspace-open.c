/* workspace-open.c — opening a workspace file to evaluate it: the one door of the CLI and the
 * window (see pika/workspace.h, "Opening a workspace to evaluate it").
 *
 *   NAME.pika.duckdb  ──trusted? (pika/trust.h)──no──▶ moved aside ─┐
 *        │ yes                                                      │
 *   opened read-only: plain tables that match their import records? ─no──▶ moved aside ─┤
 *        │ yes                                                      │
 *   opened read-write ◀──────────────── or a new, empty cache ◀─────┘
 *        │
 *   graph read ──▶ sources imported where new or changed ──▶ locked down
 *
 * Nothing of the cache is read as data, and no SQL from the workspace runs, before the cache
 * passed both checks; every statement of the workspace runs after the lock-down. A cache is
 * never deleted: one that is not used is renamed beside itself with the time, and the note
 * says where. A cache that another program holds open is left alone (PK_ERROR_BUSY). */
#include "pika/workspace.h"

#include "pika/data.h"
#include "pika/error.h"
#include "pika/trust.h"
#include "platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static void busy_error(const char *cache, GError **error) {
    g_set_error(error, PK_ERROR, PK_ERROR_BUSY,
                "%s is in use by another program (perhaps this workspace is open in another "
                "Pika-Plot window). Close it there, then try again.",
                cache);
}

/* Renames cache (and its write-ahead log) to "<cache>.moved-YYYYmmdd-HHMMSS[-N]". */
static char *move_aside(const char *cache, GError **error) {
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
    char *target = NULL;
    for (guint i = 1; target == NULL || g_file_test(target, G_FILE_TEST_EXISTS) ||
                      g_file_test(target, G_FILE_TEST_IS_SYMLINK);
         i++) {
        g_free(target);
        target = i == 1 ? g_strdup_printf("%s.moved-%s", cache, stamp)
                        : g_strdup_printf("%s.moved-%s-%u", cache, stamp, i);
    }
    if (g_rename(cache, target) != 0) {
        int saved = errno;
        g_set_error(error, PK_ERROR, PK_ERROR_IO,
                    "The cache %s cannot be used and cannot be moved aside (%s). Delete it: it "
                    "holds only data imported from the sources.",
                    cache, g_strerror(saved));
        g_free(target);
        return NULL;
    }
    g_autofree char *wal = g_strconcat(cache, ".wal", NULL);
    g_autofree char *wal_target = g_strconcat(target, ".wal", NULL);
    if (g_file_test(wal, G_FILE_TEST_EXISTS)) {
        g_rename(wal, wal_target);
    }
    pk_trust_forget(cache);
    return target;
}

/* Why the trusted cache at path may not be used (new string), or NULL when it may; a cache
 * that cannot be opened at all says so. FALSE with the error when it is in use elsewhere. */
static gboolean check_contents(const char *cache, char **out_reason, GError **error) {
    PkDbOptions opts;
    pk_db_options_defaults(&opts);
    opts.read_only = TRUE; /* nothing is written (and nothing recorded) while checking */
    g_autoptr(GError) open_error = NULL;
    PkDb *db = pk_db_open(cache, &opts, &open_error);
    if (db == NULL) {
        if (pk_platform_file_is_locked(cache) ||
            strstr(open_error->message, "Could not set lock")) {
            busy_error(cache, error);
            return FALSE;
        }
        *out_reason = g_strdup_printf("it cannot be opened (%s)", open_error->message);
        return TRUE;
    }
    g_autoptr(GError) check_error = NULL;
    if (!pk_graph_check_cache(db, out_reason, &check_error)) {
        *out_reason = g_strdup_printf("it cannot be read (%s)", check_error->message);
    }
    pk_db_close(db);
    return TRUE;
}

char *pk_workspace_describe_cache(const char *path, gboolean *out_usable) {
    g_autofree char *cache = pk_workspace_cache_path(path);
    g_autofree char *base = g_path_get_basename(cache);
    g_autofree char *reason = NULL;
    gboolean exists =
        g_file_test(cache, G_FILE_TEST_EXISTS) || g_file_test(cache, G_FILE_TEST_IS_SYMLINK);
    gboolean usable = FALSE;
    char *text = NULL;
    if (!exists) {
        text =
            g_strdup_printf("no cache yet (%s): the sources are imported on the first run", base);
    } else if (!pk_trust_check(cache, &reason)) {
        text = g_strdup_printf("the cache %s will not be used: %s; it is moved aside and the "
                               "sources imported again on the next run",
                               base, reason);
    } else if (pk_platform_file_is_locked(cache)) {
        text = g_strdup_printf("the cache %s is in use by another program", base);
        usable = TRUE;
    } else {
        g_autoptr(GError) error = NULL;
        if (!check_contents(cache, &reason, &error)) {
            reason = g_strdup(error->message);
        }
        usable = reason == NULL;
        text = usable ? g_strdup_printf("the cache %s is in order", base)
                      : g_strdup_printf("the cache %s will not be used: %s; it is moved aside "
                                        "and the sources imported again on the next run",
                                        base, reason);
    }
    if (out_usable != NULL) {
        *out_usable = usable;
    }
    return text;
}

PkDb *pk_workspace_open_cache(const char *path, char **out_note, GError **error) {
    g_autofree char *cache = pk_workspace_cache_path(path);
    g_autofree char *reason = NULL;
    g_autofree char *moved = NULL;
    if (g_file_test(cache, G_FILE_TEST_EXISTS) || g_file_test(cache, G_FILE_TEST_IS_SYMLINK)) {
        if (pk_platform_file_is_locked(cache)) {
            busy_error(cache, error);
            return NULL;
        }
        if (pk_trust_check(cache, &reason) && !check_contents(cache, &reason, error)) {
            return NULL;
        }
        if (reason != NULL && (moved = move_aside(cache, error)) == NULL) {
            return NULL;
        }
    }
    PkDb *db = pk_db_open(cache, NULL, error);
    if (db != NULL && moved != NULL && out_note != NULL) {
        g_autofree char *base = g_path_get_basename(cache);
        g_autofree char *moved_base = g_path_get_basename(moved);
        *out_note = g_strdup_printf("The cache %s was not used: %s. It was moved aside to %s "
                                    "(delete it when you no longer need it), and the sources "
                                    "are imported again.",
                                    base, reason, moved_base);
    }
    return db;
}

gboolean pk_workspace_lock(PkDb *db, PkGraph *graph, GError **error) {
    g_auto(GStrv) files = pk_graph_dup_source_files(graph);
    return pk_db_lock_down_allowing(db, (const char *const *)files, error);
}

void pk_workspace_opened_clear(PkWorkspaceOpened *opened) {
    if (opened != NULL) {
        g_clear_pointer(&opened->note, g_free);
    }
}

static double now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

PkGraph *pk_workspace_open_locked(const char *path, PkCompute *compute, PkCancel *cancel,
                                  PkDb **out_db, PkWorkspaceOpened *out_opened, GError **error) {
    g_autofree char *note = NULL;
    double t0 = now_ms();
    PkDb *db = pk_workspace_open_cache(path, &note, error);
    PkGraph *graph = db != NULL ? pk_workspace_open(db, compute, path, error) : NULL;
    double t1 = now_ms();
    if (graph == NULL || !pk_graph_load_sources(graph, cancel, error) ||
        !pk_workspace_lock(db, graph, error)) {
        pk_graph_free(graph);
        pk_db_close(db);
        return NULL;
    }
    *out_db = db;
    if (out_opened != NULL) {
        *out_opened = (PkWorkspaceOpened){g_steal_pointer(&note), t1 - t0, now_ms() - t1};
    }
    return graph;
}
