/* cancel.c — cancellation tokens: an atomic flag plus a list of handlers.
 *
 * Invariants: `requested` only goes 0 -> 1 (until pk_cancel_reset); each handler runs at most once
 * per request; handlers run under `lock` so that
 * pk_cancel_disconnect can promise the handler is not running after it returns. Handlers must
 * therefore not call back into the same token. */
#include "pika/cancel.h"
#include "pika/error.h"

typedef struct {
    gulong id;
    PkCancelFunc func;
    gpointer user_data;
} Handler;

struct PkCancel {
    gint ref_count;
    gint requested;
    GMutex lock;
    GArray *handlers; /* Handler, under lock */
    gulong next_id;   /* under lock */
};

PkCancel *pk_cancel_new(void) {
    PkCancel *cancel = g_new0(PkCancel, 1);
    cancel->ref_count = 1;
    g_mutex_init(&cancel->lock);
    cancel->handlers = g_array_new(FALSE, FALSE, sizeof(Handler));
    cancel->next_id = 1;
    return cancel;
}

PkCancel *pk_cancel_ref(PkCancel *cancel) {
    g_return_val_if_fail(cancel != NULL, NULL);
    g_atomic_int_inc(&cancel->ref_count);
    return cancel;
}

void pk_cancel_unref(PkCancel *cancel) {
    if (cancel == NULL || !g_atomic_int_dec_and_test(&cancel->ref_count)) {
        return;
    }
    g_array_unref(cancel->handlers);
    g_mutex_clear(&cancel->lock);
    g_free(cancel);
}

void pk_cancel_request(PkCancel *cancel) {
    if (cancel == NULL) {
        return;
    }
    g_mutex_lock(&cancel->lock);
    if (!g_atomic_int_compare_and_exchange(&cancel->requested, 0, 1)) {
        g_mutex_unlock(&cancel->lock);
        return;
    }
    for (guint i = 0; i < cancel->handlers->len; i++) {
        Handler *h = &g_array_index(cancel->handlers, Handler, i);
        h->func(h->user_data);
    }
    g_mutex_unlock(&cancel->lock);
}

gboolean pk_cancel_is_requested(const PkCancel *cancel) {
    return cancel != NULL && g_atomic_int_get(&((PkCancel *)cancel)->requested) != 0;
}

void pk_cancel_reset(PkCancel *cancel) {
    if (cancel != NULL) {
        g_atomic_int_set(&cancel->requested, 0);
    }
}

gulong pk_cancel_connect(PkCancel *cancel, PkCancelFunc func, gpointer user_data) {
    if (cancel == NULL) {
        return 0;
    }
    g_return_val_if_fail(func != NULL, 0);
    g_mutex_lock(&cancel->lock);
    Handler h = {cancel->next_id++, func, user_data};
    g_array_append_val(cancel->handlers, h);
    if (g_atomic_int_get(&cancel->requested)) {
        func(user_data);
    }
    g_mutex_unlock(&cancel->lock);
    return h.id;
}

void pk_cancel_disconnect(PkCancel *cancel, gulong id) {
    if (cancel == NULL || id == 0) {
        return;
    }
    g_mutex_lock(&cancel->lock);
    for (guint i = 0; i < cancel->handlers->len; i++) {
        if (g_array_index(cancel->handlers, Handler, i).id == id) {
            g_array_remove_index(cancel->handlers, i);
            break;
        }
    }
    g_mutex_unlock(&cancel->lock);
}

gboolean pk_cancel_set_error_if_requested(const PkCancel *cancel, GError **error) {
    if (!pk_cancel_is_requested(cancel)) {
        return FALSE;
    }
    g_set_error_literal(error, PK_ERROR, PK_ERROR_CANCELLED, "Cancelled.");
    return TRUE;
}
