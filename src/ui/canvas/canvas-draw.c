/* canvas-draw.c — the canvas's picture: background grid, edges, cards, the pending connection
 * or selection box, the minimap; colours from the libadwaita style; the frame log.
 *
 * One snapshot per frame, all in this widget: cards outside the view are skipped; below
 * PK_ZOOM_TEXT a card is two rectangles (no text, ports, shadows); edges are one Cairo path
 * over the view. Pango layouts are made when a card is first drawn with text and kept until
 * its text changes (pk_canvas_card_invalidate). The minimap's cards are one render node, kept
 * until a card moves or the cards change. */
#include "canvas-private.h"

#include "draw-util.h"

#include <math.h>

static const char *const kind_colours[] = {
    [PK_NODE_SOURCE] = "#9141ac", [PK_NODE_QUERY] = "#3584e4", [PK_NODE_TRANSFORM] = "#f6d32d",
    [PK_NODE_PLOT] = "#33d17a",   [PK_NODE_NOTE] = "#9a9996",  [PK_NODE_EXPORT] = "#2190a4",
};

static GdkRGBA kind_colour(PkNodeKind kind, float alpha) {
    GdkRGBA c;
    gdk_rgba_parse(&c, kind_colours[kind <= PK_NODE_EXPORT ? kind : PK_NODE_NOTE]);
    c.alpha = alpha;
    return c;
}

static GdkRGBA mix(GdkRGBA a, GdkRGBA b, float t) {
    GdkRGBA c = {a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t,
                 a.blue + (b.blue - a.blue) * t, 1.0f};
    return c;
}

static GdkRGBA with_alpha(GdkRGBA c, float alpha) {
    c.alpha = alpha;
    return c;
}

static void lookup(GtkStyleContext *ctx, const char *name, const char *fallback, GdkRGBA *out) {
    if (!gtk_style_context_lookup_color(ctx, name, out)) {
        gdk_rgba_parse(out, fallback);
    }
}

/* Colours from the current style (light or dark), made opaque over the canvas background. */
void pk_canvas_update_colours(PkCanvas *canvas) {
    PkCanvasColours *c = &canvas->colours;
    GtkStyleContext *ctx = gtk_widget_get_style_context(GTK_WIDGET(canvas));
    c->dark = adw_style_manager_get_dark(adw_style_manager_get_default());
    GdkRGBA window, fg, card, black = {0, 0, 0, 1};
    lookup(ctx, "window_bg_color", c->dark ? "#242424" : "#fafafa", &window);
    lookup(ctx, "window_fg_color", c->dark ? "#ffffff" : "rgba(0,0,0,0.8)", &fg);
    lookup(ctx, "card_bg_color", c->dark ? "rgba(255,255,255,0.08)" : "#ffffff", &card);
    lookup(ctx, "accent_color", c->dark ? "#78aeed" : "#1c71d8", &c->accent);
    lookup(ctx, "success_color", c->dark ? "#8ff0a4" : "#1b8553", &c->success);
    lookup(ctx, "error_color", c->dark ? "#ff7b63" : "#c01c28", &c->error);
    c->bg = mix(window, black, c->dark ? 0.18f : 0.035f);
    c->card = mix(c->bg, with_alpha(card, 1), c->dark ? card.alpha * 1.6f : card.alpha);
    if (c->dark) {
        c->card = mix(c->bg, (GdkRGBA){1, 1, 1, 1}, 0.11f);
    }
    c->card_fg = mix(c->card, with_alpha(fg, 1), fg.alpha);
    c->dim = mix(c->card, with_alpha(fg, 1), fg.alpha * 0.55f);
    c->grid = with_alpha(fg, c->dark ? 0.07f : 0.09f);
    c->edge = with_alpha(mix(c->bg, with_alpha(fg, 1), 0.45f), 1);
    c->shadow = with_alpha(black, c->dark ? 0.45f : 0.10f);
    c->minimap = with_alpha(mix(c->bg, c->card, 0.6f), 0.94f);
    for (guint i = 0; canvas->cards != NULL && i < canvas->cards->len; i++) {
        pk_canvas_card_invalidate(canvas->cards->pdata[i]);
    }
    canvas->minimap_stale = TRUE;
    gtk_widget_queue_draw(GTK_WIDGET(canvas));
}

