/* pika/graph.h — the dataflow graph: sources, queries, transforms, plots, notes and exports.
 *
 * A graph is a set of named nodes joined by edges from an output port to an input port. Each
 * node kind has typed ports:
 *
 *   kind       inputs                         output   parameters (a{sv}, see docs/graph.md)
 *   source     none                           table    path + import options, or table
 *   query      any number of tables           table    sql (reads every node it names)
 *   transform  one table (join: two)          table    op + the op's form (pika/transform.h)
 *   plot       one table                      plot     spec (a{sv} of pk_plot_spec_to_variant),
 *                                                      width, height, scale
 *   note       none                           none     text (markdown)
 *   export     one table or one plot          none     path (relative to the export folder)
 *
 * Connecting incompatible ports, a port that is already fed, or an edge that closes a cycle is
 * refused with PK_ERROR_INVALID and a message naming both nodes.
 *
 * Derived inputs. A query reads every source, query or transform its SQL names: the graph
 * reads the table names of the statement with DuckDB's parser (pk_sql_table_refs; CTE names,
 * columns and qualified names do not count) and makes each node so named an input of the
 * query, after the inputs wired by hand (ports 0 .. wired-1, then the derived ones). Derived
 * inputs follow the SQL and the node names: they are recomputed when a query's SQL changes
 * and when a node is added, removed or renamed, and they are not saved in workspace files.
 * Wiring a node the SQL names makes the edge a wired one; disconnecting a derived input is
 * refused (change the SQL instead). A change whose derived inputs would close a cycle (a
 * query naming itself, or a node downstream of it) is refused with PK_ERROR_INVALID naming
 * the nodes of the cycle, and changes nothing. SQL that does not parse derives no inputs; it
 * fails on evaluation with DuckDB's message.
 *
 * Values. Evaluating a node produces an immutable, reference-counted PkGraphValue: for table
 * outputs the self-contained SQL of the relation (upstream nodes inlined as common table
 * expressions named after the nodes, so a query sees its inputs by name as views), its
 * columns, its row count and a preview page; for plots a prepared scene (pika/scene.h). Values
 * are cached by (node id, parameter hash, input value ids) under a memory budget, least
 * recently used first out; a node whose key is cached is done without running.
 *
 * Dirty state. Changing a node's parameters (to a different hash), its name, its edges or a
 * selection its output depends on marks it and everything downstream dirty. Evaluation runs
 * only dirty nodes needed by the target, in dependency order, independent branches in
 * parallel on a pool of workers, each worker with its own database connection. An error
 * stays on its node; dependents go to PK_NODE_ERROR with PK_ERROR_UPSTREAM naming the cause;
 * other branches finish.
 *
 * Untrusted SQL. Sources are loaded first (pk_graph_load_sources); after that the caller
 * locks the database down (pk_workspace_lock), so SQL from a workspace file can read
 * only the loaded tables. Query SQL is wrapped as a subquery, so it must be one SELECT (or
 * WITH/VALUES/FROM/PIVOT...) statement.
 *
 * Threads. All pk_graph_* calls that change the graph are made from one thread (the caller's);
 * evaluation runs on workers and may be waited for (pk_graph_evaluate) or not
 * (pk_graph_evaluate_async). Observers are called on the thread where the change happened
 * (a worker during evaluation) with no graph lock held; they must not call back into the graph
 * except pk_graph_get_status. Changing the graph while an evaluation runs is refused with
 * PK_ERROR_INVALID ("busy"), except cancellation. */
#pragma once

#include "pika/cancel.h"
#include "pika/plot.h"
#include "pika/scene.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct PkDb PkDb;
typedef struct PkSniffResult PkSniffResult; /* pika/data.h */
typedef struct PkCompute PkCompute;
typedef struct PkGraph PkGraph;
typedef struct PkGraphValue PkGraphValue;

typedef guint32 PkNodeId; /* 0 = no node */

typedef enum {
    PK_NODE_SOURCE,
    PK_NODE_QUERY,
    PK_NODE_TRANSFORM,
    PK_NODE_PLOT,
    PK_NODE_NOTE,
    PK_NODE_EXPORT,
} PkNodeKind;

