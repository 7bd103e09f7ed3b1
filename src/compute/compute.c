/* compute.c — the engine: the registry of backends, the policy that picks one, and the
 * per-call dispatch that falls back to the CPU.
 *
 * Probe order: CPU reference and CPU fast always probe; Vulkan (when built) probes through
 * its run-time loader and may fail with a reason, kept as the probe note. The policy picks
 * the primary slot (auto: Vulkan only when caps.is_gpu). Each call runs on the primary unless
 * it is disabled or does not support the request; a PK_ERROR_DEVICE or PK_ERROR_UNSUPPORTED
 * from it makes the fallback slot answer the same request into fresh outputs. Every fallback
 * is recorded (PkComputeFallback) and logged; the callback runs on the first fallback and on
 * device loss. Invariant: the fallback slot is a CPU backend and is never disabled. */
#include "compute-private.h"

#include "pika/error.h"

#include <string.h>

gboolean pk_compute_policy_parse(const char *text, PkComputePolicy *out_policy) {
    static const struct {
        const char *name;
        PkComputePolicy policy;
    } names[] = {
        {"auto", PK_COMPUTE_POLICY_AUTO},
        {"cpu", PK_COMPUTE_POLICY_CPU},
        {"vulkan", PK_COMPUTE_POLICY_VULKAN},
        {"cpu-reference", PK_COMPUTE_POLICY_CPU_REFERENCE},
    };
    for (guint i = 0; text != NULL && i < G_N_ELEMENTS(names); i++) {
        if (g_ascii_strcasecmp(text, names[i].name) == 0) {
            *out_policy = names[i].policy;
            return TRUE;
        }
    }
    return FALSE;
}

PkComputePolicy pk_compute_policy_from_env(PkComputePolicy fallback) {
    const char *text = g_getenv("PIKA_COMPUTE");
    PkComputePolicy policy = fallback;
    if (text != NULL && *text != '\0' && !pk_compute_policy_parse(text, &policy)) {
        g_warning("PIKA_COMPUTE=%s is not one of auto, cpu, vulkan, cpu-reference; ignored", text);
        policy = fallback;
    }
    return policy;
}

const char *pk_compute_op_name(PkOp op) {
    static const char *names[] = {"bin2d", "hist1d", "stats", "m4", "mask"};
    return (guint)op < G_N_ELEMENTS(names) ? names[op] : "unknown";
}

static gboolean probe_slot(PkCompute *compute, PkSlot slot, const PkBackendVtable *vtable,
                           GError **error) {
    PkBackend *backend = NULL;
    if (!vtable->probe(&backend, error)) {
        return FALSE;
    }
    compute->slots[slot].vtable = vtable;
    compute->slots[slot].backend = backend;
    g_debug("compute: backend %s on %s", vtable->name, vtable->get_caps(backend)->device_name);
    return TRUE;
}

/* Probes Vulkan when built; returns why it is unavailable (owned), or NULL. */
static char *probe_vulkan(PkCompute *compute) {
#ifdef PIKA_HAVE_VULKAN
    GError *local = NULL;
    if (probe_slot(compute, PK_SLOT_VULKAN, pk_backend_vulkan_vtable(), &local)) {
        return NULL;
    }
    char *note = g_strdup_printf("Vulkan is not available: %s", local->message);
    g_error_free(local);
    return note;
#else
    (void)compute;
    return g_strdup("Vulkan is not available: this build has no Vulkan backend");
#endif
}