static void on_dark_changed(GObject *manager, GParamSpec *pspec, gpointer data) {
    (void)manager, (void)pspec;
    pk_canvas_update_colours(data);
}

void pk_canvas_draw_init(PkCanvas *canvas) {
    canvas->font_name = pango_font_description_from_string("Sans Bold 11");
    canvas->font_small = pango_font_description_from_string("Sans 9");
    canvas->font_kind = pango_font_description_from_string("Sans Bold 7");
    g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                            G_CALLBACK(on_dark_changed), canvas, 0);
    pk_frame_timer_init(&canvas->frames, NULL, canvas);
    pk_canvas_update_colours(canvas);
}

void pk_canvas_draw_dispose(PkCanvas *canvas) {
    g_clear_pointer(&canvas->font_name, pango_font_description_free);
    g_clear_pointer(&canvas->font_small, pango_font_description_free);
    g_clear_pointer(&canvas->font_kind, pango_font_description_free);
    g_clear_pointer(&canvas->minimap_cards, gsk_render_node_unref);
    pk_canvas_drop_cache(canvas);
    pk_frame_timer_clear(&canvas->frames);
}

/* ---- cards ---------------------------------------------------------------------------------- */

static PangoLayout *make_layout(PkCanvas *canvas, const char *text,
                                const PangoFontDescription *font, double width) {
    PangoLayout *layout = gtk_widget_create_pango_layout(GTK_WIDGET(canvas), text);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_single_paragraph_mode(layout, TRUE);
    return layout;
}

static void ensure_layouts(PkCanvas *canvas, PkCard *card) {
    double text_w = card->w - 36;
    if (card->kind_layout == NULL) {
        g_autofree char *kind = g_ascii_strup(pk_node_kind_name(card->kind), -1);
        card->kind_layout = make_layout(canvas, kind, canvas->font_kind, -1.0 / PANGO_SCALE);
    }
    if (card->name_layout == NULL) {
        int kw;
        pango_layout_get_pixel_size(card->kind_layout, &kw, NULL);
        card->name_layout = make_layout(canvas, card->name, canvas->font_name, text_w - kw - 16);
    }
    if (card->detail_layout == NULL) {
        card->detail_layout = make_layout(canvas, card->detail, canvas->font_small, text_w);
    }
    if (card->state_layout == NULL) {
        card->state_layout = make_layout(canvas, card->state_text, canvas->font_small, text_w);
    }
}

static void append_layout_at(GtkSnapshot *s, PangoLayout *layout, double x, double y,
                             const GdkRGBA *colour) {
    gtk_snapshot_save(s);
    gtk_snapshot_translate(s, &GRAPHENE_POINT_INIT((float)x, (float)y));
    gtk_snapshot_append_layout(s, layout, colour);
    gtk_snapshot_restore(s);
}

static void append_disc(GtkSnapshot *s, double cx, double cy, double r, const GdkRGBA *fill,
                        const GdkRGBA *ring) {
    graphene_rect_t rect =
        GRAPHENE_RECT_INIT((float)(cx - r), (float)(cy - r), (float)(2 * r), (float)(2 * r));
    GskRoundedRect rr;
    gsk_rounded_rect_init_from_rect(&rr, &rect, (float)r);
    gtk_snapshot_push_rounded_clip(s, &rr);
    gtk_snapshot_append_color(s, fill, &rect);
    gtk_snapshot_pop(s);
    if (ring != NULL) {
        pk_snapshot_append_outline(s, &rr, 2, ring);
    }
}

static void draw_ports(PkCanvas *canvas, GtkSnapshot *s, PkCard *card) {
    PkCanvasColours *c = &canvas->colours;
    GdkRGBA kind = kind_colour(card->kind, 1);
    guint fed = pk_graph_n_inputs(canvas->graph, card->id);
    for (guint p = 0; p < card->n_in; p++) {
        double x, y;
        pk_canvas_input_pos(card, p, &x, &y);
        append_disc(s, x, y, PK_PORT_R, p < fed ? &c->edge : &c->card, &c->edge);
    }
    if (card->has_out) {
        double x, y;
        pk_canvas_output_pos(card, &x, &y);
        append_disc(s, x, y, PK_PORT_R, &kind, &c->card);
    }
}

