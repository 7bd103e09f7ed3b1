/* workspace-save.c — reading a workspace file safely, and saving one atomically.
 *
 * Save protocol (every step checked through the platform seam, platform.h; the first failure
 * removes the temporary file and leaves the workspace as it was):
 *
 *   1. text = pk_workspace_to_json(graph)         nothing touched yet
 *   2. write  PATH.tmp-XXXXXX  (same folder), flush to disk, close
 *   3. PATH.bak := PATH        hard link (or a copy where links are not possible)
 *   4. rename PATH.tmp-XXXXXX -> PATH               atomic: readers see old or new, never half
 *   5. flush the folder to disk                     the rename itself reaches the disk
 *
 * A process killed at any point leaves PATH whole (old or new bytes) and at worst a stray
 * PATH.tmp-XXXXXX, which loading never reads. For tests, PIKA_TEST_SAVE_CRASH=after-write or
 * after-backup makes the process exit at once (pk_platform_exit_now) after step 2 or 3.
 *
 * Reading opens without blocking on FIFOs or devices (pk_platform_file_open_read, then the
 * size of regular files only) and refuses files over PK_WORKSPACE_MAX_FILE_SIZE before reading
 * a byte. */
#include "workspace-private.h"

#include "pika/path.h"
#include "platform.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

char *pk_workspace_cache_path(const char *path) {
    return g_strconcat(path, ".duckdb", NULL);
}

char *pk_workspace_backup_path(const char *path) {
    return g_strconcat(path, ".bak", NULL);
}

/* ---- reading ------------------------------------------------------------------------------ */

static char *read_fd(int fd, const char *path, gsize *out_len, GError **error) {
    guint64 size = 0;
    if (!pk_platform_file_get_size(fd, &size)) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO,
                    "%s: not a regular file; choose a workspace "
                    "(.pika) file",
                    path);
        return NULL;
    }
    if (size > PK_WORKSPACE_MAX_FILE_SIZE) {
        pk_ws_error(error, PK_ERROR_TOO_LARGE, path, PK_WS_NOT_OURS,
                    "the file is %" G_GUINT64_FORMAT " bytes, more than a workspace may hold "
                    "(%u MiB of recipes; data lives in the sources)",
                    size, PK_WORKSPACE_MAX_FILE_SIZE / (1024u * 1024u));
        return NULL;
    }
    /* One byte more than allowed, to notice a file that grew since its size was read. */
    gsize cap = (gsize)size + 1;
    char *data = g_malloc(cap + 1);
    gsize len = 0;
    if (!pk_platform_file_read(fd, data, cap, &len)) {
        int saved = errno;
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "%s: cannot read the file (%s)", path,
                    g_strerror(saved));
        g_free(data);
        return NULL;
    }
    data[len] = '\0';
    *out_len = len;
    return data;
}

char *pk_ws_read_file(const char *path, gsize *out_len, GError **error) {
    int fd = pk_platform_file_open_read(path);
    if (fd < 0) {
        int saved = errno;
        g_set_error(error, PK_ERROR, saved == ENOENT ? PK_ERROR_NOT_FOUND : PK_ERROR_IO,
                    "%s: cannot open the workspace (%s); check the path and its permissions", path,
                    g_strerror(saved));
        return NULL;
    }
    char *data = read_fd(fd, path, out_len, error);
    g_close(fd, NULL);
    return data;
}

/* ---- saving ------------------------------------------------------------------------------- */

static gboolean io_error(GError **error, const char *path, const char *what, int err) {
    g_set_error(error, PK_ERROR, PK_ERROR_IO,
                "%s: cannot %s (%s); the workspace was not saved, check the folder's "
                "permissions and free space",
                path, what, g_strerror(err));
    return FALSE;
}

