/* pika/render.h — drawing a prepared plot with Cairo, and exporting it.
 *
 * pk_render_draw is the one drawing routine: the desktop window calls it on its widget's
 * cairo_t, and every export (PNG at any size and scale, SVG with vector axes and marks and
 * density layers embedded as images, PDF) calls it on a surface of its own. It reads only the
 * scene (pika/scene.h), never a data source, so the window can redraw without re-querying.
 *
 * Text is laid out with Pango (DejaVu Sans by default; the font is whatever fontconfig picks
 * for "Sans", so tests pin it with a fonts.conf). The scale factor multiplies every length
 * (HiDPI): a 800×600 page at scale 2 is 1600×1200 device pixels with the same look.
 * Thread rule: a scene may be drawn on several threads at once, one cairo_t each. */
#pragma once

#include "pika/render-kit.h"
#include "pika/scene.h"

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    PK_EXPORT_PNG,
    PK_EXPORT_SVG,
    PK_EXPORT_PDF,
} PkExportFormat;

/* Draws scene onto cr in the rectangle (0, 0, width, height) of cr's user space, in logical
 * pixels; scale is the device-pixel ratio used for the resolution of density images (the
 * caller has already scaled cr). Checks cr's status afterwards: PK_ERROR_FAILED with Cairo's
 * message when drawing failed; PK_ERROR_INVALID for a non-positive size. */
gboolean pk_render_draw(cairo_t *cr, const PkScene *scene, double width, double height,
                        double scale, GError **error);

/* The width in logical pixels of a plot title as pk_render_draw writes it (centred over the
 * plot area, at the top): what a view needs to keep its own labels off it. */
double pk_render_title_width(const char *title);

/* The format from a file name's extension (.png, .svg, .pdf, any case). FALSE with
 * PK_ERROR_UNSUPPORTED naming the accepted extensions otherwise. */
gboolean pk_export_format_from_path(const char *path, PkExportFormat *out_format, GError **error);
/* The largest picture drawn: PK_RENDER_MAX_SIDE_PX pixels a side (width*scale, height*scale)
 * and PK_RENDER_MAX_PIXELS in all (a 256 MiB ARGB image). */
#define PK_RENDER_MAX_SIDE_PX 16384
#define PK_RENDER_MAX_PIXELS (64 * 1024 * 1024)
/* TRUE when a picture of width × height at scale may be drawn; otherwise PK_ERROR_INVALID (not
 * a size) or PK_ERROR_TOO_LARGE (over the limits above, which the message names). */
gboolean pk_render_check_size(double width, double height, double scale, GError **error);
/* Draws scene into a file: PNG of width*scale × height*scale pixels; SVG and PDF of width ×
 * height points (density images at scale). Written to a temporary file beside path and
 * renamed over it (pika/path.h). Errors: as pk_render_check_size; PK_ERROR_IO when the file
 * cannot be written (message names it). */
gboolean pk_render_export(const PkScene *scene, const char *path, PkExportFormat format,
                          double width, double height, double scale, GError **error);
/* Draws scene into a new ARGB32 image surface of width*scale × height*scale pixels.
 * Returns a new surface or NULL with an error (PK_ERROR_INVALID for a size
 * pk_render_check_size refuses). */
cairo_surface_t *pk_render_to_image(const PkScene *scene, double width, double height, double scale,
                                    GError **error);

G_END_DECLS
