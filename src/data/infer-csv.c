/* infer-csv.c — CSV columns typed beyond DuckDB's sniffing, decided from a sample.
 *
 * Candidates, from the columns sniff_csv found (sniff.c):
 *   TEXT      VARCHAR: all sampled values in one format of the table (infer-formats.c) make
 *             it DATE or TIMESTAMP; all but one to three values numbers (or dates) leave it
 *             text with a note naming those values and their lines
 *   OVERRIDE  the caller's DATE or TIMESTAMP whose values DuckDB's own cast does not read:
 *             the format that reads the most of them
 *   SNIFFED   DATE or TIMESTAMP that DuckDB read with a day/month format: when the sample
 *             fits both orders, month first, and a note
 *   EPOCH     a number whose name gives a unit ("ts_s", "time (ms)") or says time since 1970
 *             without one ("created_ts", "timestamp", "unix_time": the unit in which the
 *             values fit), and whose values are times from 1973 to 2099 in that unit:
 *             TIMESTAMP
 * Cost, in steps that stop as soon as nothing is left to ask:
 *   head     the first HEAD_ROWS rows as text; shapes tested in C (pk_date_format_may_fit)
 *   head SQL DuckDB's strptime over the head's values, written as a VALUES list
 *   sample   one aggregate query over the sample (sample_rows, by default DuckDB's 20,480),
 *            read without sniffing (pk_import_build_sample_call), surviving formats only
 *   lines    for notes: the sample read again with the column typed, lines from DuckDB's
 *            rejects table
 * A file of numbers and words (no candidate after the head) costs one read of HEAD_ROWS rows.
 *
 * A read_csv call takes one date format and one timestamp format ("slots"): the caller's, or
 * DuckDB's when it typed columns with it, or else the first one inferred. A column whose format
 * would need a taken slot stays text, with a note. Results go into r: types ("name=DATE"), the
 * slots' formats, SELECT expressions (epoch) and notes, in column order. */
#include "import-private.h"
#include "infer-private.h"

#include <math.h>
#include <string.h>

#define HEAD_ROWS 20
#define MAX_BAD_VALUES 3         /* at most this many values keep a column text with a note */
#define EPOCH_MIN_S 1e8          /* 1973-03-03 */
#define EPOCH_MAX_S 4102444800.0 /* 2100-01-01 */

typedef enum { CAND_TEXT, CAND_OVERRIDE, CAND_SNIFFED, CAND_EPOCH } CandKind;

typedef struct {
    guint format; /* index into pk_date_formats */
    guint64 count;
} FormatCount;

typedef struct {
    const char *name; /* borrowed from the dialect */
    guint index;      /* position in the file */
    CandKind kind;
    gboolean want_time; /* OVERRIDE, SNIFFED: TIMESTAMP, else DATE */
    PkEpochUnit unit;   /* EPOCH */
    gboolean integer;   /* EPOCH: an integer type */
    gboolean number;    /* TEXT: may be numbers but for a few values */
    GArray *formats;    /* FormatCount, formats still in the running */
    guint64 n, n_number, n_native;
    double min, max; /* EPOCH: over the sample */
    /* what was decided */
    const char *format; /* the format it is read with */
    char *note;
    int bad_format;      /* TEXT: the date format all but a few values fit, or -1 */
    gboolean bad_number; /* TEXT: numbers all but a few */
    guint64 n_bad;
} Cand;

typedef struct {
    const char *value; /* the format in force; NULL when none (or DuckDB's ISO reading) */
    gboolean taken;    /* the caller's, or DuckDB typed columns with it */
    gboolean user;     /* the caller's: never changed */
    gboolean changed;  /* set here: the read must name it */
} Slot;

typedef struct {
    PkConn *conn;
    const char *path;
    PkResolvedRead *r;
    PkCancel *cancel;
    GArray *cands; /* Cand */
    Slot date, time;
} Infer;

static void cand_clear(Cand *c) {
    g_clear_pointer(&c->formats, g_array_unref);
    g_clear_pointer(&c->note, g_free);
}

static gboolean is_integer_type(const char *type) {
    static const char *const names[] = {"TINYINT",  "SMALLINT",  "INTEGER",  "BIGINT",  "HUGEINT",
                                        "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", NULL};
    return g_strv_contains(names, type);
}