static void choose_primary(PkCompute *compute, char *vulkan_note) {
    const PkComputeCaps *vk = compute->slots[PK_SLOT_VULKAN].vtable != NULL
                                  ? compute->slots[PK_SLOT_VULKAN].vtable->get_caps(
                                        compute->slots[PK_SLOT_VULKAN].backend)
                                  : NULL;
    compute->primary = PK_SLOT_CPU;
    switch (compute->policy) {
    case PK_COMPUTE_POLICY_CPU_REFERENCE:
        compute->primary = PK_SLOT_CPU_REFERENCE;
        break;
    case PK_COMPUTE_POLICY_CPU:
        break;
    case PK_COMPUTE_POLICY_VULKAN:
        if (vk != NULL) {
            compute->primary = PK_SLOT_VULKAN;
        } else {
            compute->probe_note = g_strdup_printf("%s; the CPU answers", vulkan_note);
        }
        break;
    case PK_COMPUTE_POLICY_AUTO:
        if (vk != NULL && vk->is_gpu) {
            compute->primary = PK_SLOT_VULKAN;
        } else if (vk != NULL) {
            compute->probe_note =
                g_strdup_printf("Vulkan device \"%s\" is not a GPU; the CPU fast path answers "
                                "(PIKA_COMPUTE=vulkan selects it)",
                                vk->device_name);
        } else {
            compute->probe_note = g_strdup_printf("%s; the CPU answers", vulkan_note);
        }
        break;
    }
    compute->fallback = compute->primary == PK_SLOT_CPU ? PK_SLOT_CPU_REFERENCE : PK_SLOT_CPU;
}

PkCompute *pk_compute_new(PkComputePolicy policy, GError **error) {
    PkCompute *compute = g_new0(PkCompute, 1);
    compute->policy = policy;
    g_mutex_init(&compute->lock);
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        g_mutex_init(&compute->slots[i].lock);
    }
    if (!probe_slot(compute, PK_SLOT_CPU_REFERENCE, pk_backend_cpu_reference_vtable(), error) ||
        !probe_slot(compute, PK_SLOT_CPU, pk_backend_cpu_fast_vtable(), error)) {
        pk_compute_free(compute);
        return NULL;
    }
    char *vulkan_note = NULL;
    if (policy == PK_COMPUTE_POLICY_AUTO || policy == PK_COMPUTE_POLICY_VULKAN) {
        vulkan_note = probe_vulkan(compute);
    }
    choose_primary(compute, vulkan_note);
    if (compute->probe_note != NULL) {
        g_message("compute: %s", compute->probe_note);
    }
    g_free(vulkan_note);
    const char *inject = g_getenv("PIKA_COMPUTE_INJECT_LOSS");
    if (inject != NULL && *inject != '\0') {
        pk_compute_inject_device_loss(compute, (guint)g_ascii_strtoull(inject, NULL, 10));
    }
    g_debug("compute: requests go to %s", pk_compute_get_caps(compute)->backend);
    return compute;
}

void pk_compute_free(PkCompute *compute) {
    if (compute == NULL) {
        return;
    }
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        PkBackendSlot *slot = &compute->slots[i];
        if (slot->vtable != NULL) {
            slot->vtable->destroy(slot->backend);
        }
        g_mutex_clear(&slot->lock);
    }
    g_mutex_clear(&compute->lock);
    g_free(compute->probe_note);
    g_free(compute);
}

/* The slot requests go to first: the primary unless it was disabled. */
static PkSlot current_slot(PkCompute *compute) {
    g_mutex_lock(&compute->lock);
    PkSlot slot = compute->slots[compute->primary].disabled ? compute->fallback : compute->primary;
    g_mutex_unlock(&compute->lock);
    return slot;
}

const PkComputeCaps *pk_compute_get_caps(PkCompute *compute) {
    g_return_val_if_fail(compute != NULL, NULL);
    PkBackendSlot *slot = &compute->slots[current_slot(compute)];
    return slot->vtable->get_caps(slot->backend);
}

GPtrArray *pk_compute_list_backends(PkCompute *compute) {
    g_return_val_if_fail(compute != NULL, NULL);
    GPtrArray *list = g_ptr_array_new();
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        PkBackendSlot *slot = &compute->slots[i];
        if (slot->vtable != NULL) {
            g_ptr_array_add(list, (gpointer)slot->vtable->get_caps(slot->backend));
        }
    }
    return list;
}

const char *pk_compute_get_probe_note(PkCompute *compute) {
    g_return_val_if_fail(compute != NULL, NULL);
    return compute->probe_note;
}

void pk_compute_get_fallback(PkCompute *compute, PkComputeFallback *out) {
    g_return_if_fail(compute != NULL && out != NULL);
    g_mutex_lock(&compute->lock);
    *out = compute->record;
    g_mutex_unlock(&compute->lock);
}

