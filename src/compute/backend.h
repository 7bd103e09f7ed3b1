/* backend.h — the interface every compute backend implements (private to src/compute).
 *
 * The front end (compute.c) owns validation, log-axis derivation, output allocation and
 * fallback; a backend only aggregates. What a backend sees:
 *
 *   PkBackendData        the dataset's columns as host arrays (doubles or uint32 codes), all of
 *                        n_rows rows; columns are only ever appended, never changed.
 *   per-dataset state    gpointer the backend created in dataset_new (device-resident copies of
 *                        the columns it has uploaded so far; it uploads missing ones on demand).
 *   requests             only linear axes (the front end rewrote log axes to log10 columns);
 *                        viewports and column indices already validated.
 *   outputs              allocated by the front end with every requested plane present (see the
 *                        public result structs); the backend writes EVERY element of every
 *                        present plane and the counters, and sets nothing else. On failure the
 *                        front end discards the output and may retry on another backend.
 *
 * Errors: PK_ERROR_CANCELLED when the token fires; PK_ERROR_DEVICE for anything the device did
 * wrong (the front end falls back to the CPU and asks is_healthy() whether to stop using the
 * backend); PK_ERROR_NOMEM for host allocations; PK_ERROR_UNSUPPORTED if a request slipped past
 * supports(). Thread rule: the front end serialises calls into one backend instance. */
#pragma once

#include "pika/compute.h"

#include <math.h>

G_BEGIN_DECLS

/* Range statistics of no rows yet: extremes NaN, nothing counted. */
#define PK_RANGE_STATS_EMPTY ((PkRangeStats){NAN, NAN, 0, 0, 0, NAN})

typedef enum {
    PK_OP_BIN2D,
    PK_OP_HIST1D,
    PK_OP_STATS,
    PK_OP_M4,
    PK_OP_MASK,
} PkOp;

typedef struct {
    const double *doubles; /* NULL for category columns */
    const guint32 *codes;  /* NULL for double columns */
} PkBackendColumn;

typedef struct {
    gsize n_rows;
    guint n_columns;
    const PkBackendColumn *columns;
} PkBackendData;

typedef struct PkBackend PkBackend; /* each backend defines its own struct */

typedef struct {
    const char *name; /* "cpu-reference", "cpu", "vulkan" */

    /* Creates an instance. FALSE with a reason (PK_ERROR_UNSUPPORTED: no loader, no device, ...)
     * when the backend cannot run on this machine. */
    gboolean (*probe)(PkBackend **out_backend, GError **error);
    void (*destroy)(PkBackend *backend);
    const PkComputeCaps *(*get_caps)(PkBackend *backend);
    /* FALSE when the backend lost its device and must not be used again. */
    gboolean (*is_healthy)(PkBackend *backend);

    /* Whether this backend can run the request (request points to the op's request struct;
     * NULL for PK_OP_STATS). */
    gboolean (*supports)(PkBackend *backend, PkOp op, const void *request);
    /* Device bytes the request needs for n_rows rows (0 on the CPU). */
    guint64 (*estimate)(PkBackend *backend, PkOp op, const void *request, gsize n_rows);

    gpointer (*dataset_new)(PkBackend *backend, gsize n_rows);
    /* Uploads every column not yet resident. */
    gboolean (*dataset_upload)(PkBackend *backend, gpointer state, const PkBackendData *data,
                               GError **error);
    void (*dataset_free)(PkBackend *backend, gpointer state);

    gboolean (*bin2d)(PkBackend *backend, gpointer state, const PkBackendData *data,
                      const PkBin2dRequest *request, PkGrid *out, PkCancel *cancel, GError **error);
    gboolean (*hist1d)(PkBackend *backend, gpointer state, const PkBackendData *data,
                       const PkHist1dRequest *request, PkHistogram *out, PkCancel *cancel,
                       GError **error);
    gboolean (*stats)(PkBackend *backend, gpointer state, const PkBackendData *data, guint column,
                      PkRangeStats *out, PkCancel *cancel, GError **error);
    gboolean (*m4)(PkBackend *backend, gpointer state, const PkBackendData *data,
                   const PkM4Request *request, PkM4 *out, PkCancel *cancel, GError **error);
    gboolean (*mask)(PkBackend *backend, gpointer state, const PkBackendData *data,
                     const PkPredicate *predicate, PkMask *out, PkCancel *cancel, GError **error);

    /* Test hooks (may be NULL on CPU backends). */
    void (*inject_device_loss)(PkBackend *backend, guint after_chunks);
    void (*set_memory_cap)(PkBackend *backend, guint64 cap_size);
    /* CPU backends: threads to use from now on (0 = one per processor). May be NULL. */
    void (*set_n_threads)(PkBackend *backend, guint n_threads);
} PkBackendVtable;

const PkBackendVtable *pk_backend_cpu_reference_vtable(void);
const PkBackendVtable *pk_backend_cpu_fast_vtable(void);
#ifdef PIKA_HAVE_VULKAN
const PkBackendVtable *pk_backend_vulkan_vtable(void);
#endif

G_END_DECLS