static gboolean is_number_type(const char *type) {
    return is_integer_type(type) || strcmp(type, "DOUBLE") == 0 || strcmp(type, "FLOAT") == 0 ||
           g_str_has_prefix(type, "DECIMAL");
}

static gboolean is_time_type(const char *type) {
    return strcmp(type, "TIMESTAMP") == 0 || strcmp(type, "TIMESTAMP WITH TIME ZONE") == 0;
}

static void add_format(Cand *c, guint format) {
    FormatCount fc = {format, 0};
    g_array_append_val(c->formats, fc);
}

/* ---- candidates ---------------------------------------------------------------------------- */

/* A candidate for column i, or FALSE when there is nothing to infer about it. */
static gboolean make_cand(Infer *in, guint i, Cand *c) {
    const PkImportOptions *opts = &in->r->opts;
    const char *name = in->r->dialect.column_names[i];
    const char *type = in->r->dialect.column_types[i];
    g_autofree char *override = pk_import_dup_override(opts, name);
    *c = (Cand){.name = name, .index = i, .bad_format = -1};
    if (!pk_import_keeps_column(opts, name)) {
        return FALSE;
    }
    if (override != NULL) {
        c->kind = CAND_OVERRIDE;
        c->want_time = strcmp(override, "TIMESTAMP") == 0 || strcmp(override, "DATETIME") == 0;
        return (c->want_time && opts->timestamp_format == NULL) ||
               (strcmp(override, "DATE") == 0 && opts->date_format == NULL);
    }
    if (strcmp(type, "VARCHAR") == 0) {
        c->kind = CAND_TEXT;
        return TRUE;
    }
    Slot *slot = strcmp(type, "DATE") == 0 ? &in->date : is_time_type(type) ? &in->time : NULL;
    int format = slot != NULL ? pk_date_format_find(slot->value) : -1;
    if (slot != NULL && !slot->user && format >= 0 && pk_date_formats[format].swapped >= 0) {
        c->kind = CAND_SNIFFED;
        c->want_time = slot == &in->time;
        c->formats = g_array_new(FALSE, TRUE, sizeof(FormatCount));
        add_format(c, (guint)format);
        add_format(c, (guint)pk_date_formats[format].swapped);
        return TRUE;
    }
    c->unit = is_number_type(type) ? pk_epoch_unit_for_name(name) : PK_EPOCH_NONE;
    c->kind = CAND_EPOCH;
    c->integer = is_integer_type(type);
    return c->unit != PK_EPOCH_NONE;
}

/* The slots as the caller and DuckDB left them (overridden columns do not count). */
static void init_slots(Infer *in) {
    const PkImportOptions *opts = &in->r->opts;
    const PkSniffDialect *d = &in->r->dialect;
    in->date = (Slot){.value = opts->date_format,
                      .taken = opts->date_format != NULL,
                      .user = opts->date_format != NULL};
    in->time = (Slot){.value = opts->timestamp_format,
                      .taken = opts->timestamp_format != NULL,
                      .user = opts->timestamp_format != NULL};
    for (guint i = 0; d->column_names[i] != NULL; i++) {
        g_autofree char *override = pk_import_dup_override(opts, d->column_names[i]);
        if (override != NULL) {
            continue;
        }
        if (!in->date.user && strcmp(d->column_types[i], "DATE") == 0) {
            in->date = (Slot){.value = d->date_format, .taken = TRUE};
        }
        if (!in->time.user && is_time_type(d->column_types[i])) {
            in->time = (Slot){.value = d->timestamp_format, .taken = TRUE};
        }
    }
}

/* ---- the head: shapes in C, then DuckDB's strptime over the head's values ------------------ */

/* Keeps the formats that may fit at least `need` of the head's non-NULL values of column col,
 * and whether they may be numbers. */
