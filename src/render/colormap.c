/* colormap.c — perceptual colour maps and the categorical palette.
 *
 * Each map is given by 10 anchors (evenly spaced, low to high; the published values of the
 * matplotlib maps at t = k/9, a black-red-yellow-white "fire", and white-to-black greys)
 * and expanded once, on first use, into a 256-entry table by linear interpolation in sRGB.
 * The palette is Tableau's 10 followed by their light variants: 20 distinguishable colours. */
#include "pika/render-kit.h"

#include <math.h>

#define N_ANCHORS 10

static const guint32 anchors[PK_COLORMAP_N][N_ANCHORS] = {
    [PK_COLORMAP_VIRIDIS] = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779,
                             0x6ece58, 0xb5de2b, 0xfde725},
    [PK_COLORMAP_MAGMA] = {0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f, 0xcd4071, 0xf1605d,
                           0xfd9668, 0xfeca8d, 0xfcfdbf},
    [PK_COLORMAP_INFERNO] = {0x000004, 0x1b0c41, 0x4a0c6b, 0x781c6d, 0xa52c60, 0xcf4446, 0xed6925,
                             0xfb9b06, 0xf7d13d, 0xfcffa4},
    [PK_COLORMAP_PLASMA] = {0x0d0887, 0x47039f, 0x7301a8, 0x9c179e, 0xbd3786, 0xd8576b, 0xed7953,
                            0xfa9e3b, 0xfdc926, 0xf0f921},
    [PK_COLORMAP_CIVIDIS] = {0x00224e, 0x123570, 0x3b496c, 0x575d6d, 0x707173, 0x8a8779, 0xa69d75,
                             0xc4b56c, 0xe4cf5b, 0xfee838},
    [PK_COLORMAP_FIRE] = {0x000000, 0x3c0a04, 0x7a1200, 0xb42000, 0xe43a00, 0xff6a00, 0xff9a10,
                          0xffc840, 0xffec90, 0xffffff},
    [PK_COLORMAP_GREYS] = {0xe8e8e8, 0xd0d0d0, 0xb5b5b5, 0x989898, 0x7c7c7c, 0x616161, 0x484848,
                           0x303030, 0x181818, 0x000000},
};

static const guint32 palette[PK_PALETTE_SIZE] = {
    0xff4e79a7, 0xfff28e2b, 0xffe15759, 0xff76b7b2, 0xff59a14f, 0xffedc948, 0xffb07aa1,
    0xffff9da7, 0xff9c755f, 0xffbab0ac, 0xffa0cbe8, 0xffffbe7d, 0xffff9d9a, 0xff86bcb6,
    0xff8cd17d, 0xfff1ce63, 0xffd4a6c8, 0xfffabfd2, 0xffd7b5a6, 0xff79706e,
};

static guint32 luts[PK_COLORMAP_N][256];

static guint32 lerp_rgb(guint32 a, guint32 b, double f) {
    guint32 out = 0xff000000u;
    for (int shift = 0; shift <= 16; shift += 8) {
        double ca = (a >> shift) & 0xff;
        double cb = (b >> shift) & 0xff;
        out |= (guint32)lround(ca + (cb - ca) * f) << shift;
    }
    return out;
}

static gpointer build_luts(gpointer data) {
    (void)data;
    for (int m = 0; m < PK_COLORMAP_N; m++) {
        for (int i = 0; i < 256; i++) {
            double pos = i / 255.0 * (N_ANCHORS - 1);
            int k = MIN((int)pos, N_ANCHORS - 2);
            luts[m][i] = lerp_rgb(anchors[m][k], anchors[m][k + 1], pos - k);
        }
    }
    return NULL;
}

const guint32 *pk_colormap_get_lut(PkColormap colormap) {
    static GOnce once = G_ONCE_INIT;
    g_once(&once, build_luts, NULL);
    if ((guint)colormap >= PK_COLORMAP_N) {
        colormap = PK_COLORMAP_VIRIDIS;
    }
    return luts[colormap];
}

guint32 pk_colormap_sample(PkColormap colormap, double t) {
    const guint32 *lut = pk_colormap_get_lut(colormap);
    if (isnan(t)) {
        t = 0.0;
    }
    t = CLAMP(t, 0.0, 1.0);
    return lut[(int)lround(t * 255.0)];
}

guint32 pk_palette_get(guint index) {
    return palette[index % PK_PALETTE_SIZE];
}
