/* shaders.c — the SPIR-V of every compute shader, compiled from shaders/ (a .comp per pipeline)
 * by glslc at build time and embedded here as word arrays (glslc -mfmt=c). */
#include "vk-private.h"

static const guint32 pk_vk_spv_bin2d[] =
#include "shaders/bin2d.spv.inc"
    ;
static const guint32 pk_vk_spv_bin2d_shared[] =
#include "shaders/bin2d-shared.spv.inc"
    ;
static const guint32 pk_vk_spv_band_sort[] =
#include "shaders/bin2d-band-sort.spv.inc"
    ;
static const guint32 pk_vk_spv_band_count[] =
#include "shaders/bin2d-band-count.spv.inc"
    ;
static const guint32 pk_vk_spv_m4[] =
#include "shaders/m4.spv.inc"
    ;
static const guint32 pk_vk_spv_stats[] =
#include "shaders/stats.spv.inc"
    ;
static const guint32 pk_vk_spv_mask[] =
#include "shaders/mask.spv.inc"
    ;

const guint32 *pk_vk_shader_code(PkVkPipe pipe, gsize *out_size) {
    switch (pipe) {
    case PK_VK_PIPE_BIN2D:
    case PK_VK_PIPE_BIN2D_COUNTS:
        *out_size = sizeof pk_vk_spv_bin2d;
        return pk_vk_spv_bin2d;
    case PK_VK_PIPE_BIN2D_SHARED:
        *out_size = sizeof pk_vk_spv_bin2d_shared;
        return pk_vk_spv_bin2d_shared;
    case PK_VK_PIPE_BAND_SORT:
        *out_size = sizeof pk_vk_spv_band_sort;
        return pk_vk_spv_band_sort;
    case PK_VK_PIPE_BAND_COUNT:
        *out_size = sizeof pk_vk_spv_band_count;
        return pk_vk_spv_band_count;
    case PK_VK_PIPE_M4:
        *out_size = sizeof pk_vk_spv_m4;
        return pk_vk_spv_m4;
    case PK_VK_PIPE_STATS:
        *out_size = sizeof pk_vk_spv_stats;
        return pk_vk_spv_stats;
    case PK_VK_PIPE_MASK:
        *out_size = sizeof pk_vk_spv_mask;
        return pk_vk_spv_mask;
    case PK_VK_N_PIPES:
        break;
    }
    g_assert_not_reached();
    return NULL;
}
