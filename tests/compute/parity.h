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

/* Registers /compute/parity/<label>/<op>/<shape> for every op and shape, answered by the
 * engine `get_engine()` returns (NULL: skip with the reason from get_skip_reason()). */
typedef PkCompute *(*ParityEngineFunc)(const char **out_skip_reason);
void parity_add_tests(const char *label, ParityEngineFunc get_engine);
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
void parity_data_free(ParityData *data);
PkComputeDataset *parity_dataset(PkCompute *compute, const ParityData *data);

/* Asserts two results equal (integers exact, floats within tolerance). */
void parity_assert_grid(const PkGrid *a, const PkGrid *b, PkAgg agg);
void parity_assert_m4(const PkM4 *a, const PkM4 *b);

G_END_DECLS