typedef enum {
    PK_PORT_NONE,
    PK_PORT_TABLE,
    PK_PORT_PLOT,
    PK_PORT_ANY, /* an export's input: a table or a plot */
} PkPortType;

typedef enum {
    PK_NODE_IDLE, /* never run, or dirty since its last run */
    PK_NODE_QUEUED,
    PK_NODE_RUNNING,
    PK_NODE_DONE,
    PK_NODE_ERROR,
    PK_NODE_CANCELLED,
} PkNodeState;

/* A snapshot of one node's state. Strings are owned by the snapshot: free with
 * pk_node_status_clear. */
typedef struct {
    PkNodeState state;
    gboolean dirty;    /* needs evaluation */
    gboolean cached;   /* DONE from the cache, without running */
    double progress;   /* 0..1 while running, -1 when unknown */
    double elapsed_ms; /* running: so far; done: how long it took */
    guint64 n_rows;    /* done: rows of a table output (or rows plotted) */
    int error_code;    /* ERROR: the PK_ERROR code */
    char *message;     /* ERROR: what went wrong and what to do */
    PkNodeId cause;    /* ERROR with PK_ERROR_UPSTREAM: the failed upstream node */
} PkNodeStatus;

void pk_node_status_clear(PkNodeStatus *status);

/* Called for every change of a node's state (queued, running with progress, done, error,
 * cancelled, dirty). See the thread rule above. */
typedef void (*PkGraphObserver)(PkGraph *graph, PkNodeId node, const PkNodeStatus *status,
                                gpointer user_data);

/* ---- names -------------------------------------------------------------------------------- */

const char *pk_node_kind_name(PkNodeKind kind); /* "source", "query", ... */
gboolean pk_node_kind_parse(const char *text, PkNodeKind *out, GError **error);
const char *pk_node_state_name(PkNodeState state); /* "idle", "queued", ... */
PkPortType pk_node_kind_output(PkNodeKind kind);
/* What the kind takes on its inputs (TABLE, ANY for an export, NONE for a source or note). */
PkPortType pk_graph_input_type(PkNodeKind kind);

/* Node names are identifiers: a letter or underscore, then letters, digits and underscores,
 * at most 63 characters, and not a word SQL reserves (select, from, table...). Errors:
 * PK_ERROR_INVALID saying which rule the name breaks. */
gboolean pk_graph_check_name(const char *name, GError **error);

/* ---- building ----------------------------------------------------------------------------- */

/* A new, empty graph over db (borrowed; it must outlive the graph). compute (borrowed, may be
 * NULL until a plot is evaluated) aggregates plots. base_dir resolves relative source paths
 * (NULL = the current directory). */
PkGraph *pk_graph_new(PkDb *db, PkCompute *compute, const char *base_dir);
void pk_graph_free(PkGraph *graph); /* cancels and waits for a running evaluation; NULL-safe */

const char *pk_graph_get_base_dir(const PkGraph *graph);
/* Where export nodes write (NULL = base_dir). Paths of export nodes are relative to it. */
void pk_graph_set_export_dir(PkGraph *graph, const char *dir);
const char *pk_graph_get_export_dir(const PkGraph *graph);
/* The memory budget of the value cache in bytes (default 512 MiB). */
void pk_graph_set_cache_budget(PkGraph *graph, guint64 bytes);
/* Worker threads for evaluation (0 = one per core, at most 8). */
void pk_graph_set_workers(PkGraph *graph, guint n);

/* Adds a node. params: an a{sv} dictionary (a floating reference is sunk; NULL = empty),
 * checked for the kind (PK_ERROR_INVALID naming the parameter). name must pass
 * pk_graph_check_name and be unused (PK_ERROR_EXISTS). Returns the new id, 0 on error. */
PkNodeId pk_graph_add_node(PkGraph *graph, PkNodeKind kind, const char *name, GVariant *params,
                           GError **error);
/* Adds a node under a chosen id (0 = the next free one, as pk_graph_add_node), for undo and
 * redo, which bring a removed node back under its old id (views key cells and cards by id).
 * The id must be unused (PK_ERROR_EXISTS naming the node that has it); ids given later by
 * pk_graph_add_node are above every id used so far. Other errors as pk_graph_add_node. */