static void filter_by_shape(Infer *in, Cand *c, const PkTextPage *head, guint col) {
    guint n = 0, numbers = 0;
    guint fits[PK_N_DATE_FORMATS] = {0};
    gboolean comma = g_strcmp0(in->r->opts.decimal_separator, ",") == 0;
    for (guint row = 0; row < head->n_rows; row++) {
        const char *text = pk_text_page_get(head, row, col);
        if (text == NULL) {
            continue;
        }
        n++;
        numbers += pk_text_may_be_number(text, comma);
        for (guint f = 0; f < PK_N_DATE_FORMATS; f++) {
            fits[f] += pk_date_format_may_fit(pk_date_formats[f].format, text);
        }
    }
    /* TEXT: most of the head; OVERRIDE: any value (the others become bad rows) */
    guint need = c->kind == CAND_TEXT ? (n + 1) / 2 : 1;
    c->formats = g_array_new(FALSE, TRUE, sizeof(FormatCount));
    for (guint f = 0; n > 0 && f < PK_N_DATE_FORMATS; f++) {
        gboolean kind_ok = c->kind == CAND_TEXT || c->want_time || !pk_date_formats[f].has_time;
        if (kind_ok && fits[f] >= need) {
            add_format(c, f);
        }
    }
    c->number = c->kind == CAND_TEXT && n > 0 && numbers >= need;
}

static char *try_parse(const char *column, guint format) {
    g_autofree char *f = pk_data_quote_literal(pk_date_formats[format].format);
    return g_strdup_printf("count_if(try_strptime(%s, %s) >= TIMESTAMP '1000-01-01')", column, f);
}

/* Asks DuckDB about the formats left, over the head's values: keeps those that parse `need`. */
static void filter_by_head(Infer *in, const PkTextPage *head, const GArray *cols) {
    GString *sql = g_string_new("SELECT 0");
    for (guint k = 0; k < cols->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, g_array_index(cols, guint, k));
        g_autofree char *alias = g_strdup_printf("c%u", k);
        for (guint i = 0; i < c->formats->len; i++) {
            g_autofree char *agg =
                try_parse(alias, g_array_index(c->formats, FormatCount, i).format);
            g_string_append_printf(sql, ", %s", agg);
        }
    }
    g_string_append(sql, " FROM (VALUES ");
    for (guint row = 0; row < head->n_rows; row++) {
        g_string_append(sql, row > 0 ? ", (" : "(");
        for (guint k = 0; k < cols->len; k++) {
            const char *text = pk_text_page_get(head, row, k);
            g_autofree char *literal = text != NULL ? pk_data_quote_literal(text) : NULL;
            g_string_append_printf(sql, "%s%s", k > 0 ? ", " : "",
                                   literal != NULL ? literal : "NULL::VARCHAR");
        }
        g_string_append_c(sql, ')');
    }
    g_string_append(sql, ") AS t(");
    for (guint k = 0; k < cols->len; k++) {
        g_string_append_printf(sql, "%sc%u", k > 0 ? ", " : "", k);
    }
    g_string_append_c(sql, ')');
    g_autoptr(PkTextPage) page = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok = pk_conn_query_page(in->conn, sql->str, 0, 1, in->cancel, &page, &error);
    g_string_free(sql, TRUE);
    guint at = 1;
    for (guint k = 0; k < cols->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, g_array_index(cols, guint, k));
        guint n = 0;
        for (guint row = 0; row < head->n_rows; row++) {
            n += pk_text_page_get(head, row, k) != NULL;
        }
        guint need = c->kind == CAND_TEXT ? (n + 1) / 2 : 1;
        GArray *kept = g_array_new(FALSE, TRUE, sizeof(FormatCount));
        for (guint i = 0; i < c->formats->len; i++, at++) {
            const char *count = ok && page->n_rows == 1 ? pk_text_page_get(page, 0, at) : NULL;
            if (count != NULL && g_ascii_strtoull(count, NULL, 10) >= need) {
                g_array_append_val(kept, g_array_index(c->formats, FormatCount, i));
            }
        }
        g_array_unref(c->formats);
        c->formats = kept;
    }
    if (!ok) {
        g_debug("infer: formats not tried on the head: %s", error->message);
    }
}

/* Reads the head of the TEXT and OVERRIDE candidates and keeps, for each, the formats that may
 * fit it; a TEXT candidate with neither formats nor numbers is done with. */
