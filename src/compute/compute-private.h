/* compute-private.h — what the engine's files (compute.c, compute-ops.c, dataset.c,
 * validate.c) share, and the test hooks tests reach through this header.
 *
 * Registry: up to PK_SLOT_COUNT backend instances, indexed by a fixed slot. `primary` is the
 * slot the policy chose; `fallback` answers when the primary cannot (the CPU fast path, or the
 * reference when the fast path is itself the primary). A slot whose backend reported itself
 * unhealthy after an error is `disabled` for the engine's lifetime. */
#pragma once

#include "backend.h"

G_BEGIN_DECLS

typedef enum {
    PK_SLOT_VULKAN,
    PK_SLOT_CPU,
    PK_SLOT_CPU_REFERENCE,
    PK_SLOT_COUNT,
} PkSlot;

typedef struct {
    const PkBackendVtable *vtable; /* NULL when the backend did not probe */
    PkBackend *backend;
    GMutex lock;             /* serialises calls into the backend */
    gboolean disabled;       /* lost its device: never used again */
    guint32 unsupported_ops; /* test hook: bit (1 << op) = treat as unsupported */
} PkBackendSlot;

struct PkCompute {
    PkComputePolicy policy;
    PkBackendSlot slots[PK_SLOT_COUNT];
    PkSlot primary;
    PkSlot fallback;
    char *probe_note;
    GMutex lock; /* guards the fields below */
    PkComputeFallback record;
    gboolean notified_fallback;
    gboolean notified_loss;
    PkComputeFallbackFunc fallback_func;
    gpointer fallback_data;
    gboolean check_outputs; /* poison outputs before a backend writes them */
    PkComputeCounters counters;
};

/* One column of a dataset: the host view backends read, plus what keeps it alive. */
typedef struct {
    PkColumn *column;      /* owned reference, or NULL for borrowed arrays */
    double *owned;         /* converted or derived doubles we allocated */
    gint log_index;        /* index of the cached log10 column, -1 if none yet */
    guint64 n_nonpositive; /* log columns: source rows with v <= 0 */
} PkDatasetColumn;

struct PkComputeDataset {
    PkCompute *compute;
    gsize n_rows;
    GMutex lock;     /* guards appends (log columns are derived on demand) */
    GArray *columns; /* PkDatasetColumn */
    GArray *views;   /* PkBackendColumn, parallel to columns */
    gpointer states[PK_SLOT_COUNT];
    guint n_uploaded[PK_SLOT_COUNT]; /* columns each backend state holds (counters) */
};

/* dataset.c */
/* A snapshot of the dataset for one backend call: out->columns is a copy the caller frees
 * with g_free (another thread may append a derived column meanwhile). */
void pk_dataset_snapshot(PkComputeDataset *dataset, PkBackendData *out);
gboolean pk_dataset_is_doubles(PkComputeDataset *dataset, guint column);
gboolean pk_dataset_is_codes(PkComputeDataset *dataset, guint column);
/* The index of the log10 column derived from column (derived and cached on first use). */
gboolean pk_dataset_get_log_column(PkComputeDataset *dataset, guint column, guint *out_index,
                                   GError **error);
/* Rows where any of the given (source) columns holds v <= 0 (n_columns is 1 or 2). */
guint64 pk_dataset_count_nonpositive(PkComputeDataset *dataset, const guint *columns,
                                     guint n_columns);
void pk_dataset_free_states(PkComputeDataset *dataset);

/* compute.c: adds n to one of compute's counters (under its lock). */
void pk_compute_count(PkCompute *compute, guint64 *counter, guint64 n);
/* After a successful upload of data into slot's state of dataset: counts the new columns. */
void pk_dataset_count_uploaded(PkComputeDataset *dataset, PkSlot slot, const PkBackendData *data);

/* validate.c — PK_ERROR_INVALID / PK_ERROR_TOO_LARGE with a message naming the field. */
#define PK_HIST1D_MAX_BINS (1u << 20)
#define PK_M4_MAX_WIDTH (1u << 16)
gboolean pk_validate_axis(const char *what, double lo, double hi, guint n, guint max_n, PkAxis axis,
                          GError **error);
gboolean pk_validate_predicate(PkComputeDataset *dataset, const PkPredicate *predicate,
                               GError **error);
gboolean pk_validate_bin2d(PkComputeDataset *dataset, const PkBin2dRequest *request,
                           GError **error);
gboolean pk_validate_hist1d(PkComputeDataset *dataset, const PkHist1dRequest *request,
                            GError **error);
gboolean pk_validate_m4(PkComputeDataset *dataset, const PkM4Request *request, GError **error);

/* compute.c — runs op on the primary backend, falling back to the CPU per call.
 * `reset` reinitialises the output before a retry; `call` runs one backend. */
typedef gboolean (*PkOpCall)(const PkBackendVtable *vtable, PkBackend *backend, gpointer state,
                             const PkBackendData *data, gpointer user_data, PkCancel *cancel,
                             GError **error);
typedef gboolean (*PkOpReset)(gpointer user_data, GError **error);
typedef void (*PkOpCheck)(gpointer user_data, const char *backend);
gboolean pk_compute_dispatch(PkCompute *compute, PkComputeDataset *dataset, PkOp op,
                             const void *request, PkOpCall call, PkOpReset reset, PkOpCheck check,
                             gpointer user_data, PkCancel *cancel, const char **out_backend,
                             GError **error);
const char *pk_compute_op_name(PkOp op);

/* compute-ops.c — output planes with a trailing guard band (see there). */
gpointer pk_compute_alloc_plane(PkCompute *compute, gsize n, gsize size, GError **error);
/* Aborts naming backend if the guard band after the plane was overwritten. NULL-safe. */
void pk_compute_check_plane(gconstpointer plane, gsize n, gsize size, const char *backend);
/* Sets PK_ERROR_UNSUPPORTED when a backend lacks the op's function (!present). */
void pk_compute_unsupported_if_missing(gboolean present, const char *backend, PkOp op,
                                       GError **error);

/* Test hooks. */
/* Makes the engine treat op as unsupported by its primary backend. */
void pk_compute_test_set_unsupported(PkCompute *compute, PkOp op, gboolean unsupported);
/* Poisons outputs before every backend call so that an element a backend forgets to write
 * shows up in parity tests (guard bands are always checked). */
void pk_compute_test_set_check_outputs(PkCompute *compute, gboolean check);

/* Trailing guard band after every output plane (bytes), checked after each backend call. */
#define PK_GUARD_SIZE 64
#define PK_GUARD_BYTE 0xA7

G_END_DECLS
