/* infer.c — what a read settles before it runs (pk_import_resolve), and the bookkeeping of
 * inferred columns.
 *
 * A read of one group of files is described by a PkResolvedRead: the caller's options, the
 * CSV dialect, and what inference added on top of DuckDB's own sniffing:
 *   types   "NAME=TYPE" entries given to read_csv's types (the caller's overrides first)
 *   formats the date and timestamp formats of the read (one of each per read_csv call)
 *   exprs   SQL expressions that replace a column in the SELECT list (epoch numbers, JSON text)
 *   notes   one PkColumnNote per column read with a format or with something to say
 * Inference looks at a sample only (infer-csv.c, infer-json.c) and never fails the read: what
 * it cannot settle stays as DuckDB sniffed it. Everything lands in the read call or the SELECT
 * list, so the import stays one streamed CREATE TABLE AS, and pk_data_sniff shows the same. */
#include "import-private.h"

#include <string.h>

void pk_resolved_read_clear(PkResolvedRead *r) {
    pk_sniff_dialect_clear(&r->dialect);
    g_clear_pointer(&r->types, g_ptr_array_unref);
    g_clear_pointer(&r->date_format, g_free);
    g_clear_pointer(&r->timestamp_format, g_free);
    g_clear_pointer(&r->exprs, g_ptr_array_unref);
    for (guint i = 0; r->notes != NULL && i < r->notes->len; i++) {
        PkColumnNote *n = &g_array_index(r->notes, PkColumnNote, i);
        g_free(n->column);
        g_free(n->format);
        g_free(n->note);
    }
    g_clear_pointer(&r->notes, g_array_unref);
}

void pk_column_notes_free(PkColumnNote *notes, guint n_notes) {
    for (guint i = 0; notes != NULL && i < n_notes; i++) {
        g_free(notes[i].column);
        g_free(notes[i].format);
        g_free(notes[i].note);
    }
    g_free(notes);
}

PkColumnNote *pk_resolved_read_dup_notes(const PkResolvedRead *r, guint *out_n) {
    *out_n = r->notes != NULL ? r->notes->len : 0;
    if (*out_n == 0) {
        return NULL;
    }
    PkColumnNote *notes = g_new0(PkColumnNote, *out_n);
    for (guint i = 0; i < *out_n; i++) {
        const PkColumnNote *n = &g_array_index(r->notes, PkColumnNote, i);
        notes[i].column = g_strdup(n->column);
        notes[i].format = g_strdup(n->format);
        notes[i].note = g_strdup(n->note);
    }
    return notes;
}

void pk_resolved_read_add_type(PkResolvedRead *r, const char *name, const char *type) {
    if (r->types == NULL) {
        r->types = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; r->opts.column_types != NULL && r->opts.column_types[i] != NULL; i++) {
            g_ptr_array_add(r->types, g_strdup(r->opts.column_types[i]));
        }
        g_ptr_array_add(r->types, NULL);
    }
    g_ptr_array_insert(r->types, (gint)r->types->len - 1, g_strdup_printf("%s=%s", name, type));
    r->opts.column_types = (const char *const *)r->types->pdata;
}

void pk_resolved_read_add_expr(PkResolvedRead *r, const char *name, char *expr) {
    if (r->exprs == NULL) {
        r->exprs = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(r->exprs, g_strdup(name));
    g_ptr_array_add(r->exprs, expr);
}

const char *pk_resolved_read_expr(const PkResolvedRead *r, const char *name) {
    for (guint i = 0; r->exprs != NULL && i + 1 < r->exprs->len; i += 2) {
        if (strcmp(g_ptr_array_index(r->exprs, i), name) == 0) {
            return g_ptr_array_index(r->exprs, i + 1);
        }
    }
    return NULL;
}

void pk_resolved_read_add_note(PkResolvedRead *r, const char *column, const char *format,
                               char *note) {
    if (r->notes == NULL) {
        r->notes = g_array_new(FALSE, TRUE, sizeof(PkColumnNote));
    }
    for (guint i = 0; i < r->notes->len; i++) { /* a second note on a column adds to the first */
        PkColumnNote *at = &g_array_index(r->notes, PkColumnNote, i);
        if (strcmp(at->column, column) == 0) {
            if (at->format == NULL) {
                at->format = g_strdup(format);
            }
            if (note != NULL) {
                char *joined = at->note != NULL ? g_strconcat(at->note, "; ", note, NULL) : note;
                if (joined != note) {
                    g_free(at->note);
                    g_free(note);
                }
                at->note = joined;
            }
            return;
        }
    }
    PkColumnNote n = {g_strdup(column), g_strdup(format), note};
    g_array_append_val(r->notes, n);
}

gboolean pk_import_keeps_column(const PkImportOptions *opts, const char *name) {
    const char *const *include = opts->include_columns;
    const char *const *exclude = opts->exclude_columns;
    if (include != NULL && include[0] != NULL) {
        return g_strv_contains(include, name);
    }
    return exclude == NULL || !g_strv_contains(exclude, name);
}

char *pk_import_dup_override(const PkImportOptions *opts, const char *name) {
    for (guint i = 0; opts->column_types != NULL && opts->column_types[i] != NULL; i++) {
        g_autofree char *n = NULL;
        char *t = NULL;
        if (pk_import_split_override(opts->column_types[i], &n, &t, NULL)) {
            if (strcmp(n, name) == 0) {
                return t;
            }
            g_free(t);
        }
    }
    return NULL;
}

gboolean pk_import_resolve(PkConn *conn, const char *const *paths, PkDataFormat format,
                           const PkImportOptions *opts, PkCancel *cancel, PkResolvedRead *out,
                           GError **error) {
    memset(out, 0, sizeof *out);
    out->opts = *opts;
    if (format == PK_DATA_FORMAT_CSV) {
        if (!pk_sniff_resolve_csv(conn, paths[0], opts, cancel, out, error)) {
            return FALSE;
        }
        pk_infer_csv(conn, paths[0], out, cancel);
        return TRUE;
    }
    if (format == PK_DATA_FORMAT_JSON) {
        pk_infer_json(conn, paths, out, cancel);
    }
    return TRUE;
}