static void look_at_head(Infer *in, const char *call) {
    g_autoptr(GArray) cols = g_array_new(FALSE, FALSE, sizeof(guint));
    GString *sql = g_string_new("SELECT ");
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->kind == CAND_TEXT || c->kind == CAND_OVERRIDE) {
            g_autofree char *q = pk_data_quote_ident(c->name);
            g_string_append_printf(sql, "%s%s", cols->len > 0 ? ", " : "", q);
            g_array_append_val(cols, k);
        }
    }
    g_string_append_printf(sql, " FROM %s", call);
    g_autoptr(PkTextPage) head = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok = cols->len > 0 &&
                  pk_conn_query_page(in->conn, sql->str, 0, HEAD_ROWS, in->cancel, &head, &error);
    g_string_free(sql, TRUE);
    if (cols->len > 0 && !ok) {
        g_debug("infer: the head of %s was not read: %s", in->path, error->message);
    }
    guint n_formats = 0;
    for (guint k = 0; k < cols->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, g_array_index(cols, guint, k));
        if (ok) {
            filter_by_shape(in, c, head, k);
            n_formats += c->formats->len;
        } else {
            c->formats = g_array_new(FALSE, TRUE, sizeof(FormatCount));
        }
    }
    if (n_formats > 0) {
        filter_by_head(in, head, cols);
    }
}

/* ---- the sample ---------------------------------------------------------------------------- */

static gboolean cand_active(const Cand *c) {
    return c->kind != CAND_TEXT || c->formats->len > 0 || c->number;
}

/* The aggregates asked about one candidate, in the order count_sample reads them. */
static void append_aggregates(Infer *in, GString *sql, const Cand *c) {
    g_autofree char *q = pk_data_quote_ident(c->name);
    g_string_append_printf(sql, ", count(%s)", q);
    for (guint i = 0; c->formats != NULL && i < c->formats->len; i++) {
        g_autofree char *agg = try_parse(q, g_array_index(c->formats, FormatCount, i).format);
        g_string_append_printf(sql, ", %s", agg);
    }
    if (c->number) {
        gboolean comma = g_strcmp0(in->r->opts.decimal_separator, ",") == 0;
        g_autofree char *text = comma ? g_strdup_printf("replace(%s, ',', '.')", q) : NULL;
        g_string_append_printf(sql, ", count(TRY_CAST(%s AS DOUBLE))", comma ? text : q);
    }
    if (c->kind == CAND_OVERRIDE) {
        g_string_append_printf(sql, ", count(TRY_CAST(%s AS %s))", q,
                               c->want_time ? "TIMESTAMP" : "DATE");
    }
    if (c->kind == CAND_EPOCH) {
        g_string_append_printf(sql, ", min(TRY_CAST(%s AS DOUBLE)), max(TRY_CAST(%s AS DOUBLE))", q,
                               q);
    }
}

static guint64 cell_count(const PkTextPage *page, guint *at) {
    const char *text = pk_text_page_get(page, 0, (*at)++);
    return text != NULL ? g_ascii_strtoull(text, NULL, 10) : 0;
}

static double cell_double(const PkTextPage *page, guint *at) {
    const char *text = pk_text_page_get(page, 0, (*at)++);
    return text != NULL ? g_ascii_strtod(text, NULL) : NAN;
}

/* The sample's row limit as SQL ("" for the whole file). New string. */
static char *sample_limit(const PkImportOptions *opts) {
    if (opts->sample_rows < 0) {
        return g_strdup("");
    }
    return g_strdup_printf(" LIMIT %" G_GINT64_FORMAT,
                           opts->sample_rows > 0 ? opts->sample_rows : (gint64)20480);
}

/* One query over the sample: counts for every active candidate. FALSE when it failed. */
static gboolean count_sample(Infer *in, const char *call) {
    GString *sql = g_string_new("SELECT 0");
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (cand_active(c)) {
            append_aggregates(in, sql, c);
        }
    }
    g_autofree char *limit = sample_limit(&in->r->opts);
    g_string_append_printf(sql, " FROM (SELECT * FROM %s%s)", call, limit);
    g_autoptr(PkTextPage) page = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok = pk_conn_query_page(in->conn, sql->str, 0, 1, in->cancel, &page, &error);
    g_string_free(sql, TRUE);
    if (!ok || page->n_rows != 1) {
        g_debug("infer: the sample of %s was not read: %s", in->path,
                error != NULL ? error->message : "no row");
        return FALSE;
    }
    guint at = 1;
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (!cand_active(c)) {
            continue;
        }
        c->n = cell_count(page, &at);
        for (guint i = 0; c->formats != NULL && i < c->formats->len; i++) {
            g_array_index(c->formats, FormatCount, i).count = cell_count(page, &at);
        }
        c->n_number = c->number ? cell_count(page, &at) : 0;
        c->n_native = c->kind == CAND_OVERRIDE ? cell_count(page, &at) : 0;
        if (c->kind == CAND_EPOCH) {
            c->min = cell_double(page, &at);
            c->max = cell_double(page, &at);
        }
    }
    return TRUE;
}

