/* import-dialog.h — the import dialog: preview a file, set the import options, import it as
 * a source node.
 *
 * The dialog sniffs the first file (pk_data_sniff on a worker; the newest request wins) and
 * shows the first rows with the detected dialect as editable options: delimiter, header row,
 * quote, null strings, skip rows, sample size, encoding, decimal separator, skip bad rows,
 * all text; per column an include switch, the name and the inferred type with an override.
 * Import adds a source node whose parameters are those options (keys as in
 * src/graph/graph-source.c) and runs pk_graph_load_sources on a worker with a progress bar and
 * Cancel. An import error is shown inline with its line and, where one exists, the option that
 * fixes it as a button. Several files: one source node each, same options.
 *
 * Threading: GTK main thread only. The graph is borrowed and must outlive the dialog. */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "pika/data.h"
#include "pika/graph.h"

G_BEGIN_DECLS

#define PK_TYPE_IMPORT_DIALOG (pk_import_dialog_get_type())
G_DECLARE_FINAL_TYPE(PkImportDialog, pk_import_dialog, PK, IMPORT_DIALOG, AdwWindow)

/* Called once when the dialog ends: node is the (first) new source node, or 0 when the user
 * cancelled or closed it. Called on the main thread, before the dialog is destroyed. */
typedef void (*PkImportDialogDone)(PkNodeId node, gpointer user_data);

/* Creates the dialog for files (NULL-terminated, at least one; copied), modal to parent (may be
 * NULL), and presents it. done may be NULL. */
void pk_import_dialog_present(GtkWindow *parent, PkGraph *graph, const char *const *files,
                              PkImportDialogDone done, gpointer user_data);

/* The same, returning the dialog (borrowed: it is owned by GTK's toplevel list) for tests. */
PkImportDialog *pk_import_dialog_new(GtkWindow *parent, PkGraph *graph, const char *const *files,
                                     PkImportDialogDone done, gpointer user_data);

/* ---- for tests: the state the widgets show, and the edits a user makes ---------------- */

/* The current sniff result (borrowed; NULL while the first sniff runs or after an error). */
const PkSniffResult *pk_import_dialog_get_sniff(PkImportDialog *self);
/* How many sniffs have completed (each refreshes the preview). */
guint pk_import_dialog_get_n_sniffs(PkImportDialog *self);
/* TRUE while a sniff or an import runs. */
gboolean pk_import_dialog_is_busy(PkImportDialog *self);

/* Sets an option as the widgets would ("delimiter", "header", "quote", "null_strings" as a
 * comma-separated list, "skip_rows", "sample_rows", "encoding", "decimal_separator",
 * "skip_bad_rows"/"all_text" as "true"/"false", "name" for the source name) and re-sniffs.
 * Returns FALSE for an unknown key. */
gboolean pk_import_dialog_set_option(PkImportDialog *self, const char *key, const char *value);
/* Type override of a column ("" or NULL = keep inferred; else "VARCHAR", "BIGINT", "DOUBLE",
 * "BOOLEAN", "DATE", "TIMESTAMP") and whether it is included. */
gboolean pk_import_dialog_set_column(PkImportDialog *self, const char *column, gboolean include,
                                     const char *type);

/* The source parameters the dialog would import with (a{sv}, new floating-free reference). */
GVariant *pk_import_dialog_dup_params(PkImportDialog *self);

/* Starts the import (what the Import button does). */
void pk_import_dialog_start_import(PkImportDialog *self);
/* The inline error shown (borrowed; NULL when none) and whether the "Skip bad rows" fix is
 * offered; pressing it. */
const char *pk_import_dialog_get_error(PkImportDialog *self);
gboolean pk_import_dialog_offers_skip_bad_rows(PkImportDialog *self);
void pk_import_dialog_apply_fix(PkImportDialog *self);

G_END_DECLS
