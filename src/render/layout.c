/* layout.c — where the plot area and the legend sit on the page (pure: no Cairo).
 *
 *   +-------------------------------------------------+
 *   |                 title (optional)                |
 *   |          top legend (lines of entries)          |
 *   | left | y |ticks|+------------------+ right      |
 *   |legend| l |     ||    plot area     | legend     |
 *   |(bar, | a |     ||                  | (bar or    |
 *   |swat- | b |     |+------------------+ swatches)  |
 *   | ches)|      x tick labels (maybe rotated)       |
 *   |                 x label                         |
 *   |         bottom legend (lines of entries)        |
 *   |  notes (skipped values)                         |
 *   +-------------------------------------------------+
 *
 * At most one of the four legends is there. Left and right legends are a column: one swatch
 * row per category from the plot area's top down, "…" in the row that would cross its
 * bottom. Top and bottom legends flow their entries left to right over the plot area's width,
 * in as many lines as they need up to a quarter of the page's height, each line centred; "…"
 * ends the last line when entries are left over. A colour bar is vertical in a column and
 * horizontal in a band. pk_layout_page is the one place that decides the rectangles: the
 * drawing (legend.c) and the hit test (pk_layout_legend_category_at) both read them.
 *
 * Text widths are estimated from character counts (DejaVu Sans at the sizes in
 * render-private.h) so the layout is the same with or without a surface; preparation uses it
 * to size density grids before anything is drawn. Names wider than their row's slot are
 * drawn cut with an ellipsis, so an estimate that falls short never makes text overlap. */
#include "render-private.h"

#include <math.h>
#include <string.h>

#define LEGEND_GAP_PX 12.0 /* between the plot area's margin and a column legend */
#define ENTRY_GAP_PX 14.0  /* between two entries of a line */
#define ELLIPSIS_PX 16.0   /* the "…" entry of a line */
#define NAME_MAX_PX 150.0  /* a name's slot at most */
#define LABEL_MAX_PX 140.0 /* the widest a category tick label is given */
#define BAND_GAP_PX 8.0    /* between a band legend and what lies above or below it */
#define BAR_BAND_PX (PK_COLORBAR_PX + 6 + PK_FONT_TICK_PX + 4)
#define BAR_COLUMN_PX (PK_COLORBAR_PX + 6 + 58)

/* The text's measured width, and a pixel to spare (drawing on a hinted surface may round up). */
static double text_px(const char *text, double px) {
    return text != NULL ? ceil(pk_text_width(text, px)) + 1.0 : 0.0;
}

/* The widest category label, at most LABEL_MAX_PX (measuring stops once one reaches it). */
static double longest_category(const PkSceneAxis *axis, double px) {
    double w = 0;
    for (guint i = 0; i < axis->n_categories && w < LABEL_MAX_PX; i++) {
        w = MAX(w, text_px(axis->categories[i], px));
    }
    return MIN(w, LABEL_MAX_PX);
}

gboolean pk_layout_has_legend(const PkScene *scene) {
    if (scene->spec.legend == PK_LEGEND_NONE || scene->empty_message != NULL) {
        return FALSE;
    }
    if (scene->n_color_categories > 1) {
        return TRUE;
    }
    return scene->has_density || scene->spec.type == PK_PLOT_HEATMAP;
}

/* The side the legend is on: auto is right; NONE without a legend. */
static PkLegendPlacement legend_side(const PkScene *scene) {
    if (!pk_layout_has_legend(scene)) {
        return PK_LEGEND_NONE;
    }
    return scene->spec.legend == PK_LEGEND_AUTO ? PK_LEGEND_RIGHT : scene->spec.legend;
}

static gboolean has_swatches(const PkScene *scene) {
    return scene->n_color_categories > 1;
}

/* A name's slot in a column legend: its longest name, at most NAME_MAX_PX and, on a narrow
 * page, a quarter of the page's width (but never under 40 pixels). */
static double column_name_px(const PkScene *scene, double width) {
    double w = 0;
    for (guint i = 0; i < scene->n_color_categories; i++) {
        w = MAX(w, text_px(scene->color_categories[i], PK_FONT_TICK_PX));
    }
    return MIN(w, MIN(NAME_MAX_PX, MAX(40.0, width * 0.25)));
}

/* The width of a column legend's swatches and names, or its colour bar and labels. */
static double column_width(const PkScene *scene, double width) {
    if (has_swatches(scene)) {
        return PK_SWATCH_PX + 6 + column_name_px(scene, width);
    }
    return BAR_COLUMN_PX;
}

gboolean pk_layout_x_labels_rotated(const PkScene *scene, double plot_width) {
    const PkSceneAxis *axis = &scene->x;
    if (axis->scale != PK_SCALE_CATEGORICAL || axis->n_categories == 0) {
        return FALSE;
    }
    double slot = plot_width / axis->n_categories;
    return longest_category(axis, PK_FONT_TICK_PX) + 6 > slot;
}

