/* pika/path.h — paths named by untrusted input, resolved before anything is written there.
 *
 * A workspace file names the files its export nodes write, relative to the export folder the
 * user chose. A name without ".." can still leave that folder through a symbolic link inside
 * it (`evil -> /elsewhere`), so a path is checked only after every link in it is followed.
 *
 * Thread-safe: no state. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Resolves path (relative to root, or absolute) to an absolute path with every symbolic link
 * followed, and accepts it only inside root (itself resolved the same way). The file need not
 * exist, since it is about to be written, but its folder must; when the file exists as a
 * symbolic link, the link's target is what is checked and returned.
 * Returns a new string. Errors: PK_ERROR_INVALID (empty path, or one naming a folder such as
 * "." or "x/.."), PK_ERROR_NOT_FOUND (root or the file's folder missing), PK_ERROR_SECURITY
 * (the resolved path lies outside root; the message names both). */
char *pk_path_resolve_within(const char *root, const char *path, GError **error);

/* ---- temporary files ----------------------------------------------------------------------
 *
 * Files are written under a temporary name beside their target and renamed over it when
 * complete, so a target is always either its old self or the whole new file. Temporary files
 * in progress are registered process-wide, so that an interrupted program (the CLI's second
 * Ctrl+C) can remove them before it exits (pk_path_discard_all_temps). */

/* Creates an empty file "<dir>/.<name>.tmp-XXXXXX" beside path, exclusively (nothing planted
 * under that name is followed), mode 0666 less the umask, and registers it. Returns its path
 * (new string). Errors: PK_ERROR_IO naming path and the system's reason. */
char *pk_path_create_temp_beside(const char *path, GError **error);
/* Renames temp over path and unregisters it; on failure removes temp and sets PK_ERROR_IO. */
gboolean pk_path_commit_temp(const char *temp, const char *path, GError **error);
/* Removes temp and unregisters it. NULL-safe. */
void pk_path_discard_temp(const char *temp);
/* Registers or unregisters a file that is being made and should not outlive an interrupted
 * program (e.g. a new database file). */
void pk_path_register_temp(const char *path);
void pk_path_unregister_temp(const char *path);
/* Removes every registered file. For an interrupted process about to exit. */
void pk_path_discard_all_temps(void);

G_END_DECLS