/* ---- decisions ----------------------------------------------------------------------------- */

/* Puts format in slot: TRUE when it is free or already holds format. */
static gboolean slot_take(Slot *slot, const char *format) {
    if (g_strcmp0(slot->value, format) == 0) {
        return TRUE;
    }
    if (slot->taken || slot->value != NULL) {
        return FALSE;
    }
    slot->value = format;
    slot->changed = TRUE;
    return TRUE;
}

/* The count of format f for c, or 0 when f is not among its formats. */
static guint64 format_count(const Cand *c, int f) {
    for (guint i = 0; f >= 0 && c->formats != NULL && i < c->formats->len; i++) {
        if ((int)g_array_index(c->formats, FormatCount, i).format == f) {
            return g_array_index(c->formats, FormatCount, i).count;
        }
    }
    return 0;
}

static char *ambiguous_note(guint chosen, gboolean time) {
    return g_strdup_printf("the sample does not show whether the day or the month comes first "
                           "(no number above 12): read month first; give --%s-format %s if the "
                           "day comes first",
                           time ? "timestamp" : "date",
                           pk_date_formats[pk_date_formats[chosen].swapped].format);
}

static char *conflict_note(const char *format, const Slot *slot, gboolean time) {
    const char *what = time ? "times" : "dates";
    if (slot->value == NULL) {
        return g_strdup_printf("text: its %s are written %s, but the file's other %s are read "
                               "in ISO form and a file takes one %s format",
                               what, format, what, time ? "timestamp" : "date");
    }
    return g_strdup_printf("text: its %s are written %s, but the file's other %s are read as "
                           "%s and a file takes one %s format",
                           what, format, what, slot->value, time ? "timestamp" : "date");
}

/* DuckDB chose format for these columns from part of the sample (13/02/2000 and 02/13/2000
 * can both be in it): a column whose sample does not fit it would fail the import, so it is
 * read as text, with a note. */
static void misread_by_duckdb(Infer *in, gboolean time, guint format) {
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        guint64 fit = format_count(c, (int)format);
        if (c->kind == CAND_SNIFFED && c->want_time == time && fit < c->n) {
            pk_resolved_read_add_type(in->r, c->name, "VARCHAR");
            c->kind = CAND_TEXT; /* no longer a DATE or TIMESTAMP of the slot */
            c->note = g_strdup_printf("text: %" G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT
                                      " sampled values %s not written %s",
                                      c->n - fit, c->n, c->n - fit == 1 ? "is" : "are",
                                      pk_date_formats[format].format);
        }
    }
}

/* DuckDB read these columns with a day/month format: if the sample fits both orders, month
 * first (switching the slot when DuckDB chose day first), and a note. */
static void decide_sniffed(Infer *in, Slot *slot, gboolean time) {
    int first = -1, twin = -1;
    for (guint k = 0; k < in->cands->len; k++) {
        const Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->kind == CAND_SNIFFED && c->want_time == time) {
            first = (int)g_array_index(c->formats, FormatCount, 0).format;
            twin = (int)g_array_index(c->formats, FormatCount, 1).format;
        }
    }
    if (first < 0) {
        return;
    }
    misread_by_duckdb(in, time, (guint)first);
    gboolean any = FALSE, all_twin = TRUE;
    for (guint k = 0; k < in->cands->len; k++) {
        const Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->kind == CAND_SNIFFED && c->want_time == time) {
            any = TRUE;
            all_twin = all_twin && format_count(c, twin) == c->n;
        }
    }
    if (!any || !all_twin) {
        return;
    }
    guint chosen = (guint)(pk_date_formats[first].month_first ? first : twin);
    if ((int)chosen != first) {
        slot->value = pk_date_formats[chosen].format;
        slot->changed = TRUE;
    }
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->kind == CAND_SNIFFED && c->want_time == time) {
            c->format = pk_date_formats[chosen].format;
            c->note = ambiguous_note(chosen, time);
        }
    }
}