double pk_layout_x_label_max_px(const PkScene *scene) {
    return longest_category(&scene->x, PK_FONT_TICK_PX);
}

static double entry_width(const PkScene *scene, guint i, double avail) {
    double name = MIN(text_px(scene->color_categories[i], PK_FONT_TICK_PX), NAME_MAX_PX);
    return MIN(PK_SWATCH_PX + 6 + name, avail);
}

/* Ends the last line with "…": drops entries from its end until the ellipsis fits, or
 * narrows the line's only entry. */
static void flow_ellipsis(PkLegendLayout *lg, double avail) {
    PkRect *last = &lg->rows[lg->n_rows - 1];
    while (last->x + last->width + ENTRY_GAP_PX + ELLIPSIS_PX > avail && last->x > 0) {
        lg->n_rows--;
        last = &lg->rows[lg->n_rows - 1];
    }
    if (last->x + last->width + ENTRY_GAP_PX + ELLIPSIS_PX > avail) {
        last->width = MAX(avail - ENTRY_GAP_PX - ELLIPSIS_PX, PK_SWATCH_PX);
    }
    lg->ellipsis =
        (PkRect){last->x + last->width + ENTRY_GAP_PX, last->y, ELLIPSIS_PX, PK_LEGEND_ROW_PX};
}

/* Lays the entries out in lines of avail pixels, at most max_lines, relative to (0, 0) and
 * left-aligned. Returns the number of lines. */
static guint flow_entries(const PkScene *scene, double avail, guint max_lines, PkLegendLayout *lg) {
    double x = 0;
    guint line = 0;
    for (guint i = 0; i < scene->n_color_categories; i++) {
        double w = entry_width(scene, i, avail);
        if (x > 0 && x + w > avail) {
            line++, x = 0;
        }
        if (line >= max_lines) {
            lg->more = TRUE;
            break;
        }
        lg->rows[lg->n_rows++] = (PkRect){x, line * PK_LEGEND_ROW_PX, w, PK_LEGEND_ROW_PX};
        x += w + ENTRY_GAP_PX;
    }
    if (lg->more) {
        flow_ellipsis(lg, avail);
    }
    return MIN(line + 1, max_lines);
}

/* Moves the flowed lines into box, each line centred in its width. */
static void place_lines(PkLegendLayout *lg, const PkRect *box) {
    for (guint i = 0; i <= lg->n_rows; i++) {
        PkRect *r = i < lg->n_rows ? &lg->rows[i] : lg->more ? &lg->ellipsis : NULL;
        if (r == NULL) {
            break;
        }
        double right = r->x + r->width; /* the line's right end: its last entry's */
        for (guint j = i + 1; j <= lg->n_rows; j++) {
            const PkRect *n = j < lg->n_rows ? &lg->rows[j] : lg->more ? &lg->ellipsis : NULL;
            if (n != NULL && n->y == r->y) {
                right = n->x + n->width;
            }
        }
        r->x += box->x + MAX((box->width - right) / 2, 0.0);
        r->y += box->y;
    }
}

/* Column rows: one per category from the plot area's top down, x0 to x1. */
static void column_rows(const PkScene *scene, const PkRect *area, double x0, double x1,
                        PkLegendLayout *lg) {
    double y = area->y + 2;
    for (guint i = 0; i < scene->n_color_categories; i++, y += PK_LEGEND_ROW_PX) {
        PkRect r = {x0, y, x1 - x0, PK_LEGEND_ROW_PX};
        if (y + PK_LEGEND_ROW_PX > area->y + area->height && i + 1 < scene->n_color_categories) {
            lg->more = TRUE;
            lg->ellipsis = r;
            break;
        }
        lg->rows[lg->n_rows++] = r;
    }
}

typedef struct {
    double top, left, right;  /* margins around the plot area */
    double axis_px, label_px; /* under the plot area: x tick labels, then the x label */
    double band_px, notes_px; /* then a bottom legend (and its gap), then the notes */
} Margins;

