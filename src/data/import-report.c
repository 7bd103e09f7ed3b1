/* import-report.c — an import's rejected rows and column notes as one immutable value that
 * the graph keeps on a source node and the window shows (data.h, pk_import_report_new). */
#include "pika/data.h"

GVariant *pk_import_report_new(guint64 n_rejected, const PkReject *rejects, guint n_rejects,
                               const PkColumnNote *const *notes, const guint *n_notes,
                               guint n_note_lists) {
    GVariantBuilder rows, lines;
    g_variant_builder_init(&rows, G_VARIANT_TYPE("a(tssss)"));
    for (guint i = 0; i < n_rejects; i++) {
        const PkReject *r = &rejects[i];
        g_variant_builder_add(&rows, "(tssss)", r->line, r->column != NULL ? r->column : "",
                              r->value != NULL ? r->value : "",
                              r->error_type != NULL ? r->error_type : "",
                              r->message != NULL ? r->message : "");
    }
    g_variant_builder_init(&lines, G_VARIANT_TYPE("a(sss)"));
    for (guint l = 0; l < n_note_lists; l++) {
        for (guint i = 0; i < n_notes[l]; i++) {
            const PkColumnNote *n = &notes[l][i];
            g_variant_builder_add(&lines, "(sss)", n->column != NULL ? n->column : "",
                                  n->format != NULL ? n->format : "",
                                  n->note != NULL ? n->note : "");
        }
    }
    return g_variant_ref_sink(g_variant_new("(ta(tssss)a(sss))", n_rejected, &rows, &lines));
}

GVariant *pk_import_report_of_sniff(const PkSniffResult *sniff) {
    const PkColumnNote *notes[] = {sniff->notes};
    const guint n_notes[] = {sniff->n_notes};
    return pk_import_report_new(sniff->n_rejected, sniff->rejects, sniff->n_rejects, notes, n_notes,
                                1);
}

GVariant *pk_import_report_of_import(const PkImportResult *result) {
    g_autofree const PkColumnNote **notes = g_new0(const PkColumnNote *, result->n_tables + 1);
    g_autofree guint *n_notes = g_new0(guint, result->n_tables + 1);
    for (guint t = 0; t < result->n_tables; t++) {
        notes[t] = result->tables[t].notes;
        n_notes[t] = result->tables[t].n_notes;
    }
    return pk_import_report_new(result->n_rejected, result->rejects, result->n_rejects, notes,
                                n_notes, result->n_tables);
}
