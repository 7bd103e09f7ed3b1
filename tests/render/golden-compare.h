/* golden-compare.h — a drawn picture against a reference PNG in tests/render/golden/, for the
 * golden scenes (test-golden) and the PNGs `pika plot` writes (test-cli-plot).
 *
 * Two rules; a picture passes when both hold:
 *   - whole picture: at most 0.2% of its pixels differ by more than 24 levels in a channel
 *     (text antialiasing and hinting differ a little between machines; a mark that moved or is
 *     missing does not pass);
 *   - inside the plot area, less a 2-pixel border (the axis lines): the mean absolute channel
 *     difference is at most 1 level, and at most 2% of its pixels differ by more than 8 levels
 *     in a channel. Antialiasing noise is sparse and barely moves the mean; a colour map or
 *     shading shifted by 20 levels, which the first rule alone lets through, fails.
 * PIKA_UPDATE_GOLDEN=1 writes the picture as the new reference instead of comparing. */
#pragma once

#include "pika/render.h"

#include <cairo.h>
#include <glib.h>

typedef struct {
    guint n_differ;      /* pixels of the whole picture beyond the first rule's 24 levels */
    guint n_pixels;      /* pixels of the whole picture */
    double area_mean;    /* mean absolute channel difference inside the plot area */
    guint area_n_differ; /* pixels of the plot area beyond 8 levels */
    guint area_n_pixels; /* pixels of the plot area compared */
} PkGoldenDiff;

/* Compares two ARGB32 images of one size; area is the plot area (NULL: the second rule is not
 * applied). Fills out_diff (may be NULL); returns TRUE when the picture passes both rules. */
gboolean pk_golden_compare(cairo_surface_t *actual, cairo_surface_t *expected, const PkRect *area,
                           PkGoldenDiff *out_diff);
/* A reference PNG as an ARGB32 image (new reference), or NULL when it cannot be read. */
cairo_surface_t *pk_golden_load(const char *path);
/* tests/render/golden/<file>, newly allocated. */
char *pk_golden_path(const char *file);
/* Compares actual with the reference <file>, or writes it there under PIKA_UPDATE_GOLDEN=1.
 * On a mismatch writes actual to $PIKA_BUILD_DIR/golden-actual/<file> and aborts the test
 * naming both files and the figures of each rule. */
void pk_golden_check(cairo_surface_t *actual, const char *file, const PkRect *area);
