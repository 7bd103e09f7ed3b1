/* export.c — PNG, SVG and PDF files and in-memory images, all through pk_render_draw.
 *
 * PNG: an ARGB32 image of width*scale × height*scale pixels, user space scaled by `scale`.
 * SVG/PDF: width × height points; vectors stay vectors, density layers are embedded images
 * at `scale` resolution. Files are written to a temporary name next to the target and renamed,
 * so a failed export leaves no partial file behind. */
#include "pika/error.h"
#include "render-private.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
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
    if (!(width >= 1 && height >= 1 && scale > 0 && width * scale <= PK_RENDER_MAX_SIDE_PX &&
          height * scale <= PK_RENDER_MAX_SIDE_PX)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "picture size %g × %g at scale %g is out of range (1 to %d pixels a side)",
                    width, height, scale, PK_RENDER_MAX_SIDE_PX);
        return FALSE;
    }
    if (width * scale * height * scale > PK_RENDER_MAX_PIXELS) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "picture size %g × %g at scale %g is %.0f million pixels, more than a picture "
                    "may have (%.0f million); make it smaller or lower the scale",
                    width, height, scale, width * scale * height * scale / 1e6,
                    PK_RENDER_MAX_PIXELS / 1e6);
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
    if (ok && g_rename(tmp, path) != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write \"%s\": %s", path,
                    g_strerror(errno));
        ok = FALSE;
    }
    if (!ok) {
        g_unlink(tmp);
    }
    return ok;
}

static gboolean export_png(const PkScene *scene, const char *tmp, const char *path, double width,
                           double height, double scale, GError **error) {
    cairo_surface_t *surface = pk_render_to_image(scene, width, height, scale, error);
    if (surface == NULL) {
        return FALSE;
    }
    cairo_status_t status = cairo_surface_write_to_png(surface, tmp);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        g_unlink(tmp);
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write \"%s\": %s", path,
                    cairo_status_to_string(status));
        return FALSE;
    }
    if (g_rename(tmp, path) != 0) {
        g_unlink(tmp);
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "cannot write \"%s\": %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

gboolean pk_render_export(const PkScene *scene, const char *path, PkExportFormat format,
                          double width, double height, double scale, GError **error) {
    g_return_val_if_fail(scene != NULL && path != NULL, FALSE);
    if (!pk_render_check_size(width, height, scale, error)) {
        return FALSE;
    }
    g_autofree char *tmp = g_strdup_printf("%s.tmp-%08x", path, g_random_int());
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
        g_unlink(tmp);
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