PkNodeId pk_graph_add_node_with_id(PkGraph *graph, PkNodeId id, PkNodeKind kind, const char *name,
                                   GVariant *params, GError **error);
/* Removes a node and its edges; its dependents become dirty (and fail on evaluation if they
 * still refer to it by name). */
gboolean pk_graph_remove_node(PkGraph *graph, PkNodeId node, GError **error);
/* Replaces a node's parameters (checked as in add). Marks it and its downstream dirty when
 * the parameter hash changes; returns TRUE and changes nothing when it does not. A plot whose
 * only change is its "view" (what its window shows, which the window draws itself) keeps its
 * state (done stays done) while being marked dirty, so exports and a new evaluation draw the
 * new view. */
gboolean pk_graph_set_params(PkGraph *graph, PkNodeId node, GVariant *params, GError **error);
/* Renames a node. Queries whose SQL names the old name lose it as an input (and fail on
 * evaluation with an error naming the missing name); queries naming the new one gain it.
 * Refused (PK_ERROR_INVALID) when that would close a cycle. */
gboolean pk_graph_rename(PkGraph *graph, PkNodeId node, const char *name, GError **error);

/* Connects from's output to input `port` of to (ports count from 0; a query takes any number
 * of inputs: port = pk_graph_n_inputs(to) appends after its wired inputs, before its derived
 * ones; a node the query's SQL names becomes a wired input instead of a derived one). */
gboolean pk_graph_connect(PkGraph *graph, PkNodeId from, PkNodeId to, guint port, GError **error);
/* Removes the edge into input `port` of to; later inputs of a query move up one port. A
 * derived input cannot be removed (PK_ERROR_INVALID: change the SQL); a wired one the SQL
 * also names stays an input, derived. */
gboolean pk_graph_disconnect(PkGraph *graph, PkNodeId to, guint port, GError **error);

/* ---- reading ------------------------------------------------------------------------------ */

/* Node ids in notebook order (the order they were added, unless moved). Free with g_free. */
PkNodeId *pk_graph_list_nodes(const PkGraph *graph, guint *out_n);
guint pk_graph_n_nodes(const PkGraph *graph);
PkNodeId pk_graph_find(const PkGraph *graph, const char *name); /* 0 if none */
gboolean pk_graph_has_node(const PkGraph *graph, PkNodeId node);
PkNodeKind pk_graph_get_kind(const PkGraph *graph, PkNodeId node);
const char *pk_graph_get_name(const PkGraph *graph, PkNodeId node); /* borrowed */
/* The node's parameters: a new reference to an a{sv}, keys sorted. */
GVariant *pk_graph_get_params(const PkGraph *graph, PkNodeId node);
guint pk_graph_n_inputs(const PkGraph *graph, PkNodeId node);
PkNodeId pk_graph_get_input(const PkGraph *graph, PkNodeId node, guint port); /* 0 if none */
/* TRUE when input `port` of node is derived from its SQL rather than wired (see above). */
gboolean pk_graph_input_is_derived(const PkGraph *graph, PkNodeId node, guint port);
/* Every node that reads node's output, in notebook order. Free with g_free. */
PkNodeId *pk_graph_get_dependents(const PkGraph *graph, PkNodeId node, guint *out_n);

/* ---- layout (does not make anything dirty) -------------------------------------------------- */

/* Moves node to position `index` of the notebook order. */
gboolean pk_graph_move(PkGraph *graph, PkNodeId node, guint index, GError **error);
void pk_graph_set_position(PkGraph *graph, PkNodeId node, double x, double y);
void pk_graph_get_position(const PkGraph *graph, PkNodeId node, double *x, double *y);
/* The canvas viewport: the canvas point at the window's top-left corner, and the zoom. */
void pk_graph_set_viewport(PkGraph *graph, double x, double y, double zoom);
void pk_graph_get_viewport(const PkGraph *graph, double *x, double *y, double *zoom);

/* ---- selections (linked brushing) ----------------------------------------------------------- */