static const GdkRGBA *state_colour(PkCanvas *canvas, PkNodeState state) {
    switch (state) {
    case PK_NODE_DONE:
        return &canvas->colours.success;
    case PK_NODE_ERROR:
        return &canvas->colours.error;
    case PK_NODE_RUNNING:
    case PK_NODE_QUEUED:
        return &canvas->colours.accent;
    default:
        return &canvas->colours.dim;
    }
}

static void draw_card_text(PkCanvas *canvas, GtkSnapshot *s, PkCard *card) {
    PkCanvasColours *c = &canvas->colours;
    ensure_layouts(canvas, card);
    int kw, kh;
    pango_layout_get_pixel_size(card->kind_layout, &kw, &kh);
    graphene_rect_t pill = GRAPHENE_RECT_INIT((float)(card->x + card->w - 16 - kw - 14),
                                              (float)card->y + 13, (float)kw + 14, 18);
    GskRoundedRect rr;
    gsk_rounded_rect_init_from_rect(&rr, &pill, 9);
    GdkRGBA tint = kind_colour(card->kind, c->dark ? 0.28f : 0.20f);
    gtk_snapshot_push_rounded_clip(s, &rr);
    gtk_snapshot_append_color(s, &tint, &pill);
    gtk_snapshot_pop(s);
    append_layout_at(s, card->kind_layout, pill.origin.x + 7, pill.origin.y + (18 - kh) / 2.0,
                     &c->card_fg);
    append_layout_at(s, card->name_layout, card->x + 20, card->y + 12, &c->card_fg);
    append_layout_at(s, card->detail_layout, card->x + 20, card->y + 41, &c->dim);
    append_layout_at(s, card->state_layout, card->x + 20, card->y + card->h - 30,
                     state_colour(canvas, card->state));
}

static void draw_card(PkCanvas *canvas, GtkSnapshot *s, PkCard *card, gboolean detailed) {
    PkCanvasColours *c = &canvas->colours;
    graphene_rect_t r =
        GRAPHENE_RECT_INIT((float)card->x, (float)card->y, (float)card->w, (float)card->h);
    GdkRGBA kind = kind_colour(card->kind, 1);
    if (!detailed) {
        gtk_snapshot_append_color(s, card->selected ? &c->accent : &c->card, &r);
        gtk_snapshot_append_color(s, &kind,
                                  &GRAPHENE_RECT_INIT(r.origin.x, r.origin.y, 14, r.size.height));
        return;
    }
    GskRoundedRect rr;
    gsk_rounded_rect_init_from_rect(&rr, &r, 10);
    gtk_snapshot_append_outset_shadow(s, &rr, &c->shadow, 0, 1, 1, 0);
    gtk_snapshot_push_rounded_clip(s, &rr);
    gtk_snapshot_append_color(s, &c->card, &r);
    gtk_snapshot_append_color(s, &kind,
                              &GRAPHENE_RECT_INIT(r.origin.x, r.origin.y, 6, r.size.height));
    gtk_snapshot_pop(s);
    GdkRGBA line = card->selected ? c->accent : with_alpha(c->card_fg, c->dark ? 0.10f : 0.08f);
    pk_snapshot_append_outline(s, &rr, card->selected ? 2.5f : 1.0f, &line);
    draw_card_text(canvas, s, card);
    draw_ports(canvas, s, card);
}

/* ---- edges, grid, overlays ------------------------------------------------------------------ */

static void curve(cairo_t *cr, PkCanvas *canvas, double x0, double y0, double x1, double y1) {
    double z = canvas->zoom;
    x0 = (x0 - canvas->vx) * z, y0 = (y0 - canvas->vy) * z;
    x1 = (x1 - canvas->vx) * z, y1 = (y1 - canvas->vy) * z;
    double dx = MAX(fabs(x1 - x0) * 0.5, 50 * z);
    cairo_move_to(cr, x0, y0);
    cairo_curve_to(cr, x0 + dx, y0, x1 - dx, y1, x1, y1);
}

