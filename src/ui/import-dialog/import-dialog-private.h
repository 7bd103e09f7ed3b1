/* import-dialog-private.h — internals shared by import-dialog*.c: the per-column choices the
 * user makes in the preview, and the preview grid that shows them.
 * Threading: GTK main thread only. */
#pragma once

#include "import-dialog.h"

/* Type overrides offered per column; index 0 keeps the inferred type. */
#define PK_IMPORT_N_TYPES 7
extern const char *const pk_import_type_labels[PK_IMPORT_N_TYPES];
extern const char *const pk_import_type_sql[PK_IMPORT_N_TYPES]; /* NULL for index 0 */

typedef struct {
    gboolean include;
    guint type; /* index into the tables above */
} PkColumnChoice;

struct _PkImportDialog {
    AdwWindow parent;
    PkGraph *graph;
    GStrv files;
    PkImportDialogDone done;
    gpointer done_data;
    PkDb *sniff_db;
    PkSniffResult *sniff;
    guint sniff_serial, n_sniffs, n_sniffs_running;
    GHashTable *choices;
    /* widgets */
    GtkWidget *title, *options, *name_entry, *name_error, *delimiter, *header, *quote, *nulls,
        *skip_rows, *sample, *encoding, *decimal, *skip_bad, *all_text, *detected, *grid,
        *import_button, *report, *error_box, *error_label, *fix_button, *progress_box, *progress,
        *progress_label;
    guint resniff_timeout;
    /* import */
    GArray *nodes; /* PkNodeId being imported */
    gboolean name_ok, importing, closing, finished, fix_retries;
    guint poll_id;
    gint64 import_start_us;
    char *error_text;
    int error_code;
};

/* import-dialog.c */
void pk_import_dialog_resniff(PkImportDialog *self);
void pk_import_dialog_show_error(PkImportDialog *self, int code, const char *message);
GVariant *pk_import_dialog_params_for(PkImportDialog *self, const char *path); /* new ref */
/* The options form (creates the option widgets and connects them). */
GtkWidget *pk_import_dialog_build_options(PkImportDialog *self);
/* Shows the options a file of this format has (a delimited text file has many; Parquet and
 * JSON none but the name), hiding the others. */
void pk_import_dialog_show_options_of(PkImportDialog *self, PkDataFormat format);

/* Called when the user toggles a column or picks a type. */
typedef void (*PkPreviewChanged)(gpointer user_data);

/* A grid showing sniff's columns (include switch, name, type override, inferred type) and
 * preview rows; choices maps column name -> PkColumnChoice* (entries are added for new
 * columns). Replaces the grid's previous children. */
void pk_import_preview_fill(GtkGrid *grid, const PkSniffResult *sniff, GHashTable *choices,
                            PkPreviewChanged changed, gpointer user_data);
/* Shows a message in place of the preview (while the first sniff runs, or when it failed). */
void pk_import_preview_message(GtkGrid *grid, const char *text);
