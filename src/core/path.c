/* path.c — resolving paths named by untrusted input (see pika/path.h).
 *
 * The platform's real path (pk_platform_dup_real_path) resolves the folder part (it must exist);
 * the last component is looked at without following it, so that a symbolic link there is
 * followed too. Containment is a prefix test on the
 * resolved paths with a '/' after the root, so "/out" does not contain "/outside".
 *
 * Temporary files in progress live in a process-wide set under a mutex; removing them all is
 * for an exiting process, so it takes the lock and never gives it back. */
#include "pika/path.h"

#include "pika/error.h"
#include "platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static gboolean is_inside(const char *root, const char *path) {
    if (strcmp(root, "/") == 0) {
        return TRUE;
    }
    gsize n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* dir (resolved) + base, or the target of the link that names, resolved. */
static char *resolve_last(const char *dir, const char *base, const char *shown, GError **error) {
    char *joined = g_build_filename(dir, base, NULL);
    if (!g_file_test(joined, G_FILE_TEST_IS_SYMLINK)) {
        return joined;
    }
    char *target = pk_platform_dup_real_path(joined);
    g_free(joined);
    if (target == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_SECURITY,
                    "%s is a symbolic link to a missing file; remove the link or choose another "
                    "name.",
                    shown);
    }
    return target;
}

char *pk_path_resolve_within(const char *root, const char *path, GError **error) {
    if (root == NULL || path == NULL || path[0] == '\0') {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No file name given.");
        return NULL;
    }
    char *real_root = pk_platform_dup_real_path(root);
    if (real_root == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Folder not found: %s (%s).", root,
                    g_strerror(errno));
        return NULL;
    }
    g_autofree char *full =
        g_path_is_absolute(path) ? g_strdup(path) : g_build_filename(real_root, path, NULL);
    g_autofree char *dir = g_path_get_dirname(full);
    g_autofree char *base = g_path_get_basename(full);
    char *real_dir = NULL;
    char *resolved = NULL;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(base, "/") == 0 ||
        g_str_has_suffix(path, "/")) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "'%s' names a folder, not a file.", path);
        goto out;
    }
    real_dir = pk_platform_dup_real_path(dir);
    if (real_dir == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Folder not found for %s (%s).", path,
                    g_strerror(errno));
        goto out;
    }
    resolved = resolve_last(real_dir, base, path, error);
    if (resolved != NULL && !is_inside(real_root, resolved)) {
        g_set_error(error, PK_ERROR, PK_ERROR_SECURITY,
                    "%s leads outside the folder %s (to %s); a workspace may only write inside "
                    "its export folder.",
                    path, real_root, resolved);
        g_clear_pointer(&resolved, g_free);
    }
out:
    g_free(real_dir);
    g_free(real_root);
    return resolved;
}

/* ---- temporary files ------------------------------------------------------------------------- */

static GMutex temps_lock;
static GHashTable *temps; /* path -> NULL, under temps_lock */

void pk_path_register_temp(const char *path) {
    g_mutex_lock(&temps_lock);
    if (temps == NULL) {
        temps = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    g_hash_table_add(temps, g_strdup(path));
    g_mutex_unlock(&temps_lock);
}

void pk_path_unregister_temp(const char *path) {
    g_mutex_lock(&temps_lock);
    if (temps != NULL) {
        g_hash_table_remove(temps, path);
    }
    g_mutex_unlock(&temps_lock);
}

void pk_path_discard_all_temps(void) {
    g_mutex_lock(&temps_lock); /* kept: the process exits next, and nothing may add more */
    GHashTableIter iter;
    gpointer path;
    if (temps != NULL) {
        g_hash_table_iter_init(&iter, temps);
        while (g_hash_table_iter_next(&iter, &path, NULL)) {
            g_unlink(path);
        }
    }
}

char *pk_path_create_temp_beside(const char *path, GError **error) {
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *name = g_strdup_printf(".%s.tmp-XXXXXX", base);
    char *temp = g_build_filename(dir, name, NULL);
    int fd = pk_platform_file_create_temp(temp);
    if (fd < 0) {
        int saved = errno;
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot write %s: %s.", path, g_strerror(saved));
        g_free(temp);
        return NULL;
    }
    g_close(fd, NULL);
    pk_path_register_temp(temp);
    return temp;
}

gboolean pk_path_commit_temp(const char *temp, const char *path, GError **error) {
    if (g_rename(temp, path) != 0) {
        int saved = errno;
        pk_path_discard_temp(temp);
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot write %s: %s.", path, g_strerror(saved));
        return FALSE;
    }
    pk_path_unregister_temp(temp);
    return TRUE;
}

void pk_path_discard_temp(const char *temp) {
    if (temp != NULL) {
        g_unlink(temp);
        pk_path_unregister_temp(temp);
    }
}
