/* vk-test-util.h — helpers for the Vulkan backend tests: a backend on whatever device the
 * loader finds (tests skip only when there is none), seeded data, a direct reimplementation
 * of the bin formula of pika/compute.h as the oracle. */
#pragma once

#include "vk-private.h"

G_BEGIN_DECLS

/* The backend, or NULL after g_test_skip("no Vulkan device: ...") when none exists. */
PkBackend *pk_vkt_backend_new(void);
/* The seed from PIKA_TEST_SEED or a fixed default, printed once. */
guint32 pk_vkt_seed(void);
double pk_vkt_uniform(GRand *rand, double lo, double hi);
/* The bin of v on an axis of n bins over [lo, hi), or -1 when v is skipped. */
gint pk_vkt_bin(double v, double lo, double hi, guint n);
/* Reference bin2d counts (plane), and the four counters. */
void pk_vkt_ref_counts(const double *x, const double *y, gsize n, const PkViewport *vp,
                       guint32 *counts, guint64 *out_counters);

G_END_DECLS