typedef enum {
    PK_SELECTION_INTERVAL,   /* x_column in [x0, x1) */
    PK_SELECTION_BOX,        /* x_column in [x0, x1) and y_column in [y0, y1) */
    PK_SELECTION_CATEGORIES, /* x_column is one of categories */
    PK_SELECTION_POLYGON,    /* (x_column, y_column) inside polygon (a lasso; even-odd rule) */
} PkSelectionKind;

typedef struct {
    PkSelectionKind kind;
    char *x_column, *y_column;
    double x0, x1, y0, y1;
    char **categories; /* NULL-terminated */
    double *polygon;   /* POLYGON: n_vertices (x, y) pairs */
    guint n_vertices;
} PkSelection;

/* At most this many lasso vertices (a longer lasso is refused: simplify it first). */
#define PK_SELECTION_MAX_VERTICES 1024

void pk_selection_clear(PkSelection *selection);
void pk_selection_copy(PkSelection *dest, const PkSelection *src);
/* The predicate as SQL over the source's columns ("x" >= 1 AND "x" < 2). New string. */
char *pk_selection_sql(const PkSelection *selection);

/* Sets (selection non-NULL) or clears the selection made on node (a plot or table node). It
 * belongs to the one source upstream of node (PK_ERROR_INVALID when node reads from no source
 * or from several, PK_ERROR_NOT_FOUND when the source has no such column) and marks every
 * plot and table downstream of that source dirty: they re-aggregate with a "selected" plane. */
gboolean pk_graph_set_selection(PkGraph *graph, PkNodeId node, const PkSelection *selection,
                                GError **error);
/* The selection on source (a source node), copied into *out. FALSE when there is none. */
gboolean pk_graph_get_selection(const PkGraph *graph, PkNodeId source, PkSelection *out);
/* The source node a node reads from (0 when none or several). */
PkNodeId pk_graph_get_source_of(const PkGraph *graph, PkNodeId node);

/* ---- evaluation --------------------------------------------------------------------------- */

guint pk_graph_add_observer(PkGraph *graph, PkGraphObserver func, gpointer user_data);
void pk_graph_remove_observer(PkGraph *graph, guint id);

/* Imports every dirty source node whose table is missing or stale (fingerprint of the file:
 * size, modification time to the nanosecond and a hash of its content, plus the import
 * options). Sources that fail are left in ERROR with the import's own message (line and
 * column where there are some; a missing file says so and asks to locate it) and do not stop
 * the others; once the database is locked down, evaluating such a source again repeats that
 * message until its parameters change. Must run before the database is locked down. Returns
 * FALSE only for cancellation. */
gboolean pk_graph_load_sources(PkGraph *graph, PkCancel *cancel, GError **error);

/* The files of the graph's file sources that exist (resolved against its base folder): what
 * stays readable to SQL after the lock-down. NULL-terminated; free with g_strfreev. */
GStrv pk_graph_dup_source_files(PkGraph *graph);

/* Checks a workspace's cache database before anything of it is used: it must hold plain
 * tables only (pk_db_check_plain), and each imported table pika_src_<name> must match the
 * record of its import (rows and columns). Runs nothing from db. *out_reason: NULL when the
 * cache may be used, else a new sentence saying why not. Errors: PK_ERROR_QUERY. */
gboolean pk_graph_check_cache(PkDb *db, char **out_reason, GError **error);

/* The fingerprint of a source node's file when it was last imported ("size:mtime:hash"), or
 * NULL. A workspace stores it; on load a different fingerprint means the file changed since
 * and is re-imported (the status says so). Borrowed. */
const char *pk_graph_get_fingerprint(const PkGraph *graph, PkNodeId source);
void pk_graph_set_fingerprint(PkGraph *graph, PkNodeId source, const char *fingerprint);

/* Evaluates target (0 = every node) and what it needs, and waits. Returns FALSE with
 * PK_ERROR_FAILED naming the failed nodes (or PK_ERROR_CANCELLED) when any of them did not
 * finish; each node's status says why. */
gboolean pk_graph_evaluate(PkGraph *graph, PkNodeId target, GError **error);
/* The same, cancelled when cancel (may be NULL) is requested, before the evaluation began or
 * while it runs (e.g. the CLI's Ctrl+C). */
