/* pika/compute.h — exact aggregation of many rows into pixel grids, on the CPU or a GPU.
 *
 * Main objects:
 *   PkCompute         the engine: probes backends (CPU reference, CPU fast, Vulkan) in priority
 *                     order, picks one by policy, and answers every call, falling back to the CPU
 *                     per call when the chosen backend cannot (visible through
 *                     pk_compute_get_fallback()).
 *   PkComputeDataset  columns registered once (and, on a GPU, uploaded once) over which many
 *                     requests run: pan and zoom re-aggregate without re-reading the data.
 *   PkGrid, PkHistogram, PkM4, PkMask   results: plain structs, owned by the caller.
 *
 * ## The bin formula (identical on every backend)
 * For an axis with n bins over the half-open range [lo, hi) and a value v (a double):
 *
 *     if (!(v >= lo && v < hi)) skip                 NaN, ±inf and out-of-range values skip
 *     t = (float)(v - lo)                            double subtraction, one rounding to float32
 *     s = (float)((double)n / (hi - lo))             once per request, in double, then float32
 *     i = (int)floorf(t * s)                         one float32 multiply, no FMA contraction
 *     if (i > n - 1) i = n - 1                       rounding may reach n just below hi
 *
 * so bins are half-open, the viewport's upper edge is excluded, and coordinates are made
 * relative to the viewport origin before going to float32 (a view one millionth as wide as a
 * range of timestamps near 1.7e15 still bins exactly). Log axes: v <= 0 is skipped and counted
 * (n_nonpositive), otherwise log10(v), computed once per dataset on the CPU in double, is binned
 * linearly over [log10(lo), log10(hi)). Backends only ever see linear axes.
 * Rows are numbered from 0 and a dataset holds fewer than 2^32 rows; counts are uint32.
 *
 * ## Exactness
 * Integer outputs (counts, per-category and selected counts, representative rows, M4 rows,
 * masks) are bit-identical on every backend. Float outputs (sums, means) match the CPU
 * reference within PK_COMPUTE_FLOAT_RTOL relative error; min and max are exact.
 *
 * ## Threads
 * A PkCompute may be used from any thread; calls are serialised per backend where the device
 * needs it. A dataset must not be freed while a request over it runs. Results are plain memory
 * owned by the caller. Every long call takes a PkCancel (NULL = not cancellable) and stops
 * soon after it is requested, with PK_ERROR_CANCELLED. */
#pragma once

#include "pika/cancel.h"
#include "pika/column.h"

#include <glib.h>

G_BEGIN_DECLS

/* Relative tolerance of float outputs (sums, means) against the CPU reference. */
#define PK_COMPUTE_FLOAT_RTOL 1e-5
/* Largest grid side and number of category planes. */
#define PK_COMPUTE_MAX_GRID_SIDE 4096
#define PK_COMPUTE_MAX_CATEGORIES 256
/* "No row": empty bins in representative-row and M4 outputs. */
#define PK_ROW_NONE G_MAXUINT32
/* A category code that is skipped (NULL rows of a category column carry it). */
#define PK_CATEGORY_NONE G_MAXUINT32

typedef struct PkCompute PkCompute;
typedef struct PkComputeDataset PkComputeDataset;

typedef enum {
    PK_COMPUTE_POLICY_AUTO,          /* Vulkan on a real GPU, else the CPU fast path */
    PK_COMPUTE_POLICY_CPU,           /* the CPU fast path */
    PK_COMPUTE_POLICY_VULKAN,        /* Vulkan on any device, lavapipe included; CPU if none */
    PK_COMPUTE_POLICY_CPU_REFERENCE, /* the scalar oracle (tests, debugging) */
} PkComputePolicy;

typedef enum {
    PK_DEVICE_TYPE_CPU,
    PK_DEVICE_TYPE_INTEGRATED_GPU,
    PK_DEVICE_TYPE_DISCRETE_GPU,
    PK_DEVICE_TYPE_VIRTUAL_GPU,
    PK_DEVICE_TYPE_OTHER,
} PkDeviceType;

