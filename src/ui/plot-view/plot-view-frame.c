/* plot-view-frame.c — the plot view's pictures: the last exact frame as an image and as
 * textures, and the drawing of transformed frames from it (see plot-view.c and
 * docs/interaction.md).
 *
 *   image            the whole exact frame, as the worker rendered it
 *   texture          the same pixels as a texture (shares its memory)
 *   plot_texture     its plot area, rounded out to device pixels (plot_rect, logical)
 *   legend_texture   its legend strip (legend_rect): the page's side the legend is on, from
 *                    the legend's inner edge out; NULL without a legend
 *   chrome_surface   where transformed frames draw their chrome, kept between frames
 *
 * A transformed frame is at most six nodes: up to four chrome strips (textures over one
 * clipped pk_render_draw), the old plot area as one texture node with its new bounds (a plain
 * blit while panning), and the legend strip. No transform node and no offscreen: the GSK
 * renderer only copies pixels, and the GL renderer uploads the big textures once. With the
 * Cairo renderer every one of these is a Cairo node that paints from the image (or the chrome
 * surface) instead: that renderer would convert each texture through floats on every frame
 * (see pk_widget_draws_with_cairo). */
#include "draw-util.h"
#include "pika/render.h"
#include "plot-view-private.h"

#include <math.h>

/* A texture over the device pixels [x, x + w) × [y, y + h) of an image, sharing its memory. */
static GdkTexture *sub_texture(GBytes *bytes, int stride, int x, int y, int w, int h) {
    g_autoptr(GBytes) sub = g_bytes_new_from_bytes(bytes, (gsize)y * stride + (gsize)x * 4,
                                                   (gsize)(h - 1) * stride + (gsize)w * 4);
    return gdk_memory_texture_new(w, h, GDK_MEMORY_DEFAULT, sub, stride);
}

/* Paints the device pixels px = {x, y, width, height} of image stretched over dest, with one
 * Cairo node. */
static void paint_pixels(GtkSnapshot *snapshot, cairo_surface_t *image, const int px[4],
                         const graphene_rect_t *dest) {
    double kx, ky;
    cairo_surface_get_device_scale(image, &kx, &ky);
    cairo_t *cr = gtk_snapshot_append_cairo(snapshot, dest);
    cairo_translate(cr, dest->origin.x, dest->origin.y);
    cairo_scale(cr, dest->size.width * kx / px[2], dest->size.height * ky / px[3]);
    cairo_rectangle(cr, 0, 0, px[2] / kx, px[3] / ky);
    cairo_clip(cr);
    cairo_set_source_surface(cr, image, -px[0] / kx, -px[1] / ky);
    cairo_paint(cr);
    cairo_destroy(cr);
}

/* Pixels px of the frame's image over dest: a Cairo node, or texture (which holds them). */
static void append_pixels(const PkViewImages *self, GtkSnapshot *snapshot, GdkTexture *texture,
                          const int px[4], const graphene_rect_t *dest) {
    if (self->cairo) {
        paint_pixels(snapshot, self->image, px, dest);
    } else {
        gtk_snapshot_append_texture(snapshot, texture, dest);
    }
}

