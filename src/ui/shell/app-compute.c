/* app-compute.c — the compute engine made on a thread (see app-compute.h).
 *
 * The thread holds a reference on the slot from its start: it makes the engine, publishes it
 * under the mutex, wakes waiters and hands its reference to the "ready" emission queued on the
 * main context. So the slot outlives the thread whoever lets go of it first. */
#include "app-compute.h"

#include "app.h"

struct _PkComputeSlot {
    GObject parent_instance;
    GMutex lock;
    GCond made;
    PkCompute *compute; /* under lock; set once */
    PkComputePolicy policy;
    PkComputeFallbackFunc fallback;
    gpointer fallback_data;
};

G_DEFINE_FINAL_TYPE(PkComputeSlot, pk_compute_slot, G_TYPE_OBJECT)

enum { SIGNAL_READY, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean emit_ready(gpointer data) {
    g_signal_emit(data, signals[SIGNAL_READY], 0);
    return G_SOURCE_REMOVE;
}

static gpointer make_engine(gpointer data) {
    PkComputeSlot *slot = data;
    g_autoptr(GError) error = NULL;
    PkCompute *compute = pk_compute_new(slot->policy, &error);
    if (compute == NULL) {
        g_error("no compute engine: %s", error->message); /* the CPU never fails to start */
    }
    if (slot->fallback != NULL) {
        pk_compute_set_fallback_func(compute, slot->fallback, slot->fallback_data);
    }
    g_mutex_lock(&slot->lock);
    slot->compute = compute;
    g_cond_broadcast(&slot->made);
    g_mutex_unlock(&slot->lock);
    pk_app_run_on_main(emit_ready, slot, g_object_unref);
    return NULL;
}

PkCompute *pk_compute_slot_wait(PkComputeSlot *slot) {
    g_return_val_if_fail(PK_IS_COMPUTE_SLOT(slot), NULL);
    g_mutex_lock(&slot->lock);
    while (slot->compute == NULL) {
        g_cond_wait(&slot->made, &slot->lock);
    }
    PkCompute *compute = slot->compute;
    g_mutex_unlock(&slot->lock);
    return compute;
}

PkCompute *pk_compute_slot_peek(PkComputeSlot *slot) {
    g_return_val_if_fail(PK_IS_COMPUTE_SLOT(slot), NULL);
    g_mutex_lock(&slot->lock);
    PkCompute *compute = slot->compute;
    g_mutex_unlock(&slot->lock);
    return compute;
}

static void pk_compute_slot_init(PkComputeSlot *slot) {
    g_mutex_init(&slot->lock);
    g_cond_init(&slot->made);
}

static void pk_compute_slot_finalize(GObject *object) {
    PkComputeSlot *slot = PK_COMPUTE_SLOT(object);
    g_clear_pointer(&slot->compute, pk_compute_free);
    g_mutex_clear(&slot->lock);
    g_cond_clear(&slot->made);
    G_OBJECT_CLASS(pk_compute_slot_parent_class)->finalize(object);
}

static void pk_compute_slot_class_init(PkComputeSlotClass *klass) {
    G_OBJECT_CLASS(klass)->finalize = pk_compute_slot_finalize;
    signals[SIGNAL_READY] = g_signal_new("ready", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

PkComputeSlot *pk_compute_slot_new(PkComputePolicy policy, PkComputeFallbackFunc fallback,
                                   gpointer fallback_data) {
    PkComputeSlot *slot = g_object_new(PK_TYPE_COMPUTE_SLOT, NULL);
    slot->policy = policy;
    slot->fallback = fallback;
    slot->fallback_data = fallback_data;
    g_thread_unref(g_thread_new("pika-compute-probe", make_engine, g_object_ref(slot)));
    return slot;
}
