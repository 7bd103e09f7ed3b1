/* infer-formats.c — the table of date and time formats tried on text columns, a cheap test of
 * whether a text may fit one, and the names that say a number counts time since 1970.
 *
 * The table is tried in order; the first format that parses every sampled value wins. Formats
 * whose first two fields are a day and a month as numbers come in twins (month first, then day
 * first): which one fits decides the order, and when both fit (01/02/2000 only) the month-first
 * twin wins and the column gets a note. Dotted dates (15.01.2024) are day first only. Years
 * must have four digits where the format says %Y: infer-csv.c counts a parse only when its
 * year is 1000 or later, so 1/2/00 is %m/%d/%y, not the year 0. docs/data-import.md lists
 * the table; change both together. */
#include "infer-private.h"

#include <string.h>

#define DATE(f)                                                                                    \
    { f, FALSE, -1, FALSE }
#define TIME(f)                                                                                    \
    { f, TRUE, -1, FALSE }

const PkDateFormat pk_date_formats[PK_N_DATE_FORMATS] = {
    DATE("%Y-%m-%d"),                          /* 0 */
    {"%m/%d/%y", FALSE, 2, TRUE},              /* 1: 1/2/00 */
    {"%d/%m/%y", FALSE, 1, FALSE},             /* 2 */
    {"%m/%d/%Y", FALSE, 4, TRUE},              /* 3: 01/02/2000 */
    {"%d/%m/%Y", FALSE, 3, FALSE},             /* 4: 13/02/2000 */
    {"%m-%d-%Y", FALSE, 6, TRUE},              /* 5 */
    {"%d-%m-%Y", FALSE, 5, FALSE},             /* 6 */
    DATE("%d.%m.%y"),                          /* 7 */
    DATE("%d.%m.%Y"),                          /* 8: 15.01.2024 */
    DATE("%Y/%m/%d"),                          /* 9 */
    DATE("%b %d %Y"),                          /* 10: Jan 1 2000, Apr 01 1965 */
    DATE("%b %d, %Y"),                         /* 11: Jan 1, 2000 */
    DATE("%d %b %Y"),                          /* 12: 1 Jan 2000 */
    DATE("%d-%b-%y"),                          /* 13: 01-Jan-00 */
    DATE("%d-%b-%Y"),                          /* 14: 01-Jan-2000 */
    DATE("%B %d %Y"),                          /* 15: January 1 2000 */
    DATE("%B %d, %Y"),                         /* 16: January 1, 2000 */
    DATE("%d %B %Y"),                          /* 17: 1 January 2000 */
    TIME("%Y-%m-%d %H:%M:%S"),                 /* 18 */
    TIME("%Y-%m-%dT%H:%M:%S"),                 /* 19 */
    TIME("%Y-%m-%d %H:%M"),                    /* 20: 2000-01-01 10:00 */
    TIME("%Y-%m-%dT%H:%M"),                    /* 21 */
    {"%m/%d/%Y %H:%M:%S", TRUE, 23, TRUE},     /* 22 */
    {"%d/%m/%Y %H:%M:%S", TRUE, 22, FALSE},    /* 23 */
    {"%m/%d/%Y %H:%M", TRUE, 25, TRUE},        /* 24: 01/02/2000 10:00 */
    {"%d/%m/%Y %H:%M", TRUE, 24, FALSE},       /* 25 */
    {"%m/%d/%Y %I:%M:%S %p", TRUE, 27, TRUE},  /* 26: 1/2/2000 10:00:00 PM */
    {"%d/%m/%Y %I:%M:%S %p", TRUE, 26, FALSE}, /* 27 */
    {"%m/%d/%Y %I:%M %p", TRUE, 29, TRUE},     /* 28 */
    {"%d/%m/%Y %I:%M %p", TRUE, 28, FALSE},    /* 29 */
    {"%m-%d-%Y %H:%M:%S", TRUE, 31, TRUE},     /* 30 */
    {"%d-%m-%Y %H:%M:%S", TRUE, 30, FALSE},    /* 31 */
    {"%m-%d-%Y %H:%M", TRUE, 33, TRUE},        /* 32 */
    {"%d-%m-%Y %H:%M", TRUE, 32, FALSE},       /* 33 */
    TIME("%d.%m.%Y %H:%M:%S"),                 /* 34 */
    TIME("%d.%m.%Y %H:%M"),                    /* 35 */
    TIME("%Y/%m/%d %H:%M:%S"),                 /* 36 */
    TIME("%Y/%m/%d %H:%M"),                    /* 37 */
    TIME("%b %d %Y %H:%M:%S"),                 /* 38 */
    TIME("%b %d %Y %H:%M"),                    /* 39 */
    TIME("%d %b %Y %H:%M:%S"),                 /* 40 */
    TIME("%d %b %Y %H:%M"),                    /* 41 */
};
G_STATIC_ASSERT(G_N_ELEMENTS(pk_date_formats) == PK_N_DATE_FORMATS);

int pk_date_format_find(const char *format) {
    for (guint i = 0; format != NULL && i < PK_N_DATE_FORMATS; i++) {
        if (strcmp(pk_date_formats[i].format, format) == 0) {
            return (int)i;
        }
    }
    return -1;
}

