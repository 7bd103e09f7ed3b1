/* format.c — numbers and dates as people read them on axes and in legends.
 *
 * Numbers get thousands separators ("1,234,567") and only the decimals their tick step needs;
 * very large or very small magnitudes switch to scientific notation. Times are UTC and shown
 * at the resolution of their tick unit. The minus sign stays the ASCII hyphen so labels
 * copy-paste as numbers; the only non-ASCII output is the SI prefix µ. pk_format_value adds
 * the number formats a plot may choose (plain, fixed digits, SI prefixes, percent). */
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

/* Drops trailing zeros after the decimal point (and the point itself). */
static void trim_zeros(char *plain) {
    if (strchr(plain, '.') == NULL) {
        return;
    }
    gsize n = strlen(plain);
    while (n > 0 && plain[n - 1] == '0') {
        plain[--n] = '\0';
    }
    if (n > 0 && plain[n - 1] == '.') {
        plain[n - 1] = '\0';
    }
}

/* "%.*f" of v with the thousands grouped; no "-0". */
static void fixed_grouped(double v, int decimals, gboolean trim, gboolean group, char *buf,
                          gsize size) {
    char plain[400];
    g_snprintf(plain, sizeof plain, "%.*f", CLAMP(decimals, 0, 12), v);
    if (trim) {
        trim_zeros(plain);
    }
    if (plain[0] == '-' && strspn(plain + 1, "0.") == strlen(plain + 1)) {
        memmove(plain, plain + 1, strlen(plain));
    }
    if (group) {
        group_thousands(plain, buf, size);
    } else {
        g_strlcpy(buf, plain, size);
    }
}

/* Decimals that show about 3 significant digits of v. */
static int significant_decimals(double v) {
    return v == 0 ? 0 : CLAMP(2 - (int)floor(log10(fabs(v))), 0, 6);
}

static void format_si(double v, int digits, double step, char *buf, gsize size) {
    static const char *const prefixes[] = {"y", "z", "a", "f", "p", "n", "µ", "m", "",
                                           "k", "M", "G", "T", "P", "E", "Z", "Y"};
    int k = v == 0 ? 0 : CLAMP((int)floor(log10(fabs(v)) / 3.0), -8, 8);
    for (int pass = 0; pass < 2; pass++) {
        double unit = pow(1000.0, k), scaled = v / unit;
        int decimals = digits >= 0 ? digits
                       : step > 0  ? MIN(step_decimals(step / unit), 6)
                                   : significant_decimals(scaled);
        double rounded = round(scaled * pow(10.0, decimals)) / pow(10.0, decimals);
        if (fabs(rounded) >= 1000 && k < 8 && pass == 0) {
            k++; /* 999.96k rounds to 1000.0k: write 1.0M */
            continue;
        }
        char number[400];
        fixed_grouped(scaled, decimals, digits < 0, FALSE, number, sizeof number);
        g_snprintf(buf, size, "%s%s", number, strcmp(number, "0") == 0 ? "" : prefixes[k + 8]);
        return;
    }
}

void pk_format_value(double v, PkNumberFormat format, int digits, double step, char *buf,
                     gsize size) {
    if (!isfinite(v)) {
        pk_format_number(v, step, buf, size);
        return;
    }
    if (step > 0 && fabs(v) < step * 1e-9) {
        v = 0.0;
    }
    digits = digits < 0 ? -1 : MIN(digits, 12);
    switch (format) {
    case PK_NUMBER_FORMAT_PLAIN: {
        char grouped[400];
        pk_format_value(v, PK_NUMBER_FORMAT_AUTO, digits, step, grouped, sizeof grouped);
        GString *out = g_string_new(NULL);
        for (const char *c = grouped; *c != '\0'; c++) {
            if (*c != ',') {
                g_string_append_c(out, *c);
            }
        }
        g_strlcpy(buf, out->str, size);
        g_string_free(out, TRUE);
        return;
    }
    case PK_NUMBER_FORMAT_FIXED:
        fixed_grouped(v, digits >= 0 ? digits : 2, FALSE, TRUE, buf, size);
        return;
    case PK_NUMBER_FORMAT_SI:
        format_si(v, digits, step, buf, size);
        return;
    case PK_NUMBER_FORMAT_PERCENT: {
        double p = v * 100.0;
        int decimals = digits >= 0 ? digits
                       : step > 0  ? MIN(step_decimals(step * 100.0), 6)
                                   : significant_decimals(p);
        char number[400];
        fixed_grouped(p, decimals, digits < 0 && step == 0, TRUE, number, sizeof number);
        g_snprintf(buf, size, "%s%%", number);
        return;
    }
    case PK_NUMBER_FORMAT_AUTO:
        if (digits >= 0) {
            fixed_grouped(v, digits, FALSE, TRUE, buf, size);
        } else if (step == 0 && v != 0 && fabs(v) >= 1e-5 && fabs(v) < 1e15) {
            /* a single value (a tooltip): 6 significant digits, grouped, never scientific */
            fixed_grouped(v, MAX(0, 5 - (int)floor(log10(fabs(v)))), TRUE, TRUE, buf, size);
        } else {
            pk_format_number(v, step, buf, size);
        }
        return;
    }
    pk_format_number(v, step, buf, size); /* an unknown format reads as automatic */
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