gboolean pk_graph_evaluate_cancellable(PkGraph *graph, PkNodeId target, PkCancel *cancel,
                                       GError **error);

typedef void (*PkGraphDoneFunc)(PkGraph *graph, gboolean ok, const GError *error,
                                gpointer user_data);
/* Starts an evaluation and returns at once; done is called from a worker thread when it ends.
 * Refused (FALSE, PK_ERROR_INVALID) while another evaluation runs. */
gboolean pk_graph_evaluate_async(PkGraph *graph, PkNodeId target, PkGraphDoneFunc done,
                                 gpointer user_data, GError **error);
/* Waits for a running evaluation to end (returns at once when none runs). */
void pk_graph_wait(PkGraph *graph);
/* Cancels node (0 = everything) if queued or running; it ends CANCELLED and stays dirty. */
void pk_graph_cancel(PkGraph *graph, PkNodeId node);

/* A snapshot of node's status; free its strings with pk_node_status_clear. */
void pk_graph_get_status(PkGraph *graph, PkNodeId node, PkNodeStatus *out);
/* How many times node has run (cache hits excluded), for tests and benchmarks. */
guint pk_graph_get_run_count(PkGraph *graph, PkNodeId node);

/* ---- values ------------------------------------------------------------------------------- */

/* The node's current value (a new reference), or NULL when it is not done. */
PkGraphValue *pk_graph_get_value(PkGraph *graph, PkNodeId node);
PkGraphValue *pk_graph_value_ref(PkGraphValue *value);
void pk_graph_value_unref(PkGraphValue *value); /* NULL-safe */
guint64 pk_graph_value_id(const PkGraphValue *value);
PkPortType pk_graph_value_type(const PkGraphValue *value);
/* Table values: the relation's SQL (runs on the graph's database), with the source
 * selection applied when selected is TRUE (NULL when there is no selection). Borrowed. */
const char *pk_graph_value_sql(const PkGraphValue *value, gboolean selected);
guint64 pk_graph_value_n_rows(const PkGraphValue *value);
/* Table values: column names and DuckDB type names, NULL-terminated, borrowed. */
const char *const *pk_graph_value_columns(const PkGraphValue *value);
const char *const *pk_graph_value_column_types(const PkGraphValue *value);
/* Plot values: the scene (borrowed), and the page it was prepared for. */
const PkScene *pk_graph_value_scene(const PkGraphValue *value);
void pk_graph_value_page(const PkGraphValue *value, double *width, double *height, double *scale);

/* Checks the graph without running queries: every node's parameters, every query and
 * transform prepares in DuckDB against its inputs' columns (sources must be loaded, or be
 * described from their files), every plot spec against its input's columns. Each problem is
 * put on its node as an ERROR status. Returns FALSE with PK_ERROR_FAILED naming the nodes. */
gboolean pk_graph_validate(PkGraph *graph, GError **error);

/* Sniffs the file a source's parameters name (params: a source node's a{sv}, its "path"
 * absolute) with the import options they give (types, included columns, nulls, dialect), as
 * importing the source would read it: the import dialog's preview. db: any database (a
 * connection is opened for the call); out_result: a PkSniffResult (pika/data.h). */
gboolean pk_graph_sniff_params(PkDb *db, GVariant *params, PkSniffResult **out_result,
                               GError **error);

/* What the last import of a source node in this process skipped and noted, or NULL (not
 * imported here: its table came from the cache, or it is not a source). An immutable
 * (ta(tssss)a(sss)) with a new reference: the rows skipped, the rejected rows listed (line,
 * column or "", value or "", DuckDB's kind such as "CAST", message), and the column notes
 * (column, format or "", note or ""). Dropped when the node's parameters change. */
GVariant *pk_graph_get_import_report(PkGraph *graph, PkNodeId node);

/* ---- starting a workspace ------------------------------------------------------------------ */

/* Adds the starter graph for data files: per file a source (imported now, through
 * pk_graph_load_sources), a preview query, and up to four plots worth showing (density
 * scatters of the most correlated numeric pairs, a line over time, a histogram of a lone
 * numeric column, a bar chart of a text column with few values), laid out on the canvas.
 * Errors: those of adding nodes, and the error of a file that could not be imported. */
