/* format.c — numbers and dates as people read them on axes and in legends.
 *
 * Numbers get thousands separators ("1,234,567") and only the decimals their tick step needs;
 * very large or very small magnitudes switch to scientific notation. Times are UTC and shown
 * at the resolution of their tick unit. All output is ASCII except the minus sign, which stays
 * the ASCII hyphen so labels copy-paste as numbers. */
#include "pika/render-kit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Inserts a ',' every three digits of the integer part of a plain decimal string. */
static void group_thousands(const char *plain, char *buf, gsize size) {
    const char *digits = plain[0] == '-' ? plain + 1 : plain;
    const char *dot = strchr(digits, '.');
    gsize n_int = dot != NULL ? (gsize)(dot - digits) : strlen(digits);
    GString *out = g_string_new(plain[0] == '-' ? "-" : "");
    for (gsize i = 0; i < n_int; i++) {
        if (i > 0 && (n_int - i) % 3 == 0) {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, digits[i]);
    }
    if (dot != NULL) {
        g_string_append(out, dot);
    }
    g_strlcpy(buf, out->str, size);
    g_string_free(out, TRUE);
}

/* Decimals needed to write multiples of step exactly (at most 12). */
static int step_decimals(double step) {
    for (int d = 0; d <= 12; d++) {
        double scaled = step * pow(10.0, d);
        if (fabs(scaled - round(scaled)) <= 1e-6 * scaled) {
            return d;
        }
    }
    return 12;
}

static void format_scientific(double v, double step, char *buf, gsize size) {
    int digits = 2;
    if (step > 0 && v != 0) {
        digits = (int)floor(log10(fabs(v))) - (int)floor(log10(step));
        digits = CLAMP(digits, 0, 6);
    }
    g_snprintf(buf, size, "%.*e", digits, v);
}

void pk_format_number(double v, double step, char *buf, gsize size) {
    char plain[96];
    if (isnan(v)) {
        g_strlcpy(buf, "NaN", size);
        return;
    }
    if (isinf(v)) {
        g_strlcpy(buf, v > 0 ? "inf" : "-inf", size);
        return;
    }
    if (step > 0 && fabs(v) < step * 1e-9) {
        v = 0.0; /* no "-0" and no 1e-17 at the origin */
    }
    double magnitude = MAX(fabs(v), step);
    if (magnitude >= 1e15 || (step > 0 && step < 1e-5) || (step == 0 && v != 0 && fabs(v) < 1e-5)) {
        format_scientific(v, step, buf, size);
        return;
    }
    if (step > 0) {
        g_snprintf(plain, sizeof plain, "%.*f", step_decimals(step), v);
    } else {
        g_snprintf(plain, sizeof plain, "%.6g", v);
        if (strchr(plain, 'e') != NULL) {
            g_strlcpy(buf, plain, size);
            return;
        }
    }
    group_thousands(plain, buf, size);
}

char *pk_format_count(guint64 n) {
    char plain[32];
    char grouped[48];
    g_snprintf(plain, sizeof plain, "%" G_GUINT64_FORMAT, n);
    group_thousands(plain, grouped, sizeof grouped);
    return g_strdup(grouped);
}

void pk_format_time(gint64 us, PkTimeUnit unit, char *buf, gsize size) {
    gint64 seconds = us >= 0 ? us / G_USEC_PER_SEC : -((-us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
    gint64 micro = us - seconds * G_USEC_PER_SEC;
    g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(seconds);
    if (t == NULL) {
        g_strlcpy(buf, "?", size);
        return;
    }
    const char *format = "%Y-%m-%d";
    switch (unit) {
    case PK_TIME_UNIT_YEAR:
        format = "%Y";
        break;
    case PK_TIME_UNIT_MONTH:
        format = "%Y-%m";
        break;
    case PK_TIME_UNIT_DAY:
        break;
    case PK_TIME_UNIT_HOUR:
    case PK_TIME_UNIT_MINUTE:
        format = "%m-%d %H:%M";
        break;
    case PK_TIME_UNIT_SECOND:
        format = "%H:%M:%S";
        break;
    case PK_TIME_UNIT_MILLISECOND:
    case PK_TIME_UNIT_MICROSECOND:
        format = unit == PK_TIME_UNIT_MILLISECOND ? "%H:%M:%S" : "%S";
        break;
    }
    g_autofree char *text = g_date_time_format(t, format);
    if (unit == PK_TIME_UNIT_MILLISECOND) {
        g_snprintf(buf, size, "%s.%03d", text, (int)(micro / 1000));
    } else if (unit == PK_TIME_UNIT_MICROSECOND) {
        g_snprintf(buf, size, "%s.%06d", text, (int)micro);
    } else {
        g_strlcpy(buf, text, size);
    }
}
