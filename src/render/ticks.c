/* ticks.c — where ticks go and what they say.
 *
 * Linear: multiples of a 1-2-5 step. Log: decades (every k-th when there are many; 2x and 5x
 * labelled when there are few; falls back to linear ticks inside a single decade). Time:
 * calendar-aligned (UTC) steps chosen from a table of units and multiples, years down to
 * microseconds. Categorical: one tick per category, labels thinned to every step-th.
 * Every function returns a GArray of PkTick in increasing value order. */
#include "pika/render-kit.h"

#include <math.h>
#include <stdio.h>

static void push(GArray *ticks, double value, gboolean minor, const char *label) {
    PkTick tick = {value, minor, ""};
    if (label != NULL) {
        g_strlcpy(tick.label, label, sizeof tick.label);
    }
    g_array_append_val(ticks, tick);
}

static GArray *ticks_new(void) {
    return g_array_new(FALSE, TRUE, sizeof(PkTick));
}

double pk_ticks_nice_step(double span, guint target) {
    if (!(span > 0) || !isfinite(span)) {
        return 1.0;
    }
    double raw = span / MAX(target, 1u);
    double mag = pow(10.0, floor(log10(raw)));
    double norm = raw / mag;
    double nice = norm < 1.5 ? 1.0 : norm < 3.5 ? 2.0 : norm < 7.5 ? 5.0 : 10.0;
    return nice * mag;
}

GArray *pk_ticks_linear(double lo, double hi, guint target) {
    GArray *ticks = ticks_new();
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi)) {
        return ticks;
    }
    double step = pk_ticks_nice_step(hi - lo, target);
    double first = ceil(lo / step - 1e-9);
    for (double k = first; k * step <= hi + step * 1e-9 && ticks->len < 1000; k += 1.0) {
        char label[64];
        double v = k * step;
        pk_format_number(v, step, label, sizeof label);
        push(ticks, v, FALSE, label);
    }
    return ticks;
}

static void format_power(double v, char *buf, gsize size) {
    if (v >= 1e-4 && v < 1e7) {
        pk_format_number(v, v, buf, size);
    } else {
        double e = floor(log10(v) + 1e-9);
        double m = round(v / pow(10.0, e));
        if (m == 1.0) {
            g_snprintf(buf, size, "1e%d", (int)e);
        } else {
            g_snprintf(buf, size, "%de%d", (int)m, (int)e);
        }
    }
}

GArray *pk_ticks_log(double lo, double hi, guint target) {
    if (!(lo > 0) || !(hi > lo)) {
        return ticks_new();
    }
    GArray *ticks = ticks_new();
    int d0 = (int)floor(log10(lo) + 1e-12);
    int d1 = (int)ceil(log10(hi) - 1e-12);
    int n_decades = d1 - d0;
    int k = MAX(1, (int)ceil((double)n_decades / MAX(target, 1u)));
    guint n_labels = 0;
    for (int e = d0; e <= d1; e++) {
        for (int m = 1; m <= 9; m++) {
            double v = m * pow(10.0, e);
            if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) {
                continue;
            }
            gboolean labelled = (m == 1 && e % k == 0) || (n_decades < 3 && (m == 2 || m == 5));
            if (labelled) {
                char label[64];
                format_power(v, label, sizeof label);
                push(ticks, v, FALSE, label);
                n_labels++;
            } else if (m == 1 || (k == 1 && n_decades <= 6)) {
                push(ticks, v, TRUE, NULL);
            }
        }
    }
    if (n_labels < 2) {
        g_array_unref(ticks);
        return pk_ticks_linear(lo, hi, target);
    }
    return ticks;
}

/* Time ---------------------------------------------------------------------------------------- */

#define US_SECOND 1e6
#define US_DAY (86400.0 * US_SECOND)

typedef struct {
    PkTimeUnit unit;
    guint multiple;
    double approx_us;
} TimeStep;