gboolean pk_graph_add_starter(PkGraph *graph, const char *const *files, PkCancel *cancel,
                              GError **error);
/* The same for one source that is loaded already (an import in the window): its preview
 * query and plots, placed below the cards the canvas shows. Queries DuckDB for a sample. */
gboolean pk_graph_add_starter_for(PkGraph *graph, PkNodeId source, GError **error);

/* ---- parameters --------------------------------------------------------------------------- */

/* Readers of a{sv} parameters that accept every numeric GVariant type (JSON numbers load as
 * int64 or double). They return def when the key is missing; the typed ones fill
 * PK_ERROR_INVALID (naming key) for a wrong type or a value outside [min, max]. */
const char *pk_params_get_string(GVariant *params, const char *key, const char *def);
gboolean pk_params_get_double(GVariant *params, const char *key, double def, double min, double max,
                              double *out, GError **error);
/* Exactly n finite numbers under key (a JSON array), into out. */
gboolean pk_params_get_doubles(GVariant *params, const char *key, double *out, guint n,
                               GError **error);
gboolean pk_params_get_int(GVariant *params, const char *key, gint64 def, gint64 min, gint64 max,
                           gint64 *out, GError **error);
gboolean pk_params_get_bool(GVariant *params, const char *key, gboolean def, gboolean *out,
                            GError **error);
/* The strings under key (as, av of strings, or one string) as a new strv; NULL when missing
 * or of another type. */
char **pk_params_get_strv(GVariant *params, const char *key);
/* The a{sv} (or av of strings) under key as a new reference, or NULL when missing. */
GVariant *pk_params_get_child(GVariant *params, const char *key);
/* An a{sv} with its keys sorted (recursively for nested dictionaries). New reference. */
GVariant *pk_params_canonical(GVariant *params);
/* A stable hash of a canonical parameter dictionary. */
guint64 pk_params_hash(GVariant *params);
/* The same hash of params without key (e.g. a file source's options without its path). */
guint64 pk_params_hash_without(GVariant *params, const char *key);

/* A plot spec as parameters and back ("type", "x": {"column", "scale", "min", "max",
 * "label"}, "y": {...}, "color", "size", "value", "agg", "title", "theme", "colormap",
 * "shade", ... with only non-default fields written). from_variant starts from
 * pk_plot_spec_init and fills PK_ERROR_INVALID naming the bad key. */
GVariant *pk_plot_spec_to_variant(const PkPlotSpec *spec);
gboolean pk_plot_spec_from_variant(GVariant *dict, PkPlotSpec *spec, GError **error);

/* ---- plot defaults ------------------------------------------------------------------------ */

/* The spec a new plot of an input with these columns starts from: names and types are
 * n_columns column names and their DuckDB type names ("DOUBLE", "VARCHAR", "TIMESTAMP",
 * "DECIMAL(10,2)", ...), as a graph value's columns and column_types. Columns are classified
 * as the starter graph classifies them (numbers, times, text; row-id-like numbers such as "id",
 * "*_id", "index", "row" are skipped), then, in this order:
 *   two numbers             density scatter of the first two (x, y)
 *   a time and a number     line of the mean of the number per automatic time bucket
 *   text and a number       bar of the mean of the number per text value
 *   one number              histogram of it
 *   a time                  histogram of it
 *   text                    bar of row counts per text value
 * Returns a new floating a{sv} (pk_plot_spec_to_variant's shape, the "spec" of a plot node);
 * with no usable column, the default spec's empty dictionary (it will ask for an x column).
 * NULL names or types mean no columns. Thread rule: pure. */
GVariant *pk_plot_spec_default_for_columns(const char *const *names, const char *const *types,
                                           guint n_columns);

/* params (a plot spec a{sv}, may be NULL) with "type" set to type and every option that does
 * not apply to type (pk_plot_option_applies) removed, so an editor switching types never
 * carries a refused option along. Returns a new (not floating) a{sv} with sorted keys. */
GVariant *pk_plot_spec_params_for_type(GVariant *params, PkPlotType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkGraph, pk_graph_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkGraphValue, pk_graph_value_unref)

G_END_DECLS