void pk_compute_count(PkCompute *compute, guint64 *counter, guint64 n) {
    g_mutex_lock(&compute->lock);
    *counter += n;
    g_mutex_unlock(&compute->lock);
}

void pk_compute_get_counters(PkCompute *compute, PkComputeCounters *out) {
    g_return_if_fail(compute != NULL && out != NULL);
    g_mutex_lock(&compute->lock);
    *out = compute->counters;
    g_mutex_unlock(&compute->lock);
}

void pk_compute_set_fallback_func(PkCompute *compute, PkComputeFallbackFunc func,
                                  gpointer user_data) {
    g_return_if_fail(compute != NULL);
    g_mutex_lock(&compute->lock);
    compute->fallback_func = func;
    compute->fallback_data = user_data;
    g_mutex_unlock(&compute->lock);
}

void pk_compute_inject_device_loss(PkCompute *compute, guint after_chunks) {
    g_return_if_fail(compute != NULL);
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        PkBackendSlot *slot = &compute->slots[i];
        if (slot->vtable != NULL && slot->vtable->inject_device_loss != NULL) {
            g_mutex_lock(&slot->lock);
            slot->vtable->inject_device_loss(slot->backend, after_chunks);
            g_mutex_unlock(&slot->lock);
        }
    }
}

void pk_compute_set_memory_cap(PkCompute *compute, guint64 cap_size) {
    g_return_if_fail(compute != NULL);
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        PkBackendSlot *slot = &compute->slots[i];
        if (slot->vtable != NULL && slot->vtable->set_memory_cap != NULL) {
            g_mutex_lock(&slot->lock);
            slot->vtable->set_memory_cap(slot->backend, cap_size);
            g_mutex_unlock(&slot->lock);
        }
    }
}

void pk_compute_set_n_threads(PkCompute *compute, guint n_threads) {
    g_return_if_fail(compute != NULL);
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        PkBackendSlot *slot = &compute->slots[i];
        if (slot->vtable != NULL && slot->vtable->set_n_threads != NULL) {
            g_mutex_lock(&slot->lock);
            slot->vtable->set_n_threads(slot->backend, n_threads);
            g_mutex_unlock(&slot->lock);
        }
    }
}

void pk_compute_test_set_unsupported(PkCompute *compute, PkOp op, gboolean unsupported) {
    PkBackendSlot *slot = &compute->slots[compute->primary];
    if (unsupported) {
        slot->unsupported_ops |= 1u << op;
    } else {
        slot->unsupported_ops &= ~(1u << op);
    }
}

void pk_compute_test_set_check_outputs(PkCompute *compute, gboolean check) {
    compute->check_outputs = check;
}

/* Records the outcome of one call and tells the callback when something new happened. */
static void record_call(PkCompute *compute, gboolean fell_back, gboolean lost, const char *reason) {
    PkComputeFallback copy;
    PkComputeFallbackFunc func = NULL;
    gpointer data = NULL;
    g_mutex_lock(&compute->lock);
    compute->record.fell_back = fell_back;
    if (fell_back) {
        compute->record.n_fallbacks++;
        g_strlcpy(compute->record.reason, reason, sizeof compute->record.reason);
        if (!compute->notified_fallback) {
            compute->notified_fallback = TRUE;
            func = compute->fallback_func;
            g_message("compute: %s; the CPU answers (logged once)", reason);
        }
    }
    if (lost) {
        compute->record.device_lost = TRUE;
        if (!compute->notified_loss) {
            compute->notified_loss = TRUE;
            func = compute->fallback_func;
        }
    }
    data = compute->fallback_data;
    copy = compute->record;
    g_mutex_unlock(&compute->lock);
    if (func != NULL) {
        func(&copy, data);
    }
}

static gboolean slot_supports(PkBackendSlot *slot, PkOp op, const void *request) {
    if (slot->unsupported_ops & (1u << op)) {
        return FALSE;
    }
    return slot->vtable->supports == NULL || slot->vtable->supports(slot->backend, op, request);
}

