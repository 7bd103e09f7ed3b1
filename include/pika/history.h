/* pika/history.h — undo and redo of graph edits.
 *
 * A history keeps snapshots of a graph's recipe state: for each node its id, kind, name,
 * parameters, canvas position, place in the notebook order and inputs per port. The caller
 * decides what one step is: after an edit that should be undoable on its own (a rename, a run
 * of new SQL, a node dragged and dropped) it calls pk_history_commit with a label for menus
 * ("Rename", "Edit SQL"). Edits made through any pk_graph_* call count; the history only looks
 * at the graph when committing, undoing and redoing.
 *
 * Not part of a step: source selections (brushing), the canvas viewport, fingerprints, and a
 * plot's "view" parameter (what its window shows: a pan is not an edit). Committing ignores
 * them, and restoring a step keeps each remaining plot's current view. A node that undo or redo
 * brings back is as the step recorded it: view, selection and fingerprint included.
 *
 * Restoring a step applies only the difference through the graph's own functions, so only
 * what changed becomes dirty, and parameters that come back find their values in the graph's
 * cache (nothing is imported or computed again that was computed before). Node ids stay: a
 * node removed and brought back has its old id, edges on both sides, order and position.
 *
 * Like the graph, a history is used from the caller's thread only. It borrows the graph, which
 * must outlive it. */
#pragma once

#include "pika/graph.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct PkHistory PkHistory;

/* Steps kept when pk_history_new is given 0. */
#define PK_HISTORY_DEFAULT_STEPS 100

/* A history of graph (borrowed) that can undo at most max_steps steps (0 = the default; the
 * oldest step is forgotten beyond that). Takes the first snapshot: the state undo can go back
 * to at most. */
PkHistory *pk_history_new(PkGraph *graph, guint max_steps);
void pk_history_free(PkHistory *history); /* NULL-safe */

/* Records the graph's current state as a step named label when it differs from the last
 * recorded state (ignoring what is not part of a step, see above); forgets the redo list then.
 * Returns TRUE when a step was recorded. */
gboolean pk_history_commit(PkHistory *history, const char *label);

/* Whether undo / redo would do something. Edits not committed yet count as a step to undo
 * (named "Edit"), and leave nothing to redo (undo and redo commit them first). */
gboolean pk_history_can_undo(const PkHistory *history);
gboolean pk_history_can_redo(const PkHistory *history);
/* The label of the step undo / redo would take back or do again (borrowed), NULL when none. */
const char *pk_history_undo_label(const PkHistory *history);
const char *pk_history_redo_label(const PkHistory *history);

/* Commits any edits not committed yet (as "Edit"), then brings the graph back to the previous
 * / next recorded state. Errors: PK_ERROR_NOT_FOUND "Nothing to undo." / "Nothing to redo.";
 * PK_ERROR_INVALID while the graph is evaluating (nothing is changed: cancel or wait first);
 * and an error of the graph if a change is refused halfway, prefixed with "Could not undo: " /
 * "Could not redo: ", after which the graph is put back as it was before the call (every step
 * of the way leaves a valid graph) and the history does not move. */
gboolean pk_history_undo(PkHistory *history, GError **error);
gboolean pk_history_redo(PkHistory *history, GError **error);

/* Forgets every step and takes a new first snapshot (after loading another workspace into the
 * graph). */
void pk_history_reset(PkHistory *history);

/* How many steps can be undone / redone now (committed ones only), for tests and menus. */
guint pk_history_n_undo(const PkHistory *history);
guint pk_history_n_redo(const PkHistory *history);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkHistory, pk_history_free)

G_END_DECLS