/* What a backend can do. Strings are static or live as long as the engine. */
typedef struct {
    const char *backend;     /* "cpu-reference", "cpu", "vulkan" */
    const char *device_name; /* "llvmpipe (LLVM 15.0.6, 256 bits)", "NVIDIA H100 ...", "CPU" */
    PkDeviceType device_type;
    gboolean is_gpu;         /* a real GPU (not a CPU device such as lavapipe) */
    guint64 memory_size;     /* device heap (or RAM) in bytes */
    guint64 memory_cap;      /* bytes this backend allows itself (70% of the heap) */
    guint64 max_buffer_size; /* largest single buffer in bytes */
    guint max_grid_width;
    guint max_grid_height;
    guint workgroup_size; /* invocations per workgroup; 1 on the CPU */
    guint n_threads;      /* CPU threads used; 0 on a GPU */
} PkComputeCaps;

/* What happened on the most recent call, and since the engine started. */
typedef struct {
    gboolean fell_back;   /* the last call was answered by the CPU instead */
    gboolean device_lost; /* the GPU backend is marked unhealthy until restart */
    guint64 n_fallbacks;  /* calls answered by the CPU instead, since start */
    char reason[256];     /* the last fallback's reason, "" if none */
} PkComputeFallback;

typedef enum {
    PK_AXIS_LINEAR,
    PK_AXIS_LOG,
} PkAxis;

/* A viewport [x0, x1) × [y0, y1) in data coordinates, split into width × height bins.
 * Bin (0, 0) is at (x0, y0); grids are row-major, row 0 the lowest y. */
typedef struct {
    double x0, x1, y0, y1;
    PkAxis x_axis, y_axis;
    guint width, height;
} PkViewport;

typedef enum {
    PK_AGG_COUNT,
    PK_AGG_SUM,
    PK_AGG_MEAN, /* sums and counts; the mean is sums[i] / counts[i] */
    PK_AGG_MIN,
    PK_AGG_MAX,
} PkAgg;

typedef enum {
    PK_PREDICATE_NONE,
    PK_PREDICATE_BOX,        /* [x0, x1) × [y0, y1) over two columns */
    PK_PREDICATE_POLYGON,    /* inside a simple polygon (even-odd rule) over two columns */
    PK_PREDICATE_CATEGORIES, /* category code in a set */
    PK_PREDICATE_MASK,       /* a row bitmap */
} PkPredicateKind;

/* A row predicate: a selection for brushing, a filter for series. Pointers are borrowed for
 * the duration of a call. Polygon test: a point (px, py) is inside when a ray to +x crosses an
 * odd number of edges; edge (a, b) crosses when (a.y > py) != (b.y > py) and
 * (b.x - a.x) * (py - a.y) - (px - a.x) * (b.y - a.y) has the sign of (b.y - a.y) (strictly),
 * evaluated in double without FMA. */
typedef struct {
    PkPredicateKind kind;
    guint x_column, y_column; /* BOX, POLYGON */
    double x0, x1, y0, y1;    /* BOX */
    const double *polygon;    /* POLYGON: n_vertices (x, y) pairs */
    guint n_vertices;
    guint category_column;       /* CATEGORIES */
    const guint64 *category_set; /* CATEGORIES: 4 words, bit c = code c selected */
    const guint64 *mask;         /* MASK: ceil(n_rows / 64) words, validity layout */
} PkPredicate;

/* One bin2d request: counts always; optionally a value aggregate, per-category planes, a
 * "selected" plane and a representative row per bin — all in one pass over the rows. */
typedef struct {
    guint x_column, y_column;
    PkViewport viewport;
    PkAgg agg;                    /* COUNT: no value planes */
    gint value_column;            /* -1 unless agg != COUNT */
    gint category_column;         /* -1 = no category planes */
    guint n_categories;           /* planes 0..n-1; other codes are skipped */
    const PkPredicate *selection; /* NULL = no selected plane */
    gboolean want_representative; /* the smallest row id in each bin */
} PkBin2dRequest;

#define PK_BIN2D_REQUEST_INIT                                                                      \
    {                                                                                              \
        0, 1, {0, 1, 0, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 1, 1}, PK_AGG_COUNT, -1, -1, 0, NULL,   \
            FALSE                                                                                  \
    }

/* The result of bin2d. Planes are width × height, row-major; absent planes are NULL.
 * Free with pk_grid_free. */