/* The margins of everything but a band legend (the x labels' depth needs the plot width). */
static void base_margins(const PkScene *scene, double width, PkLegendPlacement side, Margins *m) {
    memset(m, 0, sizeof *m);
    m->top = 10 + (scene->spec.title != NULL ? PK_FONT_TITLE_PX + 12 : 0);
    m->left = 10 + (scene->y.label != NULL ? PK_FONT_LABEL_PX + 8 : 0);
    if (scene->y.scale == PK_SCALE_CATEGORICAL) {
        m->left += longest_category(&scene->y, PK_FONT_TICK_PX) + 10;
    } else {
        m->left += 52;
    }
    m->right = 14;
    if (side == PK_LEGEND_RIGHT) {
        m->right += LEGEND_GAP_PX + column_width(scene, width);
    } else if (side == PK_LEGEND_LEFT) {
        m->left += column_width(scene, width) + LEGEND_GAP_PX;
    }
    m->axis_px = 6 + PK_FONT_TICK_PX + 6;
    if (pk_layout_x_labels_rotated(scene, MAX(width - m->left - m->right, 10.0))) {
        m->axis_px += longest_category(&scene->x, PK_FONT_TICK_PX) * 0.72;
    }
    m->label_px = scene->x.label != NULL ? PK_FONT_LABEL_PX + 8 : 0;
    g_autofree char *notes = pk_scene_notes(scene);
    m->notes_px = notes != NULL ? PK_FONT_NOTE_PX + 6 : 0;
}

/* The legend's box: a column beside the plot area or a band above or below it. */
static PkRect legend_box(PkLegendPlacement side, const Margins *m, const PkRect *area,
                         const PkScene *scene, double width) {
    double bottom = area->y + area->height;
    switch (side) {
    case PK_LEGEND_RIGHT: {
        double x = area->x + area->width + LEGEND_GAP_PX;
        return (PkRect){x, area->y, MAX(width - x, 0.0), area->height};
    }
    case PK_LEGEND_LEFT:
        return (PkRect){10, area->y, column_width(scene, width), area->height};
    case PK_LEGEND_TOP:
        return (PkRect){area->x, area->y - BAND_GAP_PX - m->band_px, area->width, m->band_px};
    case PK_LEGEND_BOTTOM:
        return (PkRect){area->x, bottom + m->axis_px + m->label_px + BAND_GAP_PX, area->width,
                        m->band_px};
    default:
        return (PkRect){0, 0, 0, 0};
    }
}

void pk_layout_page(const PkScene *scene, double width, double height, PkRect *out_area,
                    PkLegendLayout *out_legend) {
    PkLegendPlacement side = legend_side(scene);
    gboolean band = side == PK_LEGEND_TOP || side == PK_LEGEND_BOTTOM;
    gboolean swatches = side != PK_LEGEND_NONE && has_swatches(scene);
    Margins m;
    base_margins(scene, width, side, &m);
    double plot_width = MAX(width - m.left - m.right, 10.0);
    PkLegendLayout lg = {.side = side};
    if (swatches) {
        lg.rows = g_new0(PkRect, scene->n_color_categories);
    }
    if (band && swatches) {
        guint max_lines = (guint)MAX(1.0, height * 0.25 / PK_LEGEND_ROW_PX);
        m.band_px = flow_entries(scene, plot_width, max_lines, &lg) * PK_LEGEND_ROW_PX;
    } else if (band) {
        m.band_px = BAR_BAND_PX;
    }
    double top = m.top + (side == PK_LEGEND_TOP ? m.band_px + BAND_GAP_PX : 0);
    double bottom = 10 + m.axis_px + m.label_px + m.notes_px +
                    (side == PK_LEGEND_BOTTOM ? BAND_GAP_PX + m.band_px : 0);
    PkRect area = {m.left, top, plot_width, MAX(height - top - bottom, 10.0)};
    lg.box = legend_box(side, &m, &area, scene, width);
    if (band && swatches) {
        place_lines(&lg, &lg.box);
    } else if (swatches) {
        double x1 = side == PK_LEGEND_RIGHT ? width : lg.box.x + lg.box.width;
        column_rows(scene, &area, lg.box.x, x1, &lg);
    }
    *out_area = area;
    if (out_legend != NULL) {
        *out_legend = lg;
    } else {
        g_free(lg.rows);
    }
}

void pk_layout_plot_area(const PkScene *scene, double width, double height, PkRect *out_area) {
    pk_layout_page(scene, width, height, out_area, NULL);
}

void pk_layout_legend(const PkScene *scene, double width, double height,
                      PkLegendLayout *out_legend) {
    PkRect area;
    pk_layout_page(scene, width, height, &area, out_legend);
}

void pk_layout_legend_clear(PkLegendLayout *legend) {
    if (legend != NULL) {
        g_clear_pointer(&legend->rows, g_free);
        legend->n_rows = 0;
    }
}

static gboolean rect_holds(const PkRect *r, double x, double y) {
    return x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height;
}

int pk_layout_legend_category_at(const PkScene *scene, double width, double height, double x,
                                 double y) {
    PkLegendLayout lg;
    pk_layout_legend(scene, width, height, &lg);
    int found = -1;
    for (guint i = 0; i < lg.n_rows && found < 0; i++) {
        if (rect_holds(&lg.rows[i], x, y)) {
            found = (int)i;
        }
    }
    pk_layout_legend_clear(&lg);
    return found;
}