/* Runs one call on one slot, creating and uploading the backend's dataset state first. */
static gboolean run_on_slot(PkCompute *compute, PkSlot index, PkComputeDataset *dataset,
                            const PkBackendData *data, PkOpCall call, gpointer user_data,
                            PkCancel *cancel, GError **error) {
    PkBackendSlot *slot = &compute->slots[index];
    const PkBackendVtable *vt = slot->vtable;
    gboolean ok = TRUE;
    g_mutex_lock(&slot->lock);
    if (dataset->states[index] == NULL && vt->dataset_new != NULL) {
        dataset->states[index] = vt->dataset_new(slot->backend, dataset->n_rows);
    }
    if (vt->dataset_upload != NULL) {
        ok = vt->dataset_upload(slot->backend, dataset->states[index], data, error);
        if (ok) {
            pk_dataset_count_uploaded(dataset, index, data);
        }
    }
    if (ok) {
        ok = call(vt, slot->backend, dataset->states[index], data, user_data, cancel, error);
    }
    g_mutex_unlock(&slot->lock);
    return ok;
}

static gboolean is_fallback_error(const GError *error) {
    return g_error_matches(error, PK_ERROR, PK_ERROR_DEVICE) ||
           g_error_matches(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
}

/* After a failed call on the primary: disables it when unhealthy. Returns TRUE if lost. */
static gboolean check_health(PkCompute *compute, PkSlot index) {
    PkBackendSlot *slot = &compute->slots[index];
    gboolean healthy = slot->vtable->is_healthy == NULL || slot->vtable->is_healthy(slot->backend);
    if (healthy) {
        return FALSE;
    }
    g_mutex_lock(&compute->lock);
    gboolean was = slot->disabled;
    slot->disabled = TRUE;
    g_mutex_unlock(&compute->lock);
    if (!was) {
        g_message("compute: %s lost its device; the CPU answers until restart", slot->vtable->name);
    }
    return !was;
}

gboolean pk_compute_dispatch(PkCompute *compute, PkComputeDataset *dataset, PkOp op,
                             const void *request, PkOpCall call, PkOpReset reset, PkOpCheck check,
                             gpointer user_data, PkCancel *cancel, const char **out_backend,
                             GError **error) {
    PkBackendData data;
    char reason[256] = "";
    gboolean lost = FALSE;
    gboolean ok = FALSE;
    GError *local = NULL;
    PkSlot slot = current_slot(compute);
    pk_dataset_snapshot(dataset, &data);
    if (slot != compute->primary) {
        g_snprintf(reason, sizeof reason, "%s is unavailable after losing its device",
                   compute->slots[compute->primary].vtable->name);
    } else if (!slot_supports(&compute->slots[slot], op, request)) {
        g_snprintf(reason, sizeof reason, "%s does not support this %s request",
                   compute->slots[slot].vtable->name, pk_compute_op_name(op));
        slot = compute->fallback;
    } else {
        ok = run_on_slot(compute, slot, dataset, &data, call, user_data, cancel, &local);
        if (!ok && !is_fallback_error(local)) {
            g_propagate_error(error, local);
            goto out;
        }
        if (ok) {
            check(user_data, compute->slots[slot].vtable->name);
            *out_backend = compute->slots[slot].vtable->name;
            record_call(compute, FALSE, FALSE, "");
            goto out;
        }
        g_snprintf(reason, sizeof reason, "%s failed: %s", compute->slots[slot].vtable->name,
                   local->message);
        g_clear_error(&local);
        lost = check_health(compute, slot);
        slot = compute->fallback;
        if (!reset(user_data, error)) {
            goto out;
        }
    }
    g_debug("compute: %s; %s answers", reason, compute->slots[slot].vtable->name);
    ok = run_on_slot(compute, slot, dataset, &data, call, user_data, cancel, error);
    if (ok) {
        check(user_data, compute->slots[slot].vtable->name);
        *out_backend = compute->slots[slot].vtable->name;
    }
    record_call(compute, TRUE, lost, reason);
out:
    g_free((gpointer)data.columns);
    return ok;
}