typedef struct {
    guint width, height;
    guint32 *counts;          /* rows per bin (after NaN/range/value checks) */
    guint32 *selected;        /* rows per bin that satisfy the selection */
    guint32 *category_counts; /* n_categories planes, plane c at c * width * height */
    guint n_categories;
    double *values;            /* SUM/MEAN: sums; MIN/MAX: the extreme (NaN in empty bins) */
    guint32 *representative;   /* smallest row id per bin, PK_ROW_NONE if empty */
    guint64 n_in_view;         /* rows counted */
    guint64 n_selected;        /* rows counted and selected */
    guint64 n_skipped_invalid; /* x or y (or value) NaN, ±inf or NULL, or <= 0 on a log axis;
                                * n_in_view + n_skipped_invalid + n_out_of_view = rows */
    guint64 n_out_of_view;     /* finite but outside the viewport */
    guint64 n_nonpositive;     /* rows skipped because a log axis saw v <= 0 (-inf too);
                                * these rows are also in n_skipped_invalid */
    const char *backend;       /* which backend answered ("cpu", "vulkan", ...); static */
} PkGrid;

typedef struct {
    guint column;
    double lo, hi; /* [lo, hi) */
    guint n_bins;
    PkAxis axis;
    const PkPredicate *selection; /* NULL = none */
} PkHist1dRequest;

typedef struct {
    guint n_bins;
    guint32 *counts;
    guint32 *selected; /* NULL without a selection */
    guint64 n_in_range, n_selected, n_skipped_invalid, n_out_of_range, n_nonpositive;
    const char *backend;
} PkHistogram;

/* Range statistics of a column, for automatic ranges. */
typedef struct {
    double min, max; /* over finite values; NaN when there are none */
    guint64 n_finite;
    guint64 n_nan; /* NaN or NULL */
    guint64 n_inf;
    double min_positive; /* smallest finite value > 0 (for log axes), NaN if none */
} PkRangeStats;

/* M4 line reduction: per pixel column (x binned with the bin formula over [x0, x1)), the rows
 * holding the first (smallest row id), last (largest row id), min y and max y (ties: the
 * smallest row id). Rows whose y is not finite, or outside an optional filter, are skipped.
 * Works for sorted and unsorted x. */
typedef struct {
    guint x_column, y_column;
    double x0, x1;
    guint width;
    const PkPredicate *filter; /* NULL = every row (a series: a CATEGORIES predicate) */
} PkM4Request;

typedef struct {
    guint width;
    guint32 *first_row, *last_row, *min_row, *max_row; /* PK_ROW_NONE in empty columns */
    double *min_y, *max_y;                             /* NaN in empty columns */
    guint64 n_rows_used;
    const char *backend;
} PkM4;

/* A row bitmap (validity layout) and how many bits are set. */
typedef struct {
    gsize n_rows;
    guint64 *words;
    guint64 n_set;
    const char *backend;
} PkMask;

/* Engine ------------------------------------------------------------------------------------ */

/* Parses "auto", "cpu", "vulkan", "cpu-reference" into out_policy. FALSE if unknown. */
gboolean pk_compute_policy_parse(const char *text, PkComputePolicy *out_policy);
/* The policy from PIKA_COMPUTE in the environment, or fallback when unset or unknown (logged). */
PkComputePolicy pk_compute_policy_from_env(PkComputePolicy fallback);

/* Probes backends and picks one by policy (applications pass
 * pk_compute_policy_from_env(PK_COMPUTE_POLICY_AUTO) so that PIKA_COMPUTE overrides it).
 * Never fails for lack of a GPU: the CPU always answers (a missing Vulkan loader or device is
 * logged and explained by pk_compute_get_probe_note).
 * Returns a new engine; free with pk_compute_free. */
PkCompute *pk_compute_new(PkComputePolicy policy, GError **error);
void pk_compute_free(PkCompute *compute); /* NULL-safe */

/* The capabilities of the backend requests go to first. Borrowed, lives as long as compute. */
const PkComputeCaps *pk_compute_get_caps(PkCompute *compute);
/* Every backend that probed successfully (PkComputeCaps *, borrowed), for `pika info`. */
GPtrArray *pk_compute_list_backends(PkCompute *compute);
/* Why the policy's backend is not in use, or NULL when it is ("no Vulkan loader", ...). */
const char *pk_compute_get_probe_note(PkCompute *compute);
/* Fills out with what happened on the most recent call and since start. */
void pk_compute_get_fallback(PkCompute *compute, PkComputeFallback *out);

/* Work the engine has done since it was made, for callers that keep datasets to check that
 * they do not repeat it (tests count around a call; benchmarks print the figures). */
typedef struct {
    guint64 n_datasets;          /* datasets made (pk_compute_dataset_new) */
    guint64 n_converted_columns; /* columns converted to doubles when added (INT64, TIMESTAMP,
                                    BOOL) */
    guint64 n_column_stats;      /* column statistics computed (pk_compute_column_stats) */
    guint64 n_uploaded_columns;  /* dataset columns copied to a device (none on the CPU) */
} PkComputeCounters;

