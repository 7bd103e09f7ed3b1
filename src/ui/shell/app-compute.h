/* app-compute.h — the application's compute engine, made off the main thread.
 *
 * Making an engine probes the Vulkan devices (pk_compute_new), which takes from tens of
 * milliseconds (a software device) to a second (a GPU driver warming up). The application
 * starts that on a thread of its own at start-up and hands every window this slot, so the
 * window appears at once: workers that build a session wait for the engine
 * (pk_compute_slot_wait), the main thread learns of it through the "ready" signal (emitted on
 * the main loop, once) and reads it with pk_compute_slot_peek.
 *
 * The engine lives as long as the slot (the application holds it until shutdown). */
#pragma once

#include <glib-object.h>

#include "pika/compute.h"

G_BEGIN_DECLS

#define PK_TYPE_COMPUTE_SLOT (pk_compute_slot_get_type())
G_DECLARE_FINAL_TYPE(PkComputeSlot, pk_compute_slot, PK, COMPUTE_SLOT, GObject)

/* Starts making an engine with policy on a new thread. fallback (may be NULL) is installed
 * with pk_compute_set_fallback_func before anyone sees the engine; fallback_data must outlive
 * the slot. A CPU engine always starts, so the engine always arrives. Main thread. */
PkComputeSlot *pk_compute_slot_new(PkComputePolicy policy, PkComputeFallbackFunc fallback,
                                   gpointer fallback_data);
/* The engine, waiting for it if need be. Any thread. Borrowed: lives as long as the slot. */
PkCompute *pk_compute_slot_wait(PkComputeSlot *slot);
/* The engine, or NULL while it is still being made. Any thread. */
PkCompute *pk_compute_slot_peek(PkComputeSlot *slot);

G_END_DECLS