/* Edges: with the Cairo renderer one Cairo node per visible edge, sized to the edge's box (a
 * node over the whole view costs a full-window surface per frame); with GL one node over the
 * view (each Cairo node is a texture upload there). Edges touching a selected card are drawn
 * in the accent colour, over the others. */
static void draw_edge(PkCanvas *canvas, GtkSnapshot *s, PkEdge *e, double w, double h) {
    double ax, ay, bx, by, z = canvas->zoom;
    pk_canvas_output_pos(e->from, &ax, &ay);
    pk_canvas_input_pos(e->to, e->port, &bx, &by);
    ax = (ax - canvas->vx) * z, ay = (ay - canvas->vy) * z;
    bx = (bx - canvas->vx) * z, by = (by - canvas->vy) * z;
    double dx = MAX(fabs(bx - ax) * 0.5, 50 * z), pad = 4;
    double x0 = MAX(MIN(ax, bx - dx) - pad, 0), x1 = MIN(MAX(bx, ax + dx) + pad, w);
    double y0 = MAX(MIN(ay, by) - pad, 0), y1 = MIN(MAX(ay, by) + pad, h);
    if (x1 <= x0 || y1 <= y0) {
        return;
    }
    gboolean hot = e->from->selected || e->to->selected;
    cairo_t *cr = gtk_snapshot_append_cairo(
        s, &GRAPHENE_RECT_INIT((float)floor(x0), (float)floor(y0), (float)ceil(x1 - x0 + 1),
                               (float)ceil(y1 - y0 + 1)));
    cairo_move_to(cr, ax, ay);
    cairo_curve_to(cr, ax + dx, ay, bx - dx, by, bx, by);
    cairo_set_line_width(cr, CLAMP(2.0 * z, 1.0, 3.5) + (hot ? 0.5 : 0));
    gdk_cairo_set_source_rgba(cr, hot ? &canvas->colours.accent : &canvas->colours.edge);
    cairo_stroke(cr);
    cairo_destroy(cr);
}

static void draw_edges_one_node(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    double x0 = canvas->vx, y0 = canvas->vy;
    double x1 = x0 + w / canvas->zoom, y1 = y0 + h / canvas->zoom;
    cairo_t *cr = NULL;
    for (int pass = 0; pass < 2; pass++) {
        gboolean any = FALSE;
        for (guint i = 0; i < canvas->edges->len; i++) {
            PkEdge *e = &g_array_index(canvas->edges, PkEdge, i);
            if ((e->from->selected || e->to->selected) != (pass == 1)) {
                continue;
            }
            double ax, ay, bx, by, pad = 60 / canvas->zoom;
            pk_canvas_output_pos(e->from, &ax, &ay);
            pk_canvas_input_pos(e->to, e->port, &bx, &by);
            if (MAX(ax, bx) + pad < x0 || MIN(ax, bx) - pad > x1 || MAX(ay, by) < y0 ||
                MIN(ay, by) > y1) {
                continue;
            }
            if (cr == NULL) {
                cr = gtk_snapshot_append_cairo(s, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
            }
            curve(cr, canvas, ax, ay, bx, by);
            any = TRUE;
        }
        if (any) {
            cairo_set_line_width(cr, CLAMP(2.0 * canvas->zoom, 1.0, 3.5) + pass * 0.5);
            gdk_cairo_set_source_rgba(cr,
                                      pass == 1 ? &canvas->colours.accent : &canvas->colours.edge);
            cairo_stroke(cr);
        }
    }
    if (cr != NULL) {
        cairo_destroy(cr);
    }
}

static void draw_edges(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    if (!pk_widget_draws_with_cairo(GTK_WIDGET(canvas))) {
        draw_edges_one_node(canvas, s, w, h);
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; i < canvas->edges->len; i++) {
            PkEdge *e = &g_array_index(canvas->edges, PkEdge, i);
            if ((e->from->selected || e->to->selected) == (pass == 1)) {
                draw_edge(canvas, s, e, w, h);
            }
        }
    }
}

