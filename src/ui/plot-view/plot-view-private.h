/* plot-view-private.h — what the files of PkPlotView share.
 *
 *   plot-view.c         the widget: state, snapshot (exact and transformed frames), frame log
 *   plot-view-input.c   gestures (pan, wheel, pinch, box zoom, reset), hover, writing "view"
 *   plot-view-worker.c  the worker thread: load a session, prepare frames (newest wins), pick
 *   plot-view-menu.c    the badge's menu: export the view and the data
 *   plot-view-frame.c   the exact frame as textures; drawing transformed frames
 *   plot-view-hover.c   the hover tooltip's text, from a frame's scene (on the worker)
 *
 * Viewports are double[4] = x0, x1, y0, y1 in data units. Everything here runs on the GTK
 * main thread except the worker's loop, which touches only its own job slots and session. */
#pragma once

#include "pika/data.h"
#include "pika/plotprep.h"
#include "pika/render-kit.h"
#include "plot-view.h"

G_BEGIN_DECLS

/* A scene shared by the view (drawing) and the worker (picking): immutable, ref-counted. */
typedef struct {
    gint ref;
    PkScene *scene;
    double width, height, scale; /* the page it was prepared and rendered for */
} PkViewScene;

PkViewScene *pk_view_scene_ref(PkViewScene *vs);
void pk_view_scene_unref(PkViewScene *vs);

typedef struct PkViewWorker PkViewWorker;

/* plot-view-frame.c: the last exact frame's pictures (main thread). */
typedef struct {
    cairo_surface_t *image;       /* the whole frame, as the worker rendered it */
    GdkTexture *texture;          /* the same pixels as a texture */
    GdkTexture *plot_texture;     /* its plot area, whole device pixels: plot_px, plot_rect */
    GdkTexture *legend_texture;   /* its legend strip (legend_px, legend_rect); NULL without */
    int plot_px[4], legend_px[4]; /* x, y, width, height in the image's device pixels */
    graphene_rect_t plot_rect, legend_rect;
    PkLegendPlacement legend_side;   /* the page's side legend_rect is on */
    PkRect area;                     /* the frame's plot area (logical pixels) */
    cairo_surface_t *chrome_surface; /* transformed frames draw their chrome here */
    gboolean cairo;                  /* paint surfaces with Cairo nodes, not textures (set by
                                      * the view before drawing: pk_widget_draws_with_cairo) */
} PkViewImages;

/* Takes the worker's rendering of vs (shares its memory; keeps a reference). */
void pk_view_images_set(PkViewImages *images, const PkViewScene *vs, cairo_surface_t *image);
void pk_view_images_clear_frame(PkViewImages *images); /* the frame's image and textures */
void pk_view_images_clear(PkViewImages *images);       /* everything */
/* The exact frame over a w × h widget. */
void pk_view_images_draw_exact(PkViewImages *images, GtkSnapshot *snapshot, double w, double h);
/* The previous frame (vs, made for frame_view) drawn for view on a w × h widget: chrome
 * live, the old plot area moved and scaled where frame_view lies in view. */
void pk_view_images_draw_transformed(PkViewImages *images, GtkSnapshot *snapshot,
                                     const PkViewScene *vs, const double frame_view[4],
                                     const double view[4], double w, double h);
/* A shallow copy of scene with the ranges of v and no data layers (owns nothing). */
PkScene pk_view_chrome_scene(const PkScene *scene, const double v[4]);

/* What a load found (main thread). */
typedef struct {
    double home[4];
    PkScaleKind x_scale, y_scale;
    guint64 n_rows;
    GError *error; /* NULL on success */
} PkViewLoaded;

/* plot-view-worker.c: one thread per view. Callbacks come on the main thread, only while the
 * view is attached (pk_view_worker_detach stops them). */
PkViewWorker *pk_view_worker_new(PkPlotView *view, PkDb *db, PkCompute *compute);
void pk_view_worker_detach(PkViewWorker *worker); /* joins the thread; frees the worker */
void pk_view_worker_load(PkViewWorker *worker, const PkPlotSpec *spec, const char *sql,
                         const char *selected_sql, double width, double height, double scale);
/* Queues a frame; replaces any queued one and cancels the one running (newest wins). */
void pk_view_worker_prepare(PkViewWorker *worker, const double view[4], double width, double height,
                            double scale);
void pk_view_worker_pick(PkViewWorker *worker, PkViewScene *vs, double x, double y);
void pk_view_worker_export(PkViewWorker *worker, const double view[4], const char *path,
                           double width, double height, double scale);
gboolean pk_view_worker_is_busy(PkViewWorker *worker);
/* The theme frames are drawn in from now on (the window's light or dark style). */
void pk_view_worker_set_theme(PkViewWorker *worker, PkTheme theme);
/* Queues a brush (newest wins): the rows inside it come back to pk_plot_view_take_brush. */
void pk_view_worker_brush(PkViewWorker *worker, const PkPlotBrush *brush, guint serial);
/* Queues new selected rows (NULL: none) and a frame of view with them. Takes a reference. */
void pk_view_worker_set_rows(PkViewWorker *worker, PkRowSet *rows, const double view[4],
                             double width, double height, double scale);

/* plot-view.c: results from the worker. */
void pk_plot_view_take_loaded(PkPlotView *view, PkViewLoaded *loaded);
void pk_plot_view_take_frame(PkPlotView *view, PkViewScene *vs, const double view_range[4],
                             cairo_surface_t *image, double prepare_ms, GError *error);
/* The hover tooltip for the pointer at (x, y): text, or NULL over nothing. */
void pk_plot_view_take_pick(PkPlotView *view, const char *text, double x, double y);
void pk_plot_view_take_export(PkPlotView *view, const char *path, GError *error);
/* plot-view-brush.c: the rows of brush number serial (NULL with an error). */
void pk_plot_view_take_brush(PkPlotView *view, PkRowSet *rows, guint serial, const GError *error);