void pk_view_images_draw_exact(PkViewImages *self, GtkSnapshot *snapshot, double w, double h) {
    int px[4] = {0, 0, cairo_image_surface_get_width(self->image),
                 cairo_image_surface_get_height(self->image)};
    append_pixels(self, snapshot, self->texture, px, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
}

/* The legend's strip in device pixels (x, y, width, height) of an iw × ih image at k device
 * pixels per logical one: the page's side from the legend's inner edge out, the whole
 * length of that side. Nothing in it moves with the view (title, notes, legend), so a
 * transformed frame shows it from the exact frame. FALSE without a legend. */
static gboolean legend_strip(const PkViewScene *vs, int iw, int ih, double k, int out_px[4],
                             PkLegendPlacement *out_side) {
    PkLegendLayout lg;
    pk_layout_legend(vs->scene, vs->width, vs->height, &lg);
    pk_layout_legend_clear(&lg);
    const PkRect *b = &lg.box;
    int x0 = 0, y0 = 0, x1 = iw, y1 = ih;
    switch (lg.side) {
    case PK_LEGEND_RIGHT:
        x0 = (int)floor(b->x * k);
        break;
    case PK_LEGEND_LEFT:
        x1 = (int)ceil((b->x + b->width) * k);
        break;
    case PK_LEGEND_TOP:
        y1 = (int)ceil((b->y + b->height) * k);
        break;
    case PK_LEGEND_BOTTOM:
        y0 = (int)floor(b->y * k);
        break;
    default:
        return FALSE;
    }
    x0 = CLAMP(x0, 0, iw), x1 = CLAMP(x1, x0, iw), y0 = CLAMP(y0, 0, ih), y1 = CLAMP(y1, y0, ih);
    memcpy(out_px, (int[4]){x0, y0, x1 - x0, y1 - y0}, 4 * sizeof(int));
    *out_side = lg.side;
    return x1 > x0 && y1 > y0;
}

/* The frame's image and textures: whole, plot area (rounded out to device pixels) and legend
 * strip. */
void pk_view_images_set(PkViewImages *self, const PkViewScene *vs, cairo_surface_t *image) {
    cairo_surface_flush(image);
    int iw = cairo_image_surface_get_width(image), ih = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    g_autoptr(GBytes) bytes = g_bytes_new_with_free_func(
        cairo_image_surface_get_data(image), (gsize)stride * ih,
        (GDestroyNotify)cairo_surface_destroy, cairo_surface_reference(image));
    pk_view_images_clear_frame(self);
    self->image = cairo_surface_reference(image);
    self->texture = gdk_memory_texture_new(iw, ih, GDK_MEMORY_DEFAULT, bytes, stride);
    PkRect *oa = &self->area;
    pk_layout_plot_area(vs->scene, vs->width, vs->height, oa);
    double k = (double)iw / vs->width;
    int x0 = CLAMP((int)floor(oa->x * k), 0, iw - 1), y0 = CLAMP((int)floor(oa->y * k), 0, ih - 1);
    int x1 = CLAMP((int)ceil((oa->x + oa->width) * k), x0 + 1, iw);
    int y1 = CLAMP((int)ceil((oa->y + oa->height) * k), y0 + 1, ih);
    self->plot_texture = sub_texture(bytes, stride, x0, y0, x1 - x0, y1 - y0);
    memcpy(self->plot_px, (int[4]){x0, y0, x1 - x0, y1 - y0}, sizeof self->plot_px);
    self->plot_rect = GRAPHENE_RECT_INIT((float)(x0 / k), (float)(y0 / k), (float)((x1 - x0) / k),
                                         (float)((y1 - y0) / k));
    int lp[4];
    if (legend_strip(vs, iw, ih, k, lp, &self->legend_side)) {
        self->legend_texture = sub_texture(bytes, stride, lp[0], lp[1], lp[2], lp[3]);
        memcpy(self->legend_px, lp, sizeof self->legend_px);
        self->legend_rect = GRAPHENE_RECT_INIT((float)(lp[0] / k), (float)(lp[1] / k),
                                               (float)(lp[2] / k), (float)(lp[3] / k));
    }
}

/* A shallow copy of scene with new ranges and no data layers: draws background, grid, axes,
 * labels and notes in the same layout. Never freed (it owns nothing). */
PkScene pk_view_chrome_scene(const PkScene *scene, const double v[4]) {
    PkScene c = *scene;
    if (c.x.scale != PK_SCALE_CATEGORICAL) {
        c.x.lo = v[0], c.x.hi = v[1];
    }
    if (c.y.scale != PK_SCALE_CATEGORICAL) {
        c.y.lo = v[2], c.y.hi = v[3];
    }
    c.density.counts = NULL, c.density.category_counts = NULL;
    c.selected_density.counts = NULL, c.selected_density.category_counts = NULL;
    c.n_points = 0, c.n_selected_points = 0;
    c.n_series = 0, c.n_bins = 0, c.nx = 0, c.ny = 0, c.n_boxes = 0, c.n_groups = 0;
    return c;
}

/* Where [a0, a1] of an axis lies in pixels of a plot span [p0, p0 + len] over [v0, v1]. */
static double axis_px(PkScaleKind k, double a, double v0, double v1, double p0, double len) {
    double f0 = pk_plot_view_to_axis(k, v0), f1 = pk_plot_view_to_axis(k, v1);
    return p0 + (pk_plot_view_to_axis(k, a) - f0) / (f1 - f0) * len;
}

/* Where the old frame's plot area lands in the new view: the rectangle (logical pixels) that
 * the old viewport covers inside the new plot area's axes. */
static graphene_rect_t old_area_in_new(const PkViewScene *vs, const double fv[4], const double v[4],
                                       const PkRect *na) {
    const PkScene *s = vs->scene;
    gboolean cx = s->x.scale == PK_SCALE_CATEGORICAL, cy = s->y.scale == PK_SCALE_CATEGORICAL;
    double x0 = cx ? na->x : axis_px(s->x.scale, fv[0], v[0], v[1], na->x, na->width);
    double x1 = cx ? na->x + na->width : axis_px(s->x.scale, fv[1], v[0], v[1], na->x, na->width);
    double ytop = cy ? na->y : axis_px(s->y.scale, fv[3], v[3], v[2], na->y, na->height);
    double ybot =
        cy ? na->y + na->height : axis_px(s->y.scale, fv[2], v[3], v[2], na->y, na->height);
    return GRAPHENE_RECT_INIT((float)x0, (float)ytop, (float)(x1 - x0), (float)(ybot - ytop));
}

/* The chrome (background, grid, axes, labels) drawn live into the rectangles rects[0..n) of
 * the widget: one pk_render_draw, clipped to them, into a surface the view keeps (allocated
 * once per size), then one node per rectangle over that memory. The surface is redrawn
 * only in the next snapshot, after this frame has been rendered and its textures uploaded
 * (a Cairo node that still shows it then keeps a copy: Cairo copies a source surface before
 * it is drawn over; two surfaces in turns avoided that copy but measured no faster). */
static void draw_chrome(PkViewImages *self, GtkSnapshot *snapshot, const PkScene *chrome, double w,
                        double h, double scale, const graphene_rect_t *rects, guint n) {
    int sw = (int)ceil(w * scale), sh = (int)ceil(h * scale);
    if (self->chrome_surface == NULL || cairo_image_surface_get_width(self->chrome_surface) != sw ||
        cairo_image_surface_get_height(self->chrome_surface) != sh) {
        g_clear_pointer(&self->chrome_surface, cairo_surface_destroy);
        self->chrome_surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, sw, sh);
        cairo_surface_set_device_scale(self->chrome_surface, scale, scale);
    }
    cairo_t *cr = cairo_create(self->chrome_surface);
    for (guint i = 0; i < n; i++) {
        cairo_rectangle(cr, rects[i].origin.x, rects[i].origin.y, rects[i].size.width,
                        rects[i].size.height);
    }
    cairo_clip(cr);
    pk_render_draw(cr, chrome, w, h, scale, NULL); /* its background is opaque: no clearing */
    cairo_destroy(cr);
    cairo_surface_flush(self->chrome_surface);
    int stride = cairo_image_surface_get_stride(self->chrome_surface);
    g_autoptr(GBytes) bytes = g_bytes_new_with_free_func(
        cairo_image_surface_get_data(self->chrome_surface), (gsize)stride * sh,
        (GDestroyNotify)cairo_surface_destroy, cairo_surface_reference(self->chrome_surface));
    for (guint i = 0; i < n; i++) {
        const graphene_rect_t *r = &rects[i];
        int x = (int)lround(r->origin.x * scale), y = (int)lround(r->origin.y * scale);
        int rw = MIN((int)lround(r->size.width * scale), sw - x);
        int rh = MIN((int)lround(r->size.height * scale), sh - y);
        if (rw > 0 && rh > 0 && self->cairo) {
            paint_pixels(snapshot, self->chrome_surface, (int[4]){x, y, rw, rh}, r);
        } else if (rw > 0 && rh > 0) {
            g_autoptr(GdkTexture) t = sub_texture(bytes, stride, x, y, rw, rh);
            gtk_snapshot_append_texture(snapshot, t, r);
        }
    }
}