static gboolean write_temp(int fd, const char *tmp, const char *text, gsize len, GError **error) {
    if (!pk_platform_file_write(fd, text, len)) {
        return io_error(error, tmp, "write the temporary file", errno);
    }
    if (!pk_platform_file_sync(fd)) {
        return io_error(error, tmp, "flush the temporary file to disk", errno);
    }
    return TRUE;
}

static void crash_for_test(const char *point) {
    const char *when = g_getenv("PIKA_TEST_SAVE_CRASH");
    if (when != NULL && strcmp(when, point) == 0) {
        pk_platform_exit_now(77);
    }
}

/* PATH.bak := PATH. A hard link costs nothing and is exact; where the file system has no
 * links, the bytes are copied (through GLib's own atomic write). */
static gboolean keep_backup(const char *path, GError **error) {
    g_autofree char *bak = pk_workspace_backup_path(path);
    if (g_unlink(bak) != 0 && errno != ENOENT) {
        return io_error(error, bak, "replace the backup", errno);
    }
    if (pk_platform_file_link(path, bak)) {
        return TRUE;
    }
    g_autofree char *old = NULL;
    gsize len = 0;
    g_autoptr(GError) local = NULL;
    if (!g_file_get_contents(path, &old, &len, &local) ||
        !g_file_set_contents_full(bak, old, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                  &local)) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO,
                    "%s: cannot keep the previous version (%s); "
                    "the workspace was not saved, check the folder's permissions",
                    bak, local->message);
        return FALSE;
    }
    return TRUE;
}

static void sync_folder(const char *dir) {
    if (!pk_platform_folder_sync(dir)) {
        g_warning("%s: could not flush the folder after saving (%s)", dir, g_strerror(errno));
    }
}

/* Steps 2-5 of the protocol. *fd is closed here once written (-1 after); tmp is removed by
 * the caller on failure. */
static gboolean replace_file(const char *path, const char *tmp, int *fd, const char *text,
                             gsize len, GError **error) {
    PkPlatformFileInfo old;
    gboolean had_old = pk_platform_file_query(path, TRUE, &old);
    if (had_old && !pk_platform_file_set_mode(*fd, old.mode)) {
        return io_error(error, tmp, "set the temporary file's permissions", errno);
    }
    if (!write_temp(*fd, tmp, text, len, error)) {
        return FALSE;
    }
    gboolean closed = g_close(*fd, NULL);
    *fd = -1;
    if (!closed) {
        return io_error(error, tmp, "close the temporary file", errno);
    }
    crash_for_test("after-write");
    if (had_old && old.is_regular && !keep_backup(path, error)) {
        return FALSE;
    }
    crash_for_test("after-backup");
    if (g_rename(tmp, path) != 0) {
        return io_error(error, path, "replace the workspace file", errno);
    }
    g_autofree char *dir = g_path_get_dirname(path);
    sync_folder(dir);
    return TRUE;
}

gboolean pk_workspace_save(const PkGraph *graph, const char *path, GError **error) {
    if (path == NULL || path[0] == '\0') {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "no workspace file given");
        return FALSE;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    gsize len = 0;
    g_autofree char *text = pk_workspace_to_json(graph, dir, &len, error);
    if (text == NULL) {
        g_prefix_error(error, "%s: the workspace was not saved: ", path);
        return FALSE;
    }
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *name = g_strconcat(base, ".tmp-XXXXXX", NULL);
    g_autofree char *tmp = g_build_filename(dir, name, NULL);
    int fd = pk_platform_file_create_temp(tmp);
    if (fd < 0) {
        return io_error(error, tmp, "create a temporary file beside the workspace", errno);
    }
    pk_path_register_temp(tmp); /* removed if the program is interrupted meanwhile */
    gboolean ok = replace_file(path, tmp, &fd, text, len, error);
    pk_path_unregister_temp(tmp);
    if (fd >= 0) {
        g_close(fd, NULL);
    }
    if (!ok) {
        g_unlink(tmp);
    }
    return ok;
}