/* plot-view.c: state used by the input and menu files. */
gboolean pk_plot_view_plot_area(PkPlotView *view, PkRect *out_area);
gboolean pk_plot_view_is_exact(PkPlotView *view); /* the frame is of the current viewport */
void pk_plot_view_move_to(PkPlotView *view, const double v[4], gboolean from_pointer);
void pk_plot_view_get_view(PkPlotView *view, double out[4]);
void pk_plot_view_get_home(PkPlotView *view, double out[4]);
void pk_plot_view_axes_interactive(PkPlotView *view, gboolean *x, gboolean *y);
void pk_plot_view_axis_scales(PkPlotView *view, PkScaleKind *x, PkScaleKind *y);
void pk_plot_view_set_box(PkPlotView *view, gboolean shown, double x0, double y0, double x1,
                          double y1);
PkViewScene *pk_plot_view_get_scene(PkPlotView *view); /* borrowed; NULL before a frame */
PkViewWorker *pk_plot_view_get_worker(PkPlotView *view);
PkGraph *pk_plot_view_get_graph(PkPlotView *view);
PkDb *pk_plot_view_get_db(PkPlotView *view);
const char *pk_plot_view_get_sql(PkPlotView *view);
/* The input's selected relation (the source's selection downstream), or NULL. */
const char *pk_plot_view_get_selected_sql(PkPlotView *view);
void pk_plot_view_message(PkPlotView *view, const char *text);

/* plot-view-input.c */
void pk_plot_view_input_init(PkPlotView *view);
/* Moves the view as an interaction does (the viewport is written 300 ms later). */
void pk_plot_view_input_changed(PkPlotView *view, const double v[4]);
/* The view shows an exact frame of its viewport now (a drag's deferred focus is taken). */
void pk_plot_view_input_frame_exact(PkPlotView *view);
/* Writes (or with reset clears) the node's "view" parameter. */
gboolean pk_plot_view_commit_view(PkPlotView *view, const double v[4], gboolean reset);
/* Reads a "view" parameter from params (FALSE when absent or malformed). */
gboolean pk_plot_view_read_view_param(GVariant *params, double out[4]);
const char *pk_plot_view_get_tooltip(PkPlotView *view);
void pk_plot_view_set_tooltip(PkPlotView *view, char *text, double x, double y);

/* plot-view.c: what brushing needs. */
gsize pk_plot_view_get_n_rows(PkPlotView *view);    /* rows loaded (0 before) */
gboolean pk_plot_view_takes_rows(PkPlotView *view); /* loaded, and not a bar or box plot */
const PkPlotSpec *pk_plot_view_get_spec(PkPlotView *view);
/* Queues new selected rows (NULL: none) and a frame of the current view with them. */
void pk_plot_view_queue_rows(PkPlotView *view, PkRowSet *rows);

/* plot-view-brush.c: linked brushing (tools, shapes, the chip). */
void pk_plot_view_brush_init(PkPlotView *view, GtkWidget *overlay_box);
void pk_plot_view_brush_dispose(PkPlotView *view);
/* Whether a drag starting now selects (ctrl: Ctrl is held) rather than pans. */
gboolean pk_plot_view_brush_can_start(PkPlotView *view, gboolean ctrl);
void pk_plot_view_brush_begin(PkPlotView *view, double x, double y);
void pk_plot_view_brush_update(PkPlotView *view, double x, double y);
void pk_plot_view_brush_end(PkPlotView *view);
/* Clears the selection of the view's source (and every linked view's rows); FALSE when there
 * was none. */
gboolean pk_plot_view_brush_clear(PkPlotView *view);
void pk_plot_view_brush_draw(PkPlotView *view, GtkSnapshot *snapshot);
/* The bounds (x0, y0, x1, y1, widget pixels) of the shape drawn now; FALSE without one. */
gboolean pk_plot_view_brush_bounds(PkPlotView *view, double out[4]);
/* A click at (px, py): on a colour legend's row selects that category, on a bar chart the
 * bar's category (add: toggles it in the selection; a click beside the bars clears). FALSE
 * when the click selects nothing. */
gboolean pk_plot_view_brush_click(PkPlotView *view, double px, double py, gboolean add);
/* Shows the chip for scene's selection (hidden without one). */
void pk_plot_view_brush_show_count(PkPlotView *view, const PkScene *scene);
/* Whether the rows shown already are the source's current selection (no reload needed). */
gboolean pk_plot_view_brush_covers(PkPlotView *view);
void pk_plot_view_brush_forget(PkPlotView *view);

/* plot-view-menu.c: the menu button (added to the given box) and its actions. */
GtkWidget *pk_plot_view_menu_new(PkPlotView *view);
void pk_plot_view_menu_class_init(GtkWidgetClass *klass);

/* plot-view-hover.c (any thread: scenes are immutable). What a hover at (px, py) of vs's page
 * shows for every plot type but the scatter (whose marks the session picks), or NULL over
 * nothing; over a bar chart's group, *out_group is its name (for its row count, g_free),
 * else NULL. */
char *pk_view_hover_describe(const PkViewScene *vs, double px, double py, char **out_group);
/* A scatter pick's text; a density bin's with every column of its representative row (row:
 * that row as text, or NULL to show its plotted columns only). */
char *pk_view_hover_pick_text(const PkPlotPick *pick, const PkTextPage *row);

/* Axis space: log10 on log axes, the value elsewhere. */
double pk_plot_view_to_axis(PkScaleKind scale, double v);
double pk_plot_view_from_axis(PkScaleKind scale, double a);

G_END_DECLS