static const guint us_multiples[] = {1, 2, 5, 10, 20, 50, 100, 200, 500};
static const guint sec_multiples[] = {1, 2, 5, 10, 15, 30};
static const guint hour_multiples[] = {1, 2, 3, 6, 12};
static const guint day_multiples[] = {1, 2, 7, 14};
static const guint month_multiples[] = {1, 2, 3, 6};
static const guint year_multiples[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

static double unit_us(PkTimeUnit unit) {
    static const double us[] = {365.25 * US_DAY, 30.44 * US_DAY, US_DAY, 3600 * US_SECOND,
                                60 * US_SECOND,  US_SECOND,      1000.0, 1.0};
    return us[unit];
}

static gboolean try_unit(PkTimeUnit unit, const guint *multiples, guint n, double wanted,
                         TimeStep *out) {
    for (guint i = 0; i < n; i++) {
        if (unit_us(unit) * multiples[i] >= wanted * 0.999) {
            *out = (TimeStep){unit, multiples[i], unit_us(unit) * multiples[i]};
            return TRUE;
        }
    }
    return FALSE;
}

static TimeStep choose_time_step(double span, guint target) {
    double wanted = span / MAX(target, 1u);
    TimeStep step = {PK_TIME_UNIT_YEAR, 1000, unit_us(PK_TIME_UNIT_YEAR) * 1000};
    if (try_unit(PK_TIME_UNIT_MICROSECOND, us_multiples, 9, wanted, &step) ||
        try_unit(PK_TIME_UNIT_MILLISECOND, us_multiples, 9, wanted, &step) ||
        try_unit(PK_TIME_UNIT_SECOND, sec_multiples, 6, wanted, &step) ||
        try_unit(PK_TIME_UNIT_MINUTE, sec_multiples, 6, wanted, &step) ||
        try_unit(PK_TIME_UNIT_HOUR, hour_multiples, 5, wanted, &step) ||
        try_unit(PK_TIME_UNIT_DAY, day_multiples, 4, wanted, &step) ||
        try_unit(PK_TIME_UNIT_MONTH, month_multiples, 4, wanted, &step) ||
        try_unit(PK_TIME_UNIT_YEAR, year_multiples, 10, wanted, &step)) {
        return step;
    }
    return step;
}

PkTimeUnit pk_ticks_time_unit(double lo_us, double hi_us, guint target, guint *out_multiple) {
    TimeStep step = choose_time_step(hi_us - lo_us, target);
    if (out_multiple != NULL) {
        *out_multiple = step.multiple;
    }
    return step.unit;
}

static void time_label(double us, PkTimeUnit unit, double span, char *buf, gsize size) {
    if ((unit == PK_TIME_UNIT_HOUR || unit == PK_TIME_UNIT_MINUTE) && span < US_DAY) {
        g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc((gint64)floor(us / US_SECOND));
        g_autofree char *text = t != NULL ? g_date_time_format(t, "%H:%M") : g_strdup("?");
        g_strlcpy(buf, text, size);
        return;
    }
    pk_format_time((gint64)llround(us), unit, buf, size);
}

/* Months and years: walk the calendar; both are counted in months from year 0. */
static void calendar_ticks(GArray *ticks, double lo, double hi, const TimeStep *step) {
    g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc((gint64)floor(lo / US_SECOND));
    if (start == NULL) {
        return;
    }
    guint months = step->unit == PK_TIME_UNIT_YEAR ? 12 * step->multiple : step->multiple;
    gint64 m = (gint64)g_date_time_get_year(start) * 12 + g_date_time_get_month(start) - 1;
    m -= m % months;
    for (; ticks->len < 1000; m += months) {
        g_autoptr(GDateTime) t = g_date_time_new_utc((int)(m / 12), (int)(m % 12) + 1, 1, 0, 0, 0);
        if (t == NULL) {
            break;
        }
        double us = (double)g_date_time_to_unix(t) * US_SECOND;
        if (us > hi) {
            break;
        }
        if (us >= lo) {
            char label[64];
            time_label(us, step->unit, hi - lo, label, sizeof label);
            push(ticks, us, FALSE, label);
        }
    }
}

GArray *pk_ticks_time(double lo_us, double hi_us, guint target) {
    GArray *ticks = ticks_new();
    if (!(hi_us > lo_us) || !isfinite(lo_us) || !isfinite(hi_us)) {
        return ticks;
    }
    TimeStep step = choose_time_step(hi_us - lo_us, target);
    if (step.unit <= PK_TIME_UNIT_MONTH) {
        calendar_ticks(ticks, lo_us, hi_us, &step);
        return ticks;
    }
    double first = ceil(lo_us / step.approx_us - 1e-9);
    for (double k = first; k * step.approx_us <= hi_us && ticks->len < 1000; k += 1.0) {
        char label[64];
        double us = k * step.approx_us;
        time_label(us, step.unit, hi_us - lo_us, label, sizeof label);
        push(ticks, us, FALSE, label);
    }
    return ticks;
}

GArray *pk_ticks_categorical(const char *const *labels, guint n, guint max_labels) {
    GArray *ticks = ticks_new();
    guint step = max_labels == 0 ? n : (n + max_labels - 1) / MAX(max_labels, 1u);
    step = MAX(step, 1u);
    for (guint i = 0; i < n; i++) {
        char index[16];
        g_snprintf(index, sizeof index, "%u", i);
        const char *label = labels != NULL ? labels[i] : index;
        gboolean shown = i % step == 0;
        push(ticks, (double)i, !shown, shown ? label : NULL);
    }
    return ticks;
}

GArray *pk_ticks_for_axis(const PkSceneAxis *axis, guint target) {
    switch (axis->scale) {
    case PK_SCALE_LOG:
        return pk_ticks_log(axis->lo, axis->hi, target);
    case PK_SCALE_TIME:
        return pk_ticks_time(axis->lo, axis->hi, target);
    case PK_SCALE_CATEGORICAL:
        return pk_ticks_categorical((const char *const *)axis->categories, axis->n_categories,
                                    target);
    default:
        return pk_ticks_linear(axis->lo, axis->hi, target);
    }
}