/* The caller typed the column DATE or TIMESTAMP: when DuckDB's own reading does not take every
 * value, the format that takes the most (the rest become bad rows). */
static void decide_override(Infer *in, Cand *c) {
    const FormatCount *best = NULL;
    for (guint i = 0; i < c->formats->len; i++) {
        const FormatCount *fc = &g_array_index(c->formats, FormatCount, i);
        best = best == NULL || fc->count > best->count ? fc : best;
    }
    if (c->n == 0 || c->n_native == c->n || best == NULL || best->count <= c->n_native) {
        return;
    }
    const char *format = pk_date_formats[best->format].format;
    Slot *slot = c->want_time ? &in->time : &in->date;
    if (!slot_take(slot, format)) {
        c->note = conflict_note(format, slot, c->want_time);
        return;
    }
    c->format = format;
    if (best->count < c->n) {
        c->note = g_strdup_printf(
            "%" G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT " sampled values %s not written %s",
            c->n - best->count, c->n, c->n - best->count == 1 ? "is" : "are", format);
    }
}

/* A few bad values among n, the others fitting: worth a note. */
static gboolean few_bad(guint64 n, guint64 fit) {
    return fit < n && n - fit <= MAX_BAD_VALUES && fit > n - fit;
}

/* Text: every value in one format makes it DATE or TIMESTAMP; else a few bad values among
 * numbers or dates are noted (explain_bad_values). */
static void decide_text(Infer *in, Cand *c) {
    const FormatCount *best = NULL;
    for (guint i = 0; c->n > 0 && i < c->formats->len; i++) {
        const FormatCount *fc = &g_array_index(c->formats, FormatCount, i);
        if (fc->count == c->n) { /* the first in the table's order */
            const PkDateFormat *f = &pk_date_formats[fc->format];
            gboolean ambiguous = f->swapped >= 0 && format_count(c, f->swapped) == c->n;
            Slot *slot = f->has_time ? &in->time : &in->date;
            if (!slot_take(slot, f->format)) {
                c->note = conflict_note(f->format, slot, f->has_time);
                return;
            }
            c->format = f->format;
            c->note = ambiguous ? ambiguous_note(fc->format, f->has_time) : NULL;
            pk_resolved_read_add_type(in->r, c->name, f->has_time ? "TIMESTAMP" : "DATE");
            return;
        }
        best = best == NULL || fc->count > best->count ? fc : best;
    }
    if (c->number && few_bad(c->n, c->n_number)) {
        c->bad_number = TRUE;
        c->n_bad = c->n - c->n_number;
    } else if (best != NULL && few_bad(c->n, best->count)) {
        c->bad_format = (int)best->format;
        c->n_bad = c->n - best->count;
    }
}

/* A number named as a time in some unit, whose sampled values are times from 1973 to 2099. */
static void decide_epoch(Infer *in, Cand *c) {
    if (c->unit == PK_EPOCH_ANY) { /* the unit in which the values are such times, if any */
        for (PkEpochUnit unit = PK_EPOCH_S; unit <= PK_EPOCH_NS; unit++) {
            double per = pk_epoch_unit_per_second(unit);
            if (c->min / per >= EPOCH_MIN_S && c->max / per < EPOCH_MAX_S) {
                c->unit = unit;
            }
        }
    }
    if (c->unit == PK_EPOCH_ANY) {
        return;
    }
    double per_second = pk_epoch_unit_per_second(c->unit);
    if (c->n == 0 || !(c->min / per_second >= EPOCH_MIN_S) ||
        !(c->max / per_second < EPOCH_MAX_S)) {
        return;
    }
    static const char *const integer_us[] = {NULL, " * 1000000", " * 1000", "", " // 1000"};
    g_autofree char *q = pk_data_quote_ident(c->name);
    char *expr =
        c->integer
            ? g_strdup_printf("make_timestamp(CAST(%s AS BIGINT)%s)", q, integer_us[c->unit])
            : g_strdup_printf("make_timestamp(CAST(round(CAST(%s AS DOUBLE) * %g) AS BIGINT))", q,
                              1e6 / per_second);
    pk_resolved_read_add_expr(in->r, c->name, expr);
    c->format = pk_epoch_unit_format(c->unit);
}

