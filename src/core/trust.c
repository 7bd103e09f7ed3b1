/* trust.c — the record of database files this application wrote (see pika/trust.h).
 *
 * One record per file, in $XDG_STATE_HOME/pika-plot/written/<sha256 of the real path>:
 *
 *   pika-written 1 <dev> <ino> <size> <mtime s> <mtime ns> <ctime s> <ctime ns>\n
 *
 * The real path of a file that does not exist yet is its folder's real path plus its name, so
 * a record made after creating the file matches the key computed before. Records are written
 * with g_file_set_contents (a temporary file renamed over the record). */
#include "pika/trust.h"

#include "platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define RECORD_MAGIC "pika-written 1"

static char *real_path_of(const char *path) {
    char *real = pk_platform_dup_real_path(path);
    if (real != NULL) {
        return real;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *real_dir = pk_platform_dup_real_path(dir);
    return g_build_filename(real_dir != NULL ? real_dir : dir, base, NULL);
}

static char *record_path(const char *path) {
    g_autofree char *real = real_path_of(path);
    g_autofree char *key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, real, -1);
    return g_build_filename(g_get_user_state_dir(), "pika-plot", "written", key, NULL);
}

/* The identity line of a regular file, or NULL. */
static char *identity(const char *path) {
    PkPlatformFileInfo st;
    if (!pk_platform_file_query(path, FALSE, &st) || !st.is_regular) {
        return NULL;
    }
    return g_strdup_printf(
        RECORD_MAGIC " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT
                     " %" G_GINT64_FORMAT " %ld %" G_GINT64_FORMAT " %ld\n",
        st.device, st.inode, (gint64)st.size, st.mtime_s, st.mtime_ns, st.ctime_s, st.ctime_ns);
}

void pk_trust_note_written(const char *path) {
    g_autofree char *line = identity(path);
    g_autofree char *record = record_path(path);
    g_autofree char *dir = g_path_get_dirname(record);
    g_autoptr(GError) error = NULL;
    if (line == NULL) {
        return;
    }
    if (g_mkdir_with_parents(dir, 0700) != 0 ||
        !g_file_set_contents_full(record, line, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error)) {
        g_warning("Cannot record %s as written by Pika-Plot (%s); it will be rebuilt next time.",
                  path, error != NULL ? error->message : g_strerror(errno));
    }
}

gboolean pk_trust_check(const char *path, char **out_reason) {
    const char *reason = NULL;
    g_autofree char *line = identity(path);
    g_autofree char *record = record_path(path);
    g_autofree char *wal = g_strconcat(path, ".wal", NULL);
    g_autofree char *recorded = NULL;
    if (line == NULL) {
        reason = "it is not a regular file";
    } else if (!g_file_get_contents(record, &recorded, NULL, NULL)) {
        reason = "it was not written by Pika-Plot on this computer";
    } else if (strcmp(recorded, line) != 0) {
        reason = "it changed since Pika-Plot last closed it";
    } else if (g_file_test(wal, G_FILE_TEST_EXISTS)) {
        reason = "it was not closed cleanly (a write-ahead log lies beside it)";
    }
    if (reason != NULL && out_reason != NULL) {
        *out_reason = g_strdup(reason);
    }
    return reason == NULL;
}

void pk_trust_forget(const char *path) {
    g_autofree char *record = record_path(path);
    g_unlink(record);
}