static void draw_grid(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    double step = 40.0;
    while (step * canvas->zoom < 18) {
        step *= 4;
    }
    double sx = step * canvas->zoom;
    double ox = -fmod(canvas->vx * canvas->zoom, sx), oy = -fmod(canvas->vy * canvas->zoom, sx);
    ox = ox > 0 ? ox - sx : ox, oy = oy > 0 ? oy - sx : oy;
    for (double x = ox; x < w; x += sx) {
        gtk_snapshot_append_color(s, &canvas->colours.grid,
                                  &GRAPHENE_RECT_INIT((float)x, 0, 1, (float)h));
    }
    for (double y = oy; y < h; y += sx) {
        gtk_snapshot_append_color(s, &canvas->colours.grid,
                                  &GRAPHENE_RECT_INIT(0, (float)y, (float)w, 1));
    }
}

/* While connecting: a dashed curve from the port to the pointer. While box selecting: the
 * box. Both in widget coordinates, over the cards. */
static void draw_pending(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    PkCanvasColours *c = &canvas->colours;
    if (canvas->drag == PK_DRAG_CONNECT && canvas->dragged) {
        cairo_t *cr = gtk_snapshot_append_cairo(s, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
        double ax, ay, bx, by;
        pk_canvas_output_pos(canvas->conn_from, &ax, &ay);
        pk_canvas_to_world(canvas, canvas->pointer_x, canvas->pointer_y, &bx, &by);
        curve(cr, canvas, ax, ay, bx, by);
        const double dash[] = {6, 4};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 2.5);
        gdk_cairo_set_source_rgba(cr, &c->accent);
        cairo_stroke(cr);
        cairo_destroy(cr);
    } else if (canvas->drag == PK_DRAG_BOX) {
        double z = canvas->zoom;
        graphene_rect_t r =
            GRAPHENE_RECT_INIT((float)((MIN(canvas->box_x0, canvas->box_x1) - canvas->vx) * z),
                               (float)((MIN(canvas->box_y0, canvas->box_y1) - canvas->vy) * z),
                               (float)(fabs(canvas->box_x1 - canvas->box_x0) * z),
                               (float)(fabs(canvas->box_y1 - canvas->box_y0) * z));
        GdkRGBA fill = with_alpha(c->accent, 0.12f);
        gtk_snapshot_append_color(s, &fill, &r);
        GskRoundedRect rr;
        gsk_rounded_rect_init_from_rect(&rr, &r, 0);
        pk_snapshot_append_outline(s, &rr, 1, &c->accent);
    }
}

/* ---- the minimap ---------------------------------------------------------------------------- */

static gboolean world_bounds(PkCanvas *canvas, double *x0, double *y0, double *x1, double *y1) {
    if (canvas->cards->len == 0) {
        return FALSE;
    }
    *x0 = *y0 = G_MAXDOUBLE;
    *x1 = *y1 = -G_MAXDOUBLE;
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        *x0 = MIN(*x0, card->x), *y0 = MIN(*y0, card->y);
        *x1 = MAX(*x1, card->x + card->w), *y1 = MAX(*y1, card->y + card->h);
    }
    return TRUE;
}

gboolean pk_canvas_minimap_rect(PkCanvas *canvas, graphene_rect_t *out, double *scale, double *ox,
                                double *oy) {
    double w = gtk_widget_get_width(GTK_WIDGET(canvas));
    double h = gtk_widget_get_height(GTK_WIDGET(canvas));
    double x0, y0, x1, y1;
    if (w < PK_MINIMAP_W * 2 || h < PK_MINIMAP_H * 2 || !world_bounds(canvas, &x0, &y0, &x1, &y1)) {
        return FALSE;
    }
    *out = GRAPHENE_RECT_INIT((float)(w - PK_MINIMAP_W - PK_MINIMAP_MARGIN),
                              (float)(h - PK_MINIMAP_H - PK_MINIMAP_MARGIN), PK_MINIMAP_W,
                              PK_MINIMAP_H);
    double pad = 10;
    *scale =
        MIN((PK_MINIMAP_W - 2 * pad) / MAX(x1 - x0, 1), (PK_MINIMAP_H - 2 * pad) / MAX(y1 - y0, 1));
    /* minimap point = origin + (world - (ox, oy)) * scale */
    *ox = (x0 + x1) / 2 - PK_MINIMAP_W / 2 / *scale;
    *oy = (y0 + y1) / 2 - PK_MINIMAP_H / 2 / *scale;
    return TRUE;
}

