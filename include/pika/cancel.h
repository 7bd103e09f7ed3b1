/* pika/cancel.h — cancellation tokens.
 *
 * A PkCancel is a shared flag that a caller sets (pk_cancel_request) and long work polls
 * (pk_cancel_is_requested) or listens to (pk_cancel_connect, e.g. to interrupt a DuckDB query).
 * Once requested it stays requested; pk_cancel_reset starts it over for reuse.
 * Thread rule: every function is thread-safe; handlers run on the thread that calls
 * pk_cancel_request (or immediately in pk_cancel_connect if already requested), and must be short.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct PkCancel PkCancel;
typedef void (*PkCancelFunc)(gpointer user_data);

/* Progress reports from long work: fraction in [0, 1] (or negative when unknown) and the rows
 * done so far. Called from the worker's thread. */
typedef void (*PkProgressFunc)(double fraction, guint64 n_rows, gpointer user_data);

/* A new token, not requested. Free with pk_cancel_unref. */
PkCancel *pk_cancel_new(void);
PkCancel *pk_cancel_ref(PkCancel *cancel);
void pk_cancel_unref(PkCancel *cancel); /* NULL-safe */

/* Requests cancellation and runs the connected handlers once. NULL-safe. */
void pk_cancel_request(PkCancel *cancel);
/* TRUE once cancellation has been requested. A NULL token is never requested. */
gboolean pk_cancel_is_requested(const PkCancel *cancel);
/* Clears the request so the token can be reused; handlers stay connected. */
void pk_cancel_reset(PkCancel *cancel);

/* Connects a handler called when cancellation is requested (at once, on this thread, if it
 * already was). Returns an id > 0 for pk_cancel_disconnect, or 0 when cancel is NULL. */
gulong pk_cancel_connect(PkCancel *cancel, PkCancelFunc func, gpointer user_data);
/* Disconnects a handler; after return it is not running and will not run. NULL/0-safe. */
void pk_cancel_disconnect(PkCancel *cancel, gulong id);

/* If cancellation was requested, fills error with PK_ERROR_CANCELLED and returns TRUE. */
gboolean pk_cancel_set_error_if_requested(const PkCancel *cancel, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkCancel, pk_cancel_unref)

G_END_DECLS
