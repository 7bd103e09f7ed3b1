/* export.c — PNG, SVG and PDF files and in-memory images, all through pk_render_draw.
 *
 * PNG: an ARGB32 image of width*scale × height*scale pixels, user space scaled by `scale`.
 * SVG/PDF: width × height points; vectors stay vectors, density layers are embedded images
 * at `scale` resolution. Files are written to a temporary name next to the target and renamed,
 * so a failed export leaves no partial file behind. */
#include "pika/error.h"
#include "pika/path.h"
#include "render-private.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>

gboolean pk_export_format_from_path(const char *path, PkExportFormat *out_format, GError **error) {
    const char *dot = path != NULL ? strrchr(path, '.') : NULL;
    if (dot != NULL && g_ascii_strcasecmp(dot, ".png") == 0) {
        *out_format = PK_EXPORT_PNG;
    } else if (dot != NULL && g_ascii_strcasecmp(dot, ".svg") == 0) {
        *out_format = PK_EXPORT_SVG;
    } else if (dot != NULL && g_ascii_strcasecmp(dot, ".pdf") == 0) {
        *out_format = PK_EXPORT_PDF;
    } else {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "cannot tell the picture format of \"%s\"; use a name ending in .png, .svg "
                    "or .pdf",
                    path != NULL ? path : "");
        return FALSE;
    }
    return TRUE;
}

gboolean pk_render_check_size(double width, double height, double scale, GError **error) {
    double w_px = width * scale, h_px = height * scale;
    if (!(width >= 1 && height >= 1 && scale > 0) || !isfinite(w_px) || !isfinite(h_px)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "picture size %g × %g at scale %g is not a size; give a width and height of "
                    "at least 1 and a positive scale",
                    width, height, scale);
        return FALSE;
    }
    if (w_px > PK_RENDER_MAX_SIDE_PX || h_px > PK_RENDER_MAX_SIDE_PX ||
        w_px * h_px > (double)PK_RENDER_MAX_PIXELS) {
        g_set_error(error, PK_ERROR, PK_ERROR_TOO_LARGE,
                    "a picture of %.0f × %.0f pixels (%g × %g at scale %g) is too large: the "
                    "limit is %d pixels a side and %d million pixels in all; make it smaller or "
                    "lower the scale",
                    w_px, h_px, width, height, scale, PK_RENDER_MAX_SIDE_PX,
                    PK_RENDER_MAX_PIXELS / (1024 * 1024));
        return FALSE;
    }
    return TRUE;
}

cairo_surface_t *pk_render_to_image(const PkScene *scene, double width, double height, double scale,
                                    GError **error) {
    if (!pk_render_check_size(width, height, scale, error)) {
        return NULL;
    }
    cairo_surface_t *surface = cairo_image_surface_create(
        CAIRO_FORMAT_ARGB32, (int)(width * scale + 0.5), (int)(height * scale + 0.5));
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    gboolean ok = pk_render_draw(cr, scene, width, height, scale, error);
    cairo_destroy(cr);
    if (!ok) {
        cairo_surface_destroy(surface);
        return NULL;
    }
    cairo_surface_flush(surface);
    return surface;
}

static gboolean finish(cairo_surface_t *surface, const char *tmp, const char *path, gboolean ok,
                       GError **error) {
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (ok && status != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write \"%s\": %s", path,
                    cairo_status_to_string(status));
        ok = FALSE;
    }
    if (!ok) {
        pk_path_discard_temp(tmp);
        return FALSE;
    }
    return pk_path_commit_temp(tmp, path, error);
}

static gboolean export_png(const PkScene *scene, const char *tmp, const char *path, double width,
                           double height, double scale, GError **error) {
    cairo_surface_t *surface = pk_render_to_image(scene, width, height, scale, error);
    if (surface == NULL) {
        pk_path_discard_temp(tmp);
        return FALSE;
    }
    cairo_status_t status = cairo_surface_write_to_png(surface, tmp);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        pk_path_discard_temp(tmp);
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write \"%s\": %s", path,
                    cairo_status_to_string(status));
        return FALSE;
    }
    return pk_path_commit_temp(tmp, path, error);
}

gboolean pk_render_export(const PkScene *scene, const char *path, PkExportFormat format,
                          double width, double height, double scale, GError **error) {
    g_return_val_if_fail(scene != NULL && path != NULL, FALSE);
    if (!pk_render_check_size(width, height, scale, error)) {
        return FALSE;
    }
    g_autofree char *tmp = pk_path_create_temp_beside(path, error);
    if (tmp == NULL) {
        return FALSE;
    }
    PkRect area;
    pk_layout_plot_area(scene, width, height, &area);
    /* the layout, for bug reports and for tests that look inside the plot area of a file */
    g_debug("render: %s: %gx%g page, plot area %g,%g %gx%g", path, width, height, area.x, area.y,
            area.width, area.height);
    if (format == PK_EXPORT_PNG) {
        return export_png(scene, tmp, path, width, height, scale, error);
    }
    cairo_surface_t *surface = format == PK_EXPORT_SVG
                                   ? cairo_svg_surface_create(tmp, width, height)
                                   : cairo_pdf_surface_create(tmp, width, height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write \"%s\": %s", path,
                    cairo_status_to_string(cairo_surface_status(surface)));
        cairo_surface_destroy(surface);
        pk_path_discard_temp(tmp);
        return FALSE;
    }
    cairo_surface_set_fallback_resolution(surface, 72.0 * scale, 72.0 * scale);
    cairo_t *cr = cairo_create(surface);
    gboolean ok = pk_render_draw(cr, scene, width, height, scale, error);
    cairo_destroy(cr);
    return finish(surface, tmp, path, ok, error);
}

const char *pk_render_cairo_version(void) {
    return cairo_version_string();
}