static GskRenderNode *minimap_cards(PkCanvas *canvas, double scale, double ox, double oy) {
    GtkSnapshot *s = gtk_snapshot_new();
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        GdkRGBA colour = kind_colour(card->kind, 0.85f);
        gtk_snapshot_append_color(
            s, &colour,
            &GRAPHENE_RECT_INIT((float)((card->x - ox) * scale), (float)((card->y - oy) * scale),
                                (float)MAX(card->w * scale, 1.5), (float)MAX(card->h * scale, 1)));
    }
    return gtk_snapshot_free_to_node(s);
}

static void draw_minimap(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    graphene_rect_t r;
    double scale, ox, oy;
    if (!pk_canvas_minimap_rect(canvas, &r, &scale, &ox, &oy)) {
        return;
    }
    PkCanvasColours *c = &canvas->colours;
    GskRoundedRect rr;
    gsk_rounded_rect_init_from_rect(&rr, &r, 10);
    gtk_snapshot_append_outset_shadow(s, &rr, &c->shadow, 0, 1, 0, 5);
    gtk_snapshot_push_rounded_clip(s, &rr);
    gtk_snapshot_append_color(s, &c->minimap, &r);
    if (canvas->minimap_stale || canvas->minimap_cards == NULL) {
        g_clear_pointer(&canvas->minimap_cards, gsk_render_node_unref);
        canvas->minimap_cards = minimap_cards(canvas, scale, ox, oy);
        canvas->minimap_stale = FALSE;
    }
    gtk_snapshot_save(s);
    gtk_snapshot_translate(s, &r.origin);
    if (canvas->minimap_cards != NULL) {
        gtk_snapshot_append_node(s, canvas->minimap_cards);
    }
    graphene_rect_t view =
        GRAPHENE_RECT_INIT((float)((canvas->vx - ox) * scale), (float)((canvas->vy - oy) * scale),
                           (float)(w / canvas->zoom * scale), (float)(h / canvas->zoom * scale));
    GdkRGBA fill = with_alpha(c->accent, 0.14f);
    gtk_snapshot_append_color(s, &fill, &view);
    GskRoundedRect vr;
    gsk_rounded_rect_init_from_rect(&vr, &view, 2);
    pk_snapshot_append_outline(s, &vr, 1.5f, &c->accent);
    gtk_snapshot_restore(s);
    gtk_snapshot_pop(s);
    GdkRGBA edge = with_alpha(c->card_fg, 0.12f);
    pk_snapshot_append_outline(s, &rr, 1, &edge);
}

/* ---- the pan cache -----------------------------------------------------------------------------
 *
 * Drawing a thousand cards and their edges costs tens of milliseconds in software, far more than
 * a frame. While the view pans or zooms (a background drag, or within the view timeout after a
 * scroll, pinch or zoom key), edges and cards are rendered once into a texture that covers the
 * view and the whole view again on each side, at the current zoom; the next frames draw that
 * texture moved (and scaled while zooming) under a live grid. It is rendered again when the
 * view leaves it, when the zoom is more than 2x away from its own, or when the content changed
 * (a signature of every card's place, state and texts and of the edges). When the interaction
 * ends the cache stays while it shows the view at its own zoom (the same pixels as drawing
 * live), and is made anew, sharp, after a zoom (cache_use). */

/* The cache covers the view and this much of it again on each side: a pan of a whole view in
 * any direction, or a zoom out by 2, needs no new one. */
#define CACHE_MARGIN 1.0

/* A signature of what edges and cards show. */
static guint64 content_signature(PkCanvas *canvas) {
    guint64 h = 1469598103934665603ull;
#define MIX(v) (h = (h ^ (guint64)(v)) * 1099511628211ull)
    MIX(canvas->cards->len), MIX(canvas->edges->len), MIX(canvas->colours.dark);
    for (guint i = 0; i < canvas->cards->len; i++) {
        const PkCard *c = canvas->cards->pdata[i];
        MIX(c->id), MIX((gint64)(c->x * 16)), MIX((gint64)(c->y * 16)), MIX(c->selected);
        MIX(c->state), MIX(g_str_hash(c->name ? c->name : ""));
        MIX(g_str_hash(c->state_text ? c->state_text : "")), MIX((guintptr)c->detail);
    }
    for (guint i = 0; i < canvas->edges->len; i++) {
        const PkEdge *e = &g_array_index(canvas->edges, PkEdge, i);
        MIX(e->from->id), MIX(e->to->id), MIX(e->port);
    }
#undef MIX
    return h;
}