gboolean pk_date_format_may_fit(const char *format, const char *text) {
    guint wanted[128] = {0}; /* punctuation the format writes, by character */
    guint found[128] = {0};
    gboolean names = FALSE; /* %b %B %p: letters may appear */
    gboolean digit = FALSE;
    GString *letters = g_string_new(NULL); /* letters the format writes itself ('T') */
    for (const char *p = format; *p != '\0'; p++) {
        if (*p == '%' && p[1] != '\0') {
            names = names || strchr("bBpa", p[1]) != NULL;
            p++;
        } else if (g_ascii_ispunct(*p)) {
            wanted[(guchar)*p]++;
        } else if (g_ascii_isalpha(*p)) {
            g_string_append_c(letters, *p);
        }
    }
    gboolean fits = TRUE;
    for (const guchar *p = (const guchar *)text; *p != '\0' && fits; p++) {
        if (*p >= 128) {
            fits = FALSE;
        } else if (g_ascii_isdigit(*p)) {
            digit = TRUE;
        } else if (g_ascii_isalpha(*p)) {
            fits = names || strchr(letters->str, *p) != NULL;
        } else if (g_ascii_ispunct(*p)) {
            found[*p]++;
        }
    }
    g_string_free(letters, TRUE);
    return fits && digit && memcmp(wanted, found, sizeof wanted) == 0;
}

gboolean pk_text_may_be_number(const char *text, gboolean decimal_comma) {
    const char *p = text;
    gboolean digits = FALSE;
    while (g_ascii_isspace(*p)) {
        p++;
    }
    p += *p == '-' || *p == '+';
    for (gboolean point = FALSE; g_ascii_isdigit(*p) || *p == (decimal_comma ? ',' : '.'); p++) {
        if (!g_ascii_isdigit(*p) && point) {
            return FALSE;
        }
        point = point || !g_ascii_isdigit(*p);
        digits = digits || g_ascii_isdigit(*p);
    }
    if (digits && (*p == 'e' || *p == 'E')) {
        p++;
        p += *p == '-' || *p == '+';
        if (!g_ascii_isdigit(*p)) {
            return FALSE;
        }
        while (g_ascii_isdigit(*p)) {
            p++;
        }
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return digits && *p == '\0';
}

static PkEpochUnit unit_for_word(const char *word) {
    static const struct {
        const char *word;
        PkEpochUnit unit;
    } words[] = {
        {"s", PK_EPOCH_S},
        {"sec", PK_EPOCH_S},
        {"secs", PK_EPOCH_S},
        {"second", PK_EPOCH_S},
        {"seconds", PK_EPOCH_S},
        {"ms", PK_EPOCH_MS},
        {"msec", PK_EPOCH_MS},
        {"msecs", PK_EPOCH_MS},
        {"millis", PK_EPOCH_MS},
        {"millisecond", PK_EPOCH_MS},
        {"milliseconds", PK_EPOCH_MS},
        {"us", PK_EPOCH_US},
        {"usec", PK_EPOCH_US},
        {"usecs", PK_EPOCH_US},
        {"micros", PK_EPOCH_US},
        {"microsecond", PK_EPOCH_US},
        {"microseconds", PK_EPOCH_US},
        {"ns", PK_EPOCH_NS},
        {"nsec", PK_EPOCH_NS},
        {"nsecs", PK_EPOCH_NS},
        {"nanos", PK_EPOCH_NS},
        {"nanosecond", PK_EPOCH_NS},
        {"nanoseconds", PK_EPOCH_NS},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
        if (strcmp(word, words[i].word) == 0) {
            return words[i].unit;
        }
    }
    return PK_EPOCH_NONE;
}

/* The word says time since 1970: "ts", "timestamp", "epoch...", "unix...", "posix...". */
static gboolean epoch_word(const char *word) {
    return strcmp(word, "ts") == 0 || strcmp(word, "timestamp") == 0 ||
           g_str_has_prefix(word, "epoch") || g_str_has_prefix(word, "unix") ||
           g_str_has_prefix(word, "posix");
}

PkEpochUnit pk_epoch_unit_for_name(const char *name) {
    g_autofree char *lower = g_ascii_strdown(name, -1);
    for (char *p = lower; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p)) {
            *p = ' ';
        }
    }
    g_auto(GStrv) words = g_strsplit(g_strstrip(lower), " ", -1);
    guint n_words = 0;
    gboolean epoch = FALSE;
    const char *last = NULL;
    for (guint i = 0; words[i] != NULL; i++) {
        if (words[i][0] != '\0') {
            n_words++;
            epoch = epoch || epoch_word(words[i]);
            last = words[i];
        }
    }
    PkEpochUnit unit = last != NULL ? unit_for_word(last) : PK_EPOCH_NONE;
    if (unit != PK_EPOCH_NONE && n_words >= 2) {
        return unit;
    }
    return epoch ? PK_EPOCH_ANY : PK_EPOCH_NONE;
}

const char *pk_epoch_unit_format(PkEpochUnit unit) {
    static const char *const names[] = {NULL, "epoch-s", "epoch-ms", "epoch-us", "epoch-ns"};
    return names[unit];
}

double pk_epoch_unit_per_second(PkEpochUnit unit) {
    static const double per_second[] = {0, 1, 1e3, 1e6, 1e9};
    return per_second[unit];
}