/* Appends the rectangle [x0, x1) × [y0, y1), rounded out to whole pixels inside w × h, when
 * it is not empty. */
static void add_rect(graphene_rect_t *rects, guint *n, double w, double h, double x0, double y0,
                     double x1, double y1) {
    x0 = MAX(floor(x0), 0), y0 = MAX(floor(y0), 0), x1 = MIN(ceil(x1), w), y1 = MIN(ceil(y1), h);
    if (x1 - x0 >= 1 && y1 - y0 >= 1) {
        rects[(*n)++] =
            GRAPHENE_RECT_INIT((float)x0, (float)y0, (float)(x1 - x0), (float)(y1 - y0));
    }
}

/* A transformed frame. The old plot area (a texture of its own, cut from the frame) is one
 * texture node with the bounds it has in the new viewport, clipped to the new plot area: no
 * transform node, no offscreen, and a plain blit while panning. The chrome is drawn live only
 * where the old plot area does not cover the widget (the margins with the axes, and what the
 * pan uncovered), in at most four strips, so little is drawn and uploaded per frame. The
 * legend strip comes from the frame unchanged. */
void pk_view_images_draw_transformed(PkViewImages *self, GtkSnapshot *snapshot,
                                     const PkViewScene *vs, const double frame_view[4],
                                     const double view[4], double w, double h) {
    PkScene chrome = pk_view_chrome_scene(vs->scene, view);
    PkRect na;
    pk_layout_plot_area(&chrome, w, h, &na);
    graphene_rect_t d = old_area_in_new(vs, frame_view, view, &na);
    const PkRect *oa = &self->area;
    if (fabs(d.size.width - oa->width) < 0.01 && fabs(d.size.height - oa->height) < 0.01) {
        d.origin.x = roundf(d.origin.x), d.origin.y = roundf(d.origin.y); /* a pan: blit */
    }
    /* the texture covers plot_rect of the old frame: map it as the old plot area is mapped */
    double kx = d.size.width / oa->width, ky = d.size.height / oa->height;
    graphene_rect_t t = GRAPHENE_RECT_INIT(
        (float)(d.origin.x + (self->plot_rect.origin.x - oa->x) * kx),
        (float)(d.origin.y + (self->plot_rect.origin.y - oa->y) * ky),
        (float)(self->plot_rect.size.width * kx), (float)(self->plot_rect.size.height * ky));
    graphene_rect_t area = GRAPHENE_RECT_INIT((float)na.x, (float)na.y, (float)na.width,
                                              (float)na.height),
                    cov;
    if (!graphene_rect_intersection(&d, &area, &cov)) {
        cov = GRAPHENE_RECT_INIT((float)na.x, (float)na.y, 0, 0);
    }
    gboolean legend = self->legend_texture != NULL && vs->width == w && vs->height == h;
    /* the chrome's page: all of it but the legend strip (a whole side of it) */
    double left = 0, top = 0, right = w, bottom = h;
    if (legend) {
        const graphene_rect_t *l = &self->legend_rect;
        switch (self->legend_side) {
        case PK_LEGEND_LEFT:
            left = l->origin.x + l->size.width;
            break;
        case PK_LEGEND_TOP:
            top = l->origin.y + l->size.height;
            break;
        case PK_LEGEND_BOTTOM:
            bottom = l->origin.y;
            break;
        default:
            right = l->origin.x;
            break;
        }
    }
    double cx0 = cov.origin.x, cy0 = cov.origin.y;
    double cx1 = cx0 + cov.size.width, cy1 = cy0 + cov.size.height;
    /* whole pixels inside the covered rectangle belong to the texture, the rest to chrome */
    cx0 = ceil(cx0), cy0 = ceil(cy0), cx1 = floor(cx1), cy1 = floor(cy1);
    graphene_rect_t rects[4];
    guint n = 0;
    add_rect(rects, &n, w, h, left, top, right, MAX(cy0, top));
    add_rect(rects, &n, w, h, left, MIN(cy1, bottom), right, bottom);
    add_rect(rects, &n, w, h, left, MAX(cy0, top), MAX(cx0, left), MIN(cy1, bottom));
    add_rect(rects, &n, w, h, MIN(cx1, right), MAX(cy0, top), right, MIN(cy1, bottom));
    draw_chrome(self, snapshot, &chrome, w, h, vs->scale, rects, n);
    if (cx1 > cx0 && cy1 > cy0) {
        gtk_snapshot_push_clip(
            snapshot,
            &GRAPHENE_RECT_INIT((float)cx0, (float)cy0, (float)(cx1 - cx0), (float)(cy1 - cy0)));
        append_pixels(self, snapshot, self->plot_texture, self->plot_px, &t);
        gtk_snapshot_pop(snapshot);
    }
    if (legend) {
        append_pixels(self, snapshot, self->legend_texture, self->legend_px, &self->legend_rect);
    }
}

void pk_view_images_clear_frame(PkViewImages *self) {
    g_clear_pointer(&self->image, cairo_surface_destroy);
    g_clear_object(&self->texture);
    g_clear_object(&self->plot_texture);
    g_clear_object(&self->legend_texture);
}

void pk_view_images_clear(PkViewImages *self) {
    pk_view_images_clear_frame(self);
    g_clear_pointer(&self->chrome_surface, cairo_surface_destroy);
}