/* Edges and the cards in view, for the view (vx, vy, zoom) of w × h pixels. */
static void draw_content(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    gboolean detailed = canvas->zoom >= PK_ZOOM_TEXT;
    draw_edges(canvas, s, w, h);
    double x0 = canvas->vx - 10, y0 = canvas->vy - 10;
    double x1 = canvas->vx + w / canvas->zoom + 10, y1 = canvas->vy + h / canvas->zoom + 10;
    gtk_snapshot_save(s);
    gtk_snapshot_scale(s, (float)canvas->zoom, (float)canvas->zoom);
    gtk_snapshot_translate(s, &GRAPHENE_POINT_INIT((float)-canvas->vx, (float)-canvas->vy));
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        if (card->x + card->w >= x0 && card->x <= x1 && card->y + card->h >= y0 && card->y <= y1) {
            draw_card(canvas, s, card, detailed);
        }
    }
    gtk_snapshot_restore(s);
}

static gboolean interacting(PkCanvas *canvas) {
    return canvas->drag == PK_DRAG_PAN ||
           (canvas->view_timeout != 0 && canvas->drag == PK_DRAG_NONE);
}

/* Whether the cache can stand for the view of w × h pixels now. */
static gboolean cache_covers(PkCanvas *canvas, double w, double h, guint64 sig) {
    if ((canvas->cache == NULL && canvas->cache_surface == NULL) || sig != canvas->cache_sig) {
        return FALSE;
    }
    double ratio = canvas->zoom / canvas->cache_zoom;
    double tw = canvas->cache_w / canvas->cache_zoom;
    double th = canvas->cache_h / canvas->cache_zoom;
    return ratio > 0.5 && ratio < 2.0 && canvas->vx >= canvas->cache_vx &&
           canvas->vy >= canvas->cache_vy &&
           canvas->vx + w / canvas->zoom <= canvas->cache_vx + tw &&
           canvas->vy + h / canvas->zoom <= canvas->cache_vy + th;
}

/* Renders edges and cards around the view into the cache (FALSE: not possible now): with the
 * GL renderer a texture, which it uploads once; with the Cairo renderer an image surface, which
 * a Cairo node paints clipped to the view (a texture node there would be copied whole into a new
 * surface on every frame). */
static gboolean cache_render(PkCanvas *canvas, double w, double h, guint64 sig) {
    GtkNative *native = gtk_widget_get_native(GTK_WIDGET(canvas));
    GskRenderer *renderer = native != NULL ? gtk_native_get_renderer(native) : NULL;
    if (renderer == NULL) {
        return FALSE;
    }
    double vx = canvas->vx, vy = canvas->vy, z = canvas->zoom;
    int cw = (int)ceil(w * (1 + 2 * CACHE_MARGIN)), ch = (int)ceil(h * (1 + 2 * CACHE_MARGIN));
    canvas->vx = vx - w * CACHE_MARGIN / z, canvas->vy = vy - h * CACHE_MARGIN / z;
    GtkSnapshot *s = gtk_snapshot_new();
    draw_content(canvas, s, cw, ch);
    GskRenderNode *node = gtk_snapshot_free_to_node(s);
    pk_canvas_drop_cache(canvas);
    if (node != NULL && pk_widget_draws_with_cairo(GTK_WIDGET(canvas))) {
        canvas->cache_surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cw, ch);
        cairo_t *cr = cairo_create(canvas->cache_surface);
        gsk_render_node_draw(node, cr);
        cairo_destroy(cr);
    } else if (node != NULL) {
        canvas->cache = gsk_renderer_render_texture(
            renderer, node, &GRAPHENE_RECT_INIT(0, 0, (float)cw, (float)ch));
    }
    g_clear_pointer(&node, gsk_render_node_unref);
    canvas->cache_w = cw, canvas->cache_h = ch;
    canvas->cache_vx = canvas->vx, canvas->cache_vy = canvas->vy, canvas->cache_zoom = z;
    canvas->cache_sig = sig;
    canvas->vx = vx, canvas->vy = vy;
    return canvas->cache != NULL || canvas->cache_surface != NULL;
}

