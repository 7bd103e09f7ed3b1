/* parity.h — the backend parity table shared by test-compute-parity (CPU fast) and
 * test-compute-vulkan (Vulkan): every operation × a table of shapes, run on one engine and on
 * the CPU reference, integer outputs bit-identical, floats within PK_COMPUTE_FLOAT_RTOL.
 *
 * Shapes are generated from the test seed (PIKA_TEST_SEED, printed). Every call runs with
 * poisoned outputs and guard bands (compute-private.h), so an element a backend forgets to
 * write, or a write past a plane, fails the test. */
#pragma once

#include "compute-private.h"

#include <glib.h>

G_BEGIN_DECLS

/* The seed (PIKA_TEST_SEED or a fixed default), printed once. */
guint32 parity_seed(void);

/* Who must answer the calls of an engine under test. Every case asserts it: the backend named
 * in the result (PkGrid.backend, ...), and what pk_compute_get_fallback() reports for the call
 * (column statistics have no backend field: there the fallback record alone tells). */
typedef struct {
    const char *backend; /* the backend that answers every operation ("cpu", "vulkan") */
    /* Operations the backend documents as answered by the CPU, by their names in the test
     * paths ("bin2d-sum"), NULL-terminated; NULL when there are none. For those the CPU
     * ("cpu") must answer, and the call must be recorded as a fallback whose reason contains
     * fallback_reason, with the device not lost. */
    const char *const *cpu_only;
    const char *fallback_reason;
} ParityExpect;

/* Registers /compute/parity/<label>/<op>/<shape> for every op and shape, answered by the
 * engine `get_engine()` returns (NULL: skip with the reason it gives), asserting who answers
 * as `expect` says (borrowed: must outlive the tests). */
typedef PkCompute *(*ParityEngineFunc)(const char **out_skip_reason);
void parity_add_tests(const char *label, ParityEngineFunc get_engine, const ParityExpect *expect);
/* The shared reference engine. */
PkCompute *parity_reference(void);

/* Shape data for other tests: n rows of x, y, value, category codes (0..7 and NONE). */
typedef struct {
    gsize n_rows;
    double *xs, *ys, *vs;
    guint32 *codes;
    PkViewport viewport;
} ParityData;
ParityData *parity_data_new_uniform(gsize n_rows, guint32 seed);
/* Points on the exact bin edges of a 1920 x 1080 grid over [-3.7e5, 1.23e6) x [0.1, 0.7):
 * for every bin i the smallest double the bin formula of pika/compute.h puts in bin i, found
 * by bisection over doubles with that formula (not lo + i * width / n, which can land one bin
 * off), the largest double below it, and the nominal edge lo + i * width / n; x edges are
 * paired with y edges (x edge i with y edge i % 1081). If out_cells is not NULL it receives,
 * per row, the cell (row-major, y * 1920 + x) the formula puts the row in, or -1 outside the
 * viewport; free with g_free. Values and codes come from seed. */
ParityData *parity_data_new_exact_edges(guint32 seed, gint64 **out_cells);
void parity_data_free(ParityData *data);
PkComputeDataset *parity_dataset(PkCompute *compute, const ParityData *data);

/* Asserts two results equal (integers exact, floats within tolerance). */
void parity_assert_grid(const PkGrid *a, const PkGrid *b, PkAgg agg);
void parity_assert_m4(const PkM4 *a, const PkM4 *b);

G_END_DECLS