/* Fills out with the engine's counters. Any thread. */
void pk_compute_get_counters(PkCompute *compute, PkComputeCounters *out);

/* Called (on the calling thread) the first time a call falls back to the CPU and when the
 * device is lost: the UI shows a toast. */
typedef void (*PkComputeFallbackFunc)(const PkComputeFallback *fallback, gpointer user_data);
void pk_compute_set_fallback_func(PkCompute *compute, PkComputeFallbackFunc func,
                                  gpointer user_data);

/* Test hook: the GPU backend reports device loss after `after_chunks` more chunks of work
 * (0 = on the next). Also set by PIKA_COMPUTE_INJECT_LOSS=N in the environment. */
void pk_compute_inject_device_loss(PkCompute *compute, guint after_chunks);
/* Test and benchmark hook: caps the GPU memory this engine allows itself (bytes; 0 = default
 * 70% of the heap), forcing large requests to stream in chunks. */
void pk_compute_set_memory_cap(PkCompute *compute, guint64 cap_size);
/* Benchmark hook: threads the CPU fast path uses (0 = one per processor, the default; the
 * environment variable PIKA_THREADS=N sets it too). */
void pk_compute_set_n_threads(PkCompute *compute, guint n_threads);

/* Datasets ---------------------------------------------------------------------------------- */

/* A dataset of n_rows rows over which requests run. Free with pk_compute_dataset_free. */
PkComputeDataset *pk_compute_dataset_new(PkCompute *compute, gsize n_rows, GError **error);
void pk_compute_dataset_free(PkComputeDataset *dataset); /* NULL-safe; releases device memory */

/* Adds a published column (takes a reference) and returns its index in out_index. DOUBLE is
 * used as is; INT64, TIMESTAMP and BOOL are converted to double once (NULL -> NaN); CATEGORY
 * codes are used as is (NULL -> PK_CATEGORY_NONE). Its row count must be the dataset's. */
gboolean pk_compute_dataset_add_column(PkComputeDataset *dataset, PkColumn *column,
                                       guint *out_index, GError **error);
/* Adds borrowed doubles (must outlive the dataset) — for benchmarks and tests. */
guint pk_compute_dataset_add_doubles(PkComputeDataset *dataset, const double *values);
/* Adds borrowed category codes (must outlive the dataset). */
guint pk_compute_dataset_add_codes(PkComputeDataset *dataset, const guint32 *codes);
gsize pk_compute_dataset_get_n_rows(const PkComputeDataset *dataset);
/* Uploads the dataset's columns to the device now (otherwise the first request does), so that
 * later requests measure aggregation alone. A no-op on the CPU. */
gboolean pk_compute_dataset_make_resident(PkComputeDataset *dataset, GError **error);

/* Operations -------------------------------------------------------------------------------- */

/* Bin2d (operations 1-5). out_grid is written only on success; free with pk_grid_free.
 * Errors: PK_ERROR_INVALID (bad viewport, grid too large, unknown column, value column
 * missing), PK_ERROR_NOMEM, PK_ERROR_CANCELLED. Device errors fall back to the CPU. */
gboolean pk_compute_bin2d(PkCompute *compute, PkComputeDataset *dataset,
                          const PkBin2dRequest *request, PkCancel *cancel, PkGrid **out_grid,
                          GError **error);
void pk_grid_free(PkGrid *grid); /* NULL-safe */

gboolean pk_compute_hist1d(PkCompute *compute, PkComputeDataset *dataset,
                           const PkHist1dRequest *request, PkCancel *cancel,
                           PkHistogram **out_histogram, GError **error);
void pk_histogram_free(PkHistogram *histogram); /* NULL-safe */

gboolean pk_compute_column_stats(PkCompute *compute, PkComputeDataset *dataset, guint column,
                                 PkCancel *cancel, PkRangeStats *out_stats, GError **error);

gboolean pk_compute_m4(PkCompute *compute, PkComputeDataset *dataset, const PkM4Request *request,
                       PkCancel *cancel, PkM4 **out_m4, GError **error);
void pk_m4_free(PkM4 *m4); /* NULL-safe */

gboolean pk_compute_mask(PkCompute *compute, PkComputeDataset *dataset,
                         const PkPredicate *predicate, PkCancel *cancel, PkMask **out_mask,
                         GError **error);
void pk_mask_free(PkMask *mask); /* NULL-safe */

G_END_DECLS