static void decide(Infer *in) {
    decide_sniffed(in, &in->date, FALSE);
    decide_sniffed(in, &in->time, TRUE);
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->kind == CAND_OVERRIDE) {
            decide_override(in, c);
        }
    }
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->kind == CAND_TEXT && cand_active(c)) {
            decide_text(in, c);
        } else if (c->kind == CAND_EPOCH) {
            decide_epoch(in, c);
        }
    }
}

/* ---- notes on a few bad values: their lines from DuckDB's rejects table ------------------- */

static gint infer_counter = 0;

/* "text because of "a" on line 3, "b" on line 9 and "c" on line 12 (the other values are
 * numbers)", from the rejects of column name (column_name, line, message rows of page). */
static char *bad_values_note(const Infer *in, const Cand *c, const PkTextPage *page) {
    GString *note = g_string_new("text because of ");
    guint64 n_found = 0;
    for (guint row = 0; row < page->n_rows && n_found < c->n_bad; row++) {
        if (g_strcmp0(pk_text_page_get(page, row, 0), c->name) != 0) {
            continue;
        }
        g_autofree char *value =
            pk_import_reject_value(&in->r->dialect, pk_text_page_get(page, row, 2));
        if (value != NULL && g_utf8_strlen(value, -1) > 40) {
            char *cut = g_utf8_substring(value, 0, 39);
            g_free(value);
            value = g_strconcat(cut, "…", NULL);
            g_free(cut);
        }
        n_found++;
        const char *sep = n_found == 1 ? "" : n_found == c->n_bad ? " and " : ", ";
        g_string_append_printf(note, "%s\"%s\" on line %s", sep, value != NULL ? value : "?",
                               pk_text_page_get(page, row, 1));
    }
    if (n_found != c->n_bad) {
        g_string_free(note, TRUE);
        return NULL;
    }
    if (c->bad_number) {
        g_string_append(note, " (the other values are numbers)");
    } else {
        g_string_append_printf(note, " (the other values are %s written %s)",
                               pk_date_formats[c->bad_format].has_time ? "times" : "dates",
                               pk_date_formats[c->bad_format].format);
    }
    return g_string_free(note, FALSE);
}

/* Reads the sample again with the columns of group typed (as numbers, or in format) and notes
 * their bad values with the lines DuckDB's rejects table gives. */
static void note_bad_values(Infer *in, gboolean number, int format) {
    guint n_columns = g_strv_length(in->r->dialect.column_names);
    g_autofree const char **types = g_new0(const char *, n_columns + 1);
    g_autoptr(GString) cols = g_string_new(NULL); /* the typed columns, quoted */
    const char *type = number ? "DOUBLE" : pk_date_formats[format].has_time ? "TIMESTAMP" : "DATE";
    for (guint k = 0; k < in->cands->len; k++) {
        Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->n_bad > 0 && c->note == NULL && (number ? c->bad_number : c->bad_format == format)) {
            g_autofree char *q = pk_data_quote_ident(c->name);
            g_string_append_printf(cols, "%s%s", cols->len > 0 ? ", " : "", q);
            types[c->index] = type;
        }
    }
    if (cols->len == 0) {
        return;
    }
    gint id = g_atomic_int_add(&infer_counter, 1);
    g_autofree char *errors = g_strdup_printf("pk_infer_errors_%d", id);
    g_autofree char *scans = g_strdup_printf("pk_infer_scans_%d", id);
    g_autoptr(GString) extra = g_string_new(NULL);
    g_string_printf(extra, "store_rejects=true, rejects_table='%s', rejects_scan='%s'", errors,
                    scans);
    if (!number) {
        g_autofree char *literal = pk_data_quote_literal(pk_date_formats[format].format);
        g_string_append_printf(extra, ", %s=%s",
                               pk_date_formats[format].has_time ? "timestampformat" : "dateformat",
                               literal);
    }
    g_autofree char *call = pk_import_build_sample_call(in->path, in->r, types, extra->str);
    g_autofree char *limit = sample_limit(&in->r->opts);
    /* the typed columns must be used for their values to be converted (and rejected) */
    g_autofree char *read = g_strdup_printf("SELECT count(COLUMNS(*)) FROM (SELECT %s FROM %s%s)",
                                            cols->str, call, limit);
    g_autofree char *list = g_strdup_printf("SELECT column_name, line, error_message FROM %s "
                                            "WHERE error_type::VARCHAR = 'CAST' ORDER BY line",
                                            errors);
    g_autofree char *drop =
        g_strdup_printf("DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s", errors, scans);
    g_autoptr(PkTextPage) page = NULL;
    g_autoptr(GError) error = NULL;
    if (pk_exec_statements(in->conn, read, in->cancel, NULL, NULL, &error) &&
        pk_conn_query_page(in->conn, list, 0, 1000, in->cancel, &page, &error)) {
        for (guint k = 0; k < in->cands->len; k++) {
            Cand *c = &g_array_index(in->cands, Cand, k);
            if (types[c->index] != NULL) {
                c->note = bad_values_note(in, c, page);
            }
        }
    } else {
        g_debug("infer: the lines of bad values were not found: %s", error->message);
    }
    pk_exec_statements(in->conn, drop, NULL, NULL, NULL, NULL);
}