/* The cache drawn where its world rectangle lies in the view of w × h pixels. */
static void cache_draw(PkCanvas *canvas, GtkSnapshot *s, double w, double h) {
    double k = canvas->zoom / canvas->cache_zoom;
    double ox = (canvas->cache_vx - canvas->vx) * canvas->zoom;
    double oy = (canvas->cache_vy - canvas->vy) * canvas->zoom;
    if (canvas->cache != NULL) {
        gtk_snapshot_append_texture(s, canvas->cache,
                                    &GRAPHENE_RECT_INIT((float)ox, (float)oy,
                                                        (float)(canvas->cache_w * k),
                                                        (float)(canvas->cache_h * k)));
        return;
    }
    cairo_t *cr = gtk_snapshot_append_cairo(s, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
    cairo_translate(cr, ox, oy);
    cairo_scale(cr, k, k);
    cairo_set_source_surface(cr, canvas->cache_surface, 0, 0);
    if (k != 1.0) {
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_FAST);
    }
    cairo_paint(cr);
    cairo_destroy(cr);
}

typedef enum { CACHE_NONE, CACHE_DRAW, CACHE_RENDER } CacheUse;

/* Whether this frame draws the cache (made anew first: CACHE_RENDER) or draws live.
 * - While the view pans or zooms: always the cache, made anew when it does not cover the view.
 * - Otherwise, with the content unchanged: the cache when it covers the view at its own zoom
 *   (the same pixels as live), else a cache made anew at the final zoom, sharp, so that the next
 *   pan starts from it.
 * - Otherwise (a card moved, a state changed, nothing cached yet): live; a cache per frame
 *   would cost more than drawing the view. */
static CacheUse cache_use(PkCanvas *canvas, double w, double h) {
    guint64 sig = content_signature(canvas);
    gboolean covers = cache_covers(canvas, w, h, sig);
    if (interacting(canvas)) {
        return covers ? CACHE_DRAW : cache_render(canvas, w, h, sig) ? CACHE_RENDER : CACHE_NONE;
    }
    if (covers && canvas->cache_zoom == canvas->zoom) {
        return CACHE_DRAW;
    }
    gboolean same =
        (canvas->cache != NULL || canvas->cache_surface != NULL) && sig == canvas->cache_sig;
    return same && cache_render(canvas, w, h, sig) ? CACHE_RENDER : CACHE_NONE;
}

void pk_canvas_drop_cache(PkCanvas *canvas) {
    g_clear_object(&canvas->cache);
    g_clear_pointer(&canvas->cache_surface, cairo_surface_destroy);
}

/* ---- the snapshot --------------------------------------------------------------------------- */

void pk_canvas_snapshot(GtkWidget *widget, GtkSnapshot *s) {
    PkCanvas *canvas = PK_CANVAS(widget);
    gint64 t0 = g_get_monotonic_time();
    double w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
    gboolean detailed = canvas->zoom >= PK_ZOOM_TEXT;
    gtk_snapshot_append_color(s, &canvas->colours.bg,
                              &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
    draw_grid(canvas, s, w, h);
    const char *kind = detailed ? "canvas-full" : "canvas-lod";
    switch (cache_use(canvas, w, h)) {
    case CACHE_DRAW:
        cache_draw(canvas, s, w, h);
        kind = "canvas-cached";
        break;
    case CACHE_RENDER:
        cache_draw(canvas, s, w, h);
        kind = "canvas-cache-new";
        break;
    case CACHE_NONE:
        pk_canvas_drop_cache(canvas);
        draw_content(canvas, s, w, h);
        break;
    }
    draw_pending(canvas, s, w, h);
    draw_minimap(canvas, s, w, h);
    gtk_widget_snapshot_child(widget, canvas->toolbar, s);
    gtk_widget_snapshot_child(widget, canvas->crumbs, s);
    pk_frame_timer_drawn(&canvas->frames, kind, t0);
}
