/* canvas-private.h — PkCanvas's fields, shared by canvas.c (the widget, view, overlays,
 * dump), canvas-model.c (cards from the graph, layout, edits), canvas-draw.c (snapshot,
 * colours, text, minimap, frame log) and canvas-input.c (pointer and keys).
 *
 * Coordinates: "world" is the canvas plane where node positions live; a widget point is
 * (world - view) * zoom. Cards are kept in notebook order (drawn in that order, hit-tested
 * backwards); `by_id` indexes them. `edges` is re-read from the graph on every sync. */
#pragma once

#include "canvas.h"
#include "frame-timer.h"

#include <adwaita.h>

#define PK_CARD_W 240.0
#define PK_CARD_H 96.0
#define PK_PORT_R 6.0
#define PK_LAYOUT_DX 320.0
#define PK_LAYOUT_DY 150.0
#define PK_ZOOM_MIN 0.02
#define PK_ZOOM_MAX 3.0
#define PK_ZOOM_TEXT 0.35 /* below this zoom cards are drawn without text or ports */
#define PK_MINIMAP_W 200.0
#define PK_MINIMAP_H 130.0
#define PK_MINIMAP_MARGIN 14.0

typedef struct {
    PkNodeId id;
    PkNodeKind kind;
    double x, y, w, h; /* world */
    guint n_in;        /* input port slots drawn (a query has one spare to append) */
    gboolean has_out;
    gboolean selected;
    PkNodeState state;
    char *name;
    char *state_text;
    char *detail; /* a line about the recipe (file, SQL, plot type) */
    PangoLayout *name_layout, *kind_layout, *detail_layout, *state_layout; /* lazily */
} PkCard;

typedef struct {
    PkCard *from, *to;
    guint port;
} PkEdge;

typedef enum {
    PK_DRAG_NONE,
    PK_DRAG_PAN,
    PK_DRAG_MOVE,
    PK_DRAG_CONNECT,
    PK_DRAG_BOX,
    PK_DRAG_MINIMAP,
} PkDragMode;

typedef struct {
    GdkRGBA bg, grid, card, card_fg, dim, accent, edge, success, error, shadow, minimap;
    gboolean dark;
} PkCanvasColours;

struct _PkCanvas {
    GtkWidget parent_instance;
    PkController *ctl; /* borrowed: outlives the canvas */
    PkGraph *graph;    /* borrowed */
    GPtrArray *cards;  /* PkCard*, notebook order */
    GHashTable *by_id; /* PkNodeId -> PkCard* */
    GArray *edges;     /* PkEdge */
    double vx, vy, zoom;
    gboolean view_known; /* the view was taken from the graph or fitted */
    gboolean laid_out;   /* never-placed nodes were laid out */
    PkNodeId primary;    /* the selected node the breadcrumbs follow */
    GHashTable *editors; /* PkNodeId -> GtkWindow (weak: removed on destroy) */
    GtkWidget *toolbar, *crumbs;
    gulong status_id, changed_id;
    guint view_timeout; /* writes the view to the graph after an interaction */
    guint sync_idle;    /* a sync after the notebook's "changed" */
    guint fitted_idle;  /* announces the first fitted view */
    /* dragging */
    PkDragMode drag;
    double press_x, press_y;     /* widget */
    double drag_vx, drag_vy;     /* the view at the press */
    double pointer_x, pointer_y; /* widget, last known */
    GArray *drag_origin;         /* double x, y per selected card at the press */
    PkCard *conn_from;           /* connecting from this card's output */
    PkCard *conn_detached;       /* reconnecting: the input the drag started from */
    guint conn_detached_port;
    double box_x0, box_y0, box_x1, box_y1; /* world */
    gboolean dragged;                      /* the pointer moved past the threshold */
    double pinch_zoom0;
    /* drawing */
    PkCanvasColours colours;
    PangoFontDescription *font_name, *font_small, *font_kind;
    GskRenderNode *minimap_cards; /* cached until the cards change */
    gboolean minimap_stale;
    /* While the view pans or zooms: edges and cards rendered once into a texture around the
     * view, then moved and scaled (canvas-draw.c, "The pan cache") */
    GdkTexture *cache;                     /* GL: a texture (uploaded once) */
    cairo_surface_t *cache_surface;        /* Cairo: an image painted through a Cairo node */
    int cache_w, cache_h;                  /* its pixels */
    double cache_vx, cache_vy, cache_zoom; /* the world point at its top-left, its zoom */
    guint64 cache_sig;                     /* the content it shows */
    PkFrameTimer frames;                   /* frame times and PIKA_FRAME_LOG */
};

/* canvas-model.c */
void pk_canvas_card_set_status(PkCanvas *canvas, PkCard *card, const PkNodeStatus *status);
gboolean pk_canvas_layout_unplaced(PkCanvas *canvas);
void pk_canvas_free_cards(PkCanvas *canvas);
void pk_canvas_commit_moves(PkCanvas *canvas);
void pk_canvas_connect(PkCanvas *canvas, PkCard *from, PkCard *to, guint port);
void pk_canvas_delete_selected(PkCanvas *canvas);
void pk_canvas_duplicate_selected(PkCanvas *canvas);
void pk_canvas_card_invalidate(PkCard *card);

/* canvas.c */
PkCard *pk_canvas_card_at(PkCanvas *canvas, double wx, double wy);
void pk_canvas_to_world(PkCanvas *canvas, double x, double y, double *wx, double *wy);
void pk_canvas_input_pos(const PkCard *card, guint port, double *x, double *y);
void pk_canvas_output_pos(const PkCard *card, double *x, double *y);
void pk_canvas_set_view(PkCanvas *canvas, double vx, double vy, double zoom);
void pk_canvas_zoom_at(PkCanvas *canvas, double x, double y, double factor);
void pk_canvas_view_changed(PkCanvas *canvas);
void pk_canvas_select_only(PkCanvas *canvas, PkCard *card);
void pk_canvas_selection_changed(PkCanvas *canvas);

/* canvas-draw.c */
void pk_canvas_drop_cache(PkCanvas *canvas);
void pk_canvas_draw_init(PkCanvas *canvas);
void pk_canvas_draw_dispose(PkCanvas *canvas);
void pk_canvas_snapshot(GtkWidget *widget, GtkSnapshot *snapshot);
void pk_canvas_update_colours(PkCanvas *canvas);
/* The minimap's rectangle in widget coordinates and its world->minimap mapping. */
gboolean pk_canvas_minimap_rect(PkCanvas *canvas, graphene_rect_t *out, double *scale, double *ox,
                                double *oy);

/* canvas-input.c */
void pk_canvas_input_init(PkCanvas *canvas);
/* An input port of a card near world point (wx, wy), within the hit radius. */
gboolean pk_canvas_input_port_at(PkCanvas *canvas, double wx, double wy, PkCard **out_card,
                                 guint *out_port);