static void explain_bad_values(Infer *in) {
    note_bad_values(in, TRUE, -1);
    for (guint k = 0; k < in->cands->len; k++) {
        const Cand *c = &g_array_index(in->cands, Cand, k);
        if (c->bad_format >= 0 && c->note == NULL) {
            note_bad_values(in, FALSE, c->bad_format);
        }
    }
}

/* ---- results ------------------------------------------------------------------------------- */

static gboolean is_iso(const char *format) {
    return format != NULL && g_str_has_prefix(format, "%Y-%m-%d");
}

/* Notes in column order: what was decided, and the formats DuckDB typed columns with. */
static void emit(Infer *in) {
    PkResolvedRead *r = in->r;
    const PkSniffDialect *d = &r->dialect;
    for (guint i = 0; d->column_names[i] != NULL; i++) {
        const Cand *c = NULL;
        for (guint k = 0; k < in->cands->len && c == NULL; k++) {
            const Cand *at = &g_array_index(in->cands, Cand, k);
            c = at->index == i ? at : NULL;
        }
        const char *type = d->column_types[i];
        g_autofree char *override = pk_import_dup_override(&r->opts, d->column_names[i]);
        if (c != NULL && (c->format != NULL || c->note != NULL)) {
            pk_resolved_read_add_note(r, c->name, c->format, g_strdup(c->note));
        } else if (override == NULL && pk_import_keeps_column(&r->opts, d->column_names[i])) {
            const Slot *slot = strcmp(type, "DATE") == 0 ? &in->date
                               : is_time_type(type)      ? &in->time
                                                         : NULL;
            if (slot != NULL && slot->value != NULL && !is_iso(slot->value)) {
                pk_resolved_read_add_note(r, d->column_names[i], slot->value, NULL);
            }
        }
    }
    if (in->date.changed) {
        r->date_format = g_strdup(in->date.value);
        r->opts.date_format = r->date_format;
    }
    if (in->time.changed) {
        r->timestamp_format = g_strdup(in->time.value);
        r->opts.timestamp_format = r->timestamp_format;
    }
}

void pk_infer_csv(PkConn *conn, const char *path, PkResolvedRead *r, PkCancel *cancel) {
    const PkSniffDialect *d = &r->dialect;
    if (r->opts.all_text || d->column_names == NULL || d->column_types == NULL ||
        g_strv_length(d->column_names) != g_strv_length(d->column_types)) {
        return;
    }
    Infer in = {conn, path, r, cancel, g_array_new(FALSE, TRUE, sizeof(Cand)), {0}, {0}};
    g_array_set_clear_func(in.cands, (GDestroyNotify)cand_clear);
    init_slots(&in);
    for (guint i = 0; d->column_names[i] != NULL; i++) {
        Cand c;
        if (make_cand(&in, i, &c)) {
            g_array_append_val(in.cands, c);
        } else {
            cand_clear(&c);
        }
    }
    if (in.cands->len > 0) {
        g_autofree char *call = pk_import_build_sample_call(path, r, NULL, NULL);
        look_at_head(&in, call);
        gboolean any = FALSE;
        for (guint k = 0; k < in.cands->len; k++) {
            any = any || cand_active(&g_array_index(in.cands, Cand, k));
        }
        if (any && count_sample(&in, call)) {
            decide(&in);
            explain_bad_values(&in);
        }
    }
    emit(&in);
    g_array_unref(in.cands);
}
