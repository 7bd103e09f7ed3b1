/* scale.c — data-to-pixel mappings: linear, log (decades), time and categorical (linear over
 * the category index). Invariant: d0 != d1 (callers widen degenerate ranges first); on a log
 * scale d0, d1 > 0. */
#include "pika/render-kit.h"

#include <math.h>

static double transform(PkScaleKind kind, double v) {
    if (kind == PK_SCALE_LOG) {
        return v > 0 ? log10(v) : NAN;
    }
    return v;
}

void pk_scale_init(PkScale *scale, PkScaleKind kind, double d0, double d1, double r0, double r1) {
    scale->kind = kind == PK_SCALE_AUTO ? PK_SCALE_LINEAR : kind;
    scale->d0 = d0;
    scale->d1 = d1;
    scale->r0 = r0;
    scale->r1 = r1;
}

double pk_scale_map(const PkScale *scale, double v) {
    double t0 = transform(scale->kind, scale->d0);
    double t1 = transform(scale->kind, scale->d1);
    double t = transform(scale->kind, v);
    if (isnan(t) || t1 == t0) {
        return NAN;
    }
    return scale->r0 + (t - t0) / (t1 - t0) * (scale->r1 - scale->r0);
}

double pk_scale_invert(const PkScale *scale, double px) {
    double t0 = transform(scale->kind, scale->d0);
    double t1 = transform(scale->kind, scale->d1);
    if (scale->r1 == scale->r0) {
        return NAN;
    }
    double t = t0 + (px - scale->r0) / (scale->r1 - scale->r0) * (t1 - t0);
    return scale->kind == PK_SCALE_LOG ? pow(10.0, t) : t;
}
