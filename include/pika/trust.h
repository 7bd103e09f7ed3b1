/* pika/trust.h — which database files this application wrote, on this computer.
 *
 * A workspace's cache database is derived data that may arrive from elsewhere (shipped beside a
 * workspace, copied, edited). It is used only when this application wrote it last: whenever a
 * database file opened for writing is closed, its identity (device, inode, size, modification
 * and status-change times to the nanosecond) is recorded in the user's state folder
 * ($XDG_STATE_HOME/pika-plot/written/, one small file per database, named by a hash of its
 * real path). A file whose identity differs from its record, or that has none, was not left
 * by this application as it is: someone copied, replaced or changed it. The status-change
 * time cannot be set back by ordinary programs, so restoring the modification time
 * (touch -r, cp -p, rsync -t) does not make a changed file look unchanged. Moving a file also
 * changes its identity: it is then rebuilt once, as derived data should be.
 *
 * A DuckDB write-ahead log beside the file ("<file>.wal") means the file was not closed
 * cleanly (or a log was planted): such a file is not trusted either.
 *
 * Thread-safe. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records the file at path as written by this application as it is now. Best effort: a
 * record that cannot be written is logged, and the file is then simply rebuilt next time. */
void pk_trust_note_written(const char *path);

/* TRUE when path is a regular file that this application recorded as it is now, with no
 * write-ahead log beside it. Otherwise FALSE and, when out_reason is not NULL, a new string
 * saying why in words for a user ("it was not written by Pika-Plot on this computer", "it
 * changed since Pika-Plot last closed it", ...). */
gboolean pk_trust_check(const char *path, char **out_reason);

/* Forgets the record of path (after the file was moved aside or removed). */
void pk_trust_forget(const char *path);

G_END_DECLS
