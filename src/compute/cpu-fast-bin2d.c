/* cpu-fast-bin2d.c — bin2d on all cores.
 *
 * Rows are split into one contiguous range per thread ("part"). Part 0 writes straight into
 * the output planes; every other part into private planes of the same shape. Then a parallel
 * reduce adds the private planes into the output, each thread owning a range of cells:
 *
 *     rows  [ part 0 ........ | part 1 ........ ]      cells [ reduce 0 | reduce 1 ]
 *     out   <- part 0                                    out[c] += part1[c] (+ part2[c] ...)
 *
 * Inside a part, rows go in blocks of PK_BLOCK_ROWS: a branch-free first pass (AVX2, four rows
 * per step, where the processor has it; else SSE2, two rows per step, on x86-64) computes the
 * cell of every row in view and compacts them into a list, counting rows with finite
 * coordinates on the way; a second pass scatters `counts[cell]++`
 * over the list with prefetching (the grid is larger than L2). The general kernel (values,
 * categories, selection, representative) walks the same list. With AVX2, plain counts into
 * narrow planes (below) need no second pass: the first counts each cell a few cells after
 * computing it, so the scatter's cache misses overlap the reading of the coordinates.
 * The token is polled every PK_CPU_CANCEL_ROWS rows. Merges keep the reference's answers
 * exactly: parts are in row order, so "first row wins" and "strictly smaller wins" merge part
 * by part.
 *
 * Counting many rows (a plain count with at least as many rows as cells) uses narrow planes:
 * every part, the first included, counts in one byte per cell — a 1920×1080 plane is 2 MB
 * instead of 8, a quarter of the memory the scatter touches, and the private planes of
 * several threads fit the shared L3 together. Each time a byte wraps from 255 to 0 the part
 * notes the cell in its list of wraps; the reduce widens into the output:
 *
 *     out[c] = Σ parts' bytes[c] + 256 × (the wraps of c in every part's list)
 *
 * Parts of narrow planes claim chunks of rows as they go instead of a fixed range (counts do
 * not depend on the order of the rows). Of n rows a part wraps at most n / 256 times, so its
 * list is allocated once and never grows.
 *
 * Category planes alone (no selection, value or representative) count the same way into a
 * narrow tile: K + 1 bytes per cell, one per plane and a last one for rows in no plane (NULL
 * or a code >= K), so that a row is one byte increment next to its cell's others, where the
 * output's plane-major layout (plane c at c × cells) would be two increments, into the counts
 * and into one of K planes 4 bytes a cell, each a cache miss of its own:
 *
 *     tile   [ cell 0: c0 c1 .. cK-1 none | cell 1: c0 c1 .. cK-1 none | ... ]
 *     out    plane c [cell] = Σ parts' tile[cell (K+1) + c] + 256 × wraps of that byte
 *            counts  [cell] = Σ over the cell's K + 1 bytes, likewise
 *
 * A 1920×1080 tile of 10 planes is 23 MB, against 91 MB of 4-byte planes and counts; the
 * reduce writes the output planes, so nothing is cleared twice. */
#include "cpu-private.h"

#include "pika/buffer.h"
#include "pika/error.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PK_HAVE_AVX2_PASS 1
#endif

#define PK_BLOCK_ROWS 1024
#define PK_MAX_PARTS 64
#define PK_PREFETCH_ROWS 32
/* Below this many rows a single part is faster than starting threads. */
#define PK_MIN_ROWS_PER_PART (1u << 17)

typedef struct {
    guint32 *counts, *selected, *categories, *representative;
    double *values;
    guint8 *bytes;   /* narrow planes only */
    gpointer planes; /* the part's private planes, in one block of scratch (pika/buffer.h) */
    guint32 *wraps;  /* narrow planes only: a byte's index (a cell) each time it wrapped to 0 */
    gsize n_wraps;
    guint64 n_in_view, n_selected, n_finite;
} Part;

typedef struct Task Task;
typedef struct Block Block;
typedef void (*BlockCellsFunc)(const Task *t, const double *xs, const double *ys, guint n,
                               Block *blk);
typedef void (*BlockCountFunc)(const Task *t, Part *p, const double *xs, const double *ys, guint n,
                               Block *blk);

struct Task {
    const PkBackendData *data;
    const PkBin2dRequest *r;
    PkAxisMap mx, my;
    gsize n_cells;
    guint n_parts;
    gboolean general, narrow;
    gboolean tiled; /* narrow tiles of category planes (above) */
    guint slots;    /* bytes per cell of a narrow plane: 1, or K + 1 for a tile */
    BlockCellsFunc block_cells;
    BlockCountFunc block_count_narrow; /* the first pass and a narrow count in one, or NULL */
    PkCancel *cancel;
    gint cancelled;
    gint next_chunk; /* narrow: the next chunk of PK_CPU_CANCEL_ROWS rows to claim */
    Part parts[PK_MAX_PARTS];
};

/* The in-view rows of one block, compacted: rows[k] (offset in the block; not filled for
 * plain counts) and cells[k] for k < n_in, plus how many rows had finite x and y. The vector
 * passes store four lanes at a time, so the arrays have three lanes of slack. */
struct Block {
    guint n_in;
    guint64 n_finite;
    guint32 rows[PK_BLOCK_ROWS + 4];
    guint32 cells[PK_BLOCK_ROWS + 4];
};

/* The first pass for rows [i, n) of the block, one row at a time: the bin formula of
 * kernel-common.h, branch-free (an out-of-view row is written and then overwritten). */
static void block_cells_scalar(const Task *t, const double *xs, const double *ys, guint i, guint n,
                               Block *blk) {
    const int w = (int)t->mx.n;
    for (; i < n; i++) {
        double x = xs[i], y = ys[i];
        int in = pk_axis_map_contains(&t->mx, x) & pk_axis_map_contains(&t->my, y);
        blk->n_finite += pk_kernel_is_finite(x) & pk_kernel_is_finite(y);
        guint ix = pk_axis_map_bin(&t->mx, in ? x : t->mx.lo);
        guint iy = pk_axis_map_bin(&t->my, in ? y : t->my.lo);
        blk->rows[blk->n_in] = i;
        blk->cells[blk->n_in] = iy * (guint)w + ix;
        blk->n_in += (guint)in;
    }
}

#ifdef __SSE2__
/* min(v, hi) for 32-bit lanes (SSE2 has no pminsd). */
static inline __m128i min_epi32(__m128i v, __m128i hi) {
    __m128i above = _mm_cmpgt_epi32(v, hi);
    return _mm_or_si128(_mm_and_si128(above, hi), _mm_andnot_si128(above, v));
}

/* The same formula two rows at a time: subtract in double, convert to float (round to
 * nearest, as the C cast), multiply in float, truncate; out-of-view lanes are masked to the
 * origin before converting so NaN and ±inf never reach the conversion. Bit-identical to
 * block_cells_scalar (checked by the parity tests). */
static void block_cells(const Task *t, const double *xs, const double *ys, guint n, Block *blk) {
    const __m128d x0 = _mm_set1_pd(t->mx.lo), x1 = _mm_set1_pd(t->mx.hi);
    const __m128d y0 = _mm_set1_pd(t->my.lo), y1 = _mm_set1_pd(t->my.hi);
    const __m128 sx = _mm_set1_ps(t->mx.scale), sy = _mm_set1_ps(t->my.scale);
    const __m128i wmax = _mm_set1_epi32((int)t->mx.n - 1), hmax = _mm_set1_epi32((int)t->my.n - 1);
    const __m128i w = _mm_set1_epi32((int)t->mx.n);
    const __m128d zero = _mm_setzero_pd();
    __m128i finite = _mm_setzero_si128();
    guint i = 0, k = 0;
    for (; i + 2 <= n; i += 2) {
        __m128d x = _mm_loadu_pd(xs + i), y = _mm_loadu_pd(ys + i);
        __m128d in = _mm_and_pd(_mm_and_pd(_mm_cmpge_pd(x, x0), _mm_cmplt_pd(x, x1)),
                                _mm_and_pd(_mm_cmpge_pd(y, y0), _mm_cmplt_pd(y, y1)));
        __m128d fin =
            _mm_and_pd(_mm_cmpeq_pd(_mm_sub_pd(x, x), zero), _mm_cmpeq_pd(_mm_sub_pd(y, y), zero));
        __m128 fx = _mm_mul_ps(_mm_cvtpd_ps(_mm_and_pd(_mm_sub_pd(x, x0), in)), sx);
        __m128 fy = _mm_mul_ps(_mm_cvtpd_ps(_mm_and_pd(_mm_sub_pd(y, y0), in)), sy);
        __m128i ix = min_epi32(_mm_cvttps_epi32(fx), wmax);
        __m128i iy = min_epi32(_mm_cvttps_epi32(fy), hmax);
        /* iy * w in lanes 0 and 2 (pmuludq), back to lanes 0 and 1, plus ix. */
        __m128i iyw = _mm_mul_epu32(_mm_shuffle_epi32(iy, _MM_SHUFFLE(3, 1, 2, 0)), w);
        __m128i cell = _mm_add_epi32(_mm_shuffle_epi32(iyw, _MM_SHUFFLE(3, 3, 2, 0)), ix);
        int mask = _mm_movemask_pd(in);
        blk->rows[k] = i;
        blk->cells[k] = (guint32)_mm_cvtsi128_si32(cell);
        k += (guint)(mask & 1);
        blk->rows[k] = i + 1;
        blk->cells[k] = (guint32)_mm_cvtsi128_si32(_mm_shuffle_epi32(cell, 1));
        k += (guint)(mask >> 1);
        finite = _mm_add_epi64(finite, _mm_srli_epi64(_mm_castpd_si128(fin), 63));
    }
    guint64 lanes[2];
    _mm_storeu_si128((__m128i *)lanes, finite);
    blk->n_finite = lanes[0] + lanes[1];
    blk->n_in = k;
    block_cells_scalar(t, xs, ys, i, n, blk);
}
#else
static void block_cells(const Task *t, const double *xs, const double *ys, guint n, Block *blk) {
    blk->n_in = 0;
    blk->n_finite = 0;
    block_cells_scalar(t, xs, ys, 0, n, blk);
}
#endif

/* One plain count into a narrow plane: the cell's byte, and the cell into the list of wraps
 * when the byte wraps to 0. */
static inline void narrow_count(guint8 *restrict bytes, guint32 *restrict wraps, gsize *n_wraps,
                                guint32 cell) {
    if (G_UNLIKELY(++bytes[cell] == 0)) {
        wraps[(*n_wraps)++] = cell;
    }
}

/* Counts n cells into the part's narrow plane. The plane is often larger than L2: each cell is
 * prefetched a few cells ahead so that many misses are in flight at once. */
static void narrow_count_cells(Part *p, const guint32 *restrict cells, guint n) {
    /* Locals, so that the byte stores (which may alias anything) do not reload them. */
    guint8 *restrict bytes = p->bytes;
    guint32 *restrict wraps = p->wraps;
    gsize n_wraps = p->n_wraps;
    guint i = 0;
    for (; i + PK_PREFETCH_ROWS < n; i++) {
        __builtin_prefetch(&bytes[cells[i + PK_PREFETCH_ROWS]], 1, 3);
        narrow_count(bytes, wraps, &n_wraps, cells[i]);
    }
    for (; i < n; i++) {
        narrow_count(bytes, wraps, &n_wraps, cells[i]);
    }
    p->n_wraps = n_wraps;
}

#ifdef PK_HAVE_AVX2_PASS
/* For each mask of in-view lanes, the lanes to keep in order, one per byte: the compaction's
 * permutation. */
static const guint32 pack_lanes[16] = {
    0x00000000, 0x00000000, 0x00000001, 0x00000100, 0x00000002, 0x00000200, 0x00000201, 0x00020100,
    0x00000003, 0x00000300, 0x00000301, 0x00030100, 0x00000302, 0x00030200, 0x00030201, 0x03020100,
};

/* How many compacted cells the fused count keeps between computing a cell and counting it, so
 * that the memory reads of the count overlap the arithmetic of the rows after it. */
#define PK_COUNT_LAG 32

/* The first pass four rows at a time, for processors with AVX2 (chosen at run time): the SSE2
 * pass's operations in the same order, so the same cells bit for bit; the in-view lanes are
 * packed with one permutation and stored with one write. For plain counts (counts_only, a
 * constant in each instance below) the row offsets are not stored, and as a row in view has
 * finite coordinates (the viewport is finite), only a group with a row out of view tests
 * finiteness; a group all in view, the common case, stores its cells without packing.
 *
 * With a part of narrow planes (narrow, NULL or not in each instance) the pass also counts:
 * after a group all in view, if PK_COUNT_LAG + 4 cells wait, it counts the four oldest; the
 * rest at the end of the block. The processor then has the byte plane's cache misses in
 * flight while it reads and converts the coordinates, where counting after the pass would
 * wait on them alone. Counting only after groups all in view keeps the branch predictable:
 * where most rows are out of view, the block is counted at its end, as without this. */
__attribute__((target("avx2,popcnt"), always_inline)) static inline void
block_cells_avx2_with(const Task *t, const double *xs, const double *ys, guint n, Block *blk,
                      const gboolean counts_only, Part *narrow) {
    const __m256d x0 = _mm256_set1_pd(t->mx.lo), x1 = _mm256_set1_pd(t->mx.hi);
    const __m256d y0 = _mm256_set1_pd(t->my.lo), y1 = _mm256_set1_pd(t->my.hi);
    const __m128 sx = _mm_set1_ps(t->mx.scale), sy = _mm_set1_ps(t->my.scale);
    const __m128i wmax = _mm_set1_epi32((int)t->mx.n - 1), hmax = _mm_set1_epi32((int)t->my.n - 1);
    const __m128i w = _mm_set1_epi32((int)t->mx.n);
    const __m256d zero = _mm256_setzero_pd();
    __m256i finite = _mm256_setzero_si256(); /* every row's, unless counts_only */
    guint64 out_finite = 0;                  /* counts_only: rows out of view */
    __m128i row = _mm_setr_epi32(0, 1, 2, 3);
    const __m128i four = _mm_set1_epi32(4);
    guint8 *restrict bytes = narrow != NULL ? narrow->bytes : NULL;
    guint32 *restrict wraps = narrow != NULL ? narrow->wraps : NULL;
    gsize n_wraps = narrow != NULL ? narrow->n_wraps : 0;
    guint i = 0, k = 0, counted = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d x = _mm256_loadu_pd(xs + i), y = _mm256_loadu_pd(ys + i);
        __m256d in = _mm256_and_pd(
            _mm256_and_pd(_mm256_cmp_pd(x, x0, _CMP_GE_OQ), _mm256_cmp_pd(x, x1, _CMP_LT_OQ)),
            _mm256_and_pd(_mm256_cmp_pd(y, y0, _CMP_GE_OQ), _mm256_cmp_pd(y, y1, _CMP_LT_OQ)));
        __m128 fx = _mm_mul_ps(_mm256_cvtpd_ps(_mm256_and_pd(_mm256_sub_pd(x, x0), in)), sx);
        __m128 fy = _mm_mul_ps(_mm256_cvtpd_ps(_mm256_and_pd(_mm256_sub_pd(y, y0), in)), sy);
        __m128i ix = _mm_min_epi32(_mm_cvttps_epi32(fx), wmax);
        __m128i iy = _mm_min_epi32(_mm_cvttps_epi32(fy), hmax);
        __m128i cell = _mm_add_epi32(_mm_mullo_epi32(iy, w), ix);
        int mask = _mm256_movemask_pd(in);
        if (counts_only && G_LIKELY(mask == 15)) {
            _mm_storeu_si128((__m128i *)(blk->cells + k), cell);
            k += 4;
            if (narrow != NULL && k >= counted + PK_COUNT_LAG + 4) {
                const guint32 *c = blk->cells + counted;
                narrow_count(bytes, wraps, &n_wraps, c[0]);
                narrow_count(bytes, wraps, &n_wraps, c[1]);
                narrow_count(bytes, wraps, &n_wraps, c[2]);
                narrow_count(bytes, wraps, &n_wraps, c[3]);
                counted += 4;
            }
            continue;
        }
        __m128i keep = _mm_cvtepu8_epi32(_mm_cvtsi32_si128((int)pack_lanes[mask]));
        _mm_storeu_si128((__m128i *)(blk->cells + k),
                         _mm_castps_si128(_mm_permutevar_ps(_mm_castsi128_ps(cell), keep)));
        if (!counts_only) {
            _mm_storeu_si128((__m128i *)(blk->rows + k),
                             _mm_castps_si128(_mm_permutevar_ps(_mm_castsi128_ps(row), keep)));
            row = _mm_add_epi32(row, four);
        }
        k += (guint)__builtin_popcount((unsigned)mask);
        __m256d fin = _mm256_and_pd(_mm256_cmp_pd(_mm256_sub_pd(x, x), zero, _CMP_EQ_OQ),
                                    _mm256_cmp_pd(_mm256_sub_pd(y, y), zero, _CMP_EQ_OQ));
        if (counts_only) {
            out_finite +=
                (guint)__builtin_popcount((unsigned)_mm256_movemask_pd(_mm256_andnot_pd(in, fin)));
        } else {
            finite = _mm256_add_epi64(finite, _mm256_srli_epi64(_mm256_castpd_si256(fin), 63));
        }
    }
    guint64 lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, finite);
    blk->n_finite = lanes[0] + lanes[1] + lanes[2] + lanes[3] + (counts_only ? k + out_finite : 0);
    blk->n_in = k;
    block_cells_scalar(t, xs, ys, i, n, blk);
    if (narrow != NULL) {
        narrow->n_wraps = n_wraps;
        narrow_count_cells(narrow, blk->cells + counted, blk->n_in - counted);
        narrow->n_in_view += blk->n_in;
    }
}

__attribute__((target("avx2,popcnt"))) static void
block_cells_avx2(const Task *t, const double *xs, const double *ys, guint n, Block *blk) {
    block_cells_avx2_with(t, xs, ys, n, blk, FALSE, NULL);
}

__attribute__((target("avx2,popcnt"))) static void
block_cells_avx2_count(const Task *t, const double *xs, const double *ys, guint n, Block *blk) {
    block_cells_avx2_with(t, xs, ys, n, blk, TRUE, NULL);
}

/* The first pass and the narrow count in one (see above). */
__attribute__((target("avx2,popcnt"))) static void block_count_narrow_avx2(const Task *t, Part *p,
                                                                           const double *xs,
                                                                           const double *ys,
                                                                           guint n, Block *blk) {
    block_cells_avx2_with(t, xs, ys, n, blk, TRUE, p);
}
#endif

#ifdef PK_HAVE_AVX2_PASS
/* TRUE where the processor has AVX2, unless PIKA_CPU_VECTOR=sse2 asks for the baseline pass
 * (the parity tests run both). */
static gboolean use_avx2(void) {
    static gsize answer = 0;
    if (g_once_init_enter(&answer)) {
        __builtin_cpu_init();
        gboolean yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
                       g_strcmp0(g_getenv("PIKA_CPU_VECTOR"), "sse2") != 0;
        g_once_init_leave(&answer, (gsize)yes + 1);
    }
    return answer == 2;
}
#endif

/* The first pass for this processor and request: plain counts need no row numbers. */
static BlockCellsFunc choose_block_cells(gboolean counts_only) {
#ifdef PK_HAVE_AVX2_PASS
    if (use_avx2()) {
        return counts_only ? block_cells_avx2_count : block_cells_avx2;
    }
#endif
    (void)counts_only;
    return block_cells;
}

/* The fused pass for narrow counts, where this processor has one. */
static BlockCountFunc choose_block_count_narrow(void) {
#ifdef PK_HAVE_AVX2_PASS
    if (use_avx2()) {
        return block_count_narrow_avx2;
    }
#endif
    return NULL;
}

static void part_count_block(Part *p, const Block *blk) {
    guint32 *counts = p->counts;
    guint i = 0;
    /* The grid is larger than the caches: prefetch the cells a few rows ahead so that many
     * misses are in flight at once. */
    for (; i + PK_PREFETCH_ROWS < blk->n_in; i++) {
        __builtin_prefetch(&counts[blk->cells[i + PK_PREFETCH_ROWS]], 1, 3);
        counts[blk->cells[i]]++;
    }
    for (; i < blk->n_in; i++) {
        counts[blk->cells[i]]++;
    }
    p->n_in_view += blk->n_in;
}

static void part_count_block_narrow(Part *p, const Block *blk) {
    narrow_count_cells(p, blk->cells, blk->n_in);
    p->n_in_view += blk->n_in;
}

/* Tiled categories: each in-view row becomes the index of its byte in the tile, cell × slots
 * plus its plane (the last slot without one), written over the block's cells and counted like
 * a narrow plane. */
static void part_count_block_tiled(const Task *t, Part *p, gsize begin, Block *blk) {
    const guint32 *codes = t->data->columns[t->r->category_column].codes + begin;
    const guint32 k = t->r->n_categories, slots = t->slots;
    for (guint i = 0; i < blk->n_in; i++) {
        guint32 code = codes[blk->rows[i]];
        blk->cells[i] = blk->cells[i] * slots + (code < k ? code : k);
    }
    narrow_count_cells(p, blk->cells, blk->n_in);
    p->n_in_view += blk->n_in;
}

static void part_general_row(const Task *t, Part *p, gsize row, guint32 cell) {
    const PkBin2dRequest *r = t->r;
    p->counts[cell]++;
    p->n_in_view++;
    if (p->selected != NULL && pk_kernel_predicate(r->selection, t->data, row)) {
        p->selected[cell]++;
        p->n_selected++;
    }
    if (p->categories != NULL) {
        guint32 code = t->data->columns[r->category_column].codes[row];
        if (code < r->n_categories) {
            p->categories[code * t->n_cells + cell]++;
        }
    }
    if (p->values != NULL) {
        double v = t->data->columns[r->value_column].doubles[row];
        double *cur = &p->values[cell];
        if (r->agg == PK_AGG_SUM || r->agg == PK_AGG_MEAN) {
            *cur += v;
        } else if (isnan(*cur) || (r->agg == PK_AGG_MIN ? v < *cur : v > *cur)) {
            *cur = v;
        }
    }
    if (p->representative != NULL && p->representative[cell] == PK_ROW_NONE) {
        p->representative[cell] = (guint32)row;
    }
}

/* General kernel: a row counts when x, y are in view and the value (if any) is finite; a row
 * with finite x and y but no finite value is invalid, not out of view. */
static void part_general_block(const Task *t, Part *p, gsize begin, guint n, Block *blk) {
    const double *vs = NULL;
    if (t->r->agg != PK_AGG_COUNT) {
        vs = t->data->columns[t->r->value_column].doubles + begin;
        const double *xs = t->data->columns[t->r->x_column].doubles + begin;
        const double *ys = t->data->columns[t->r->y_column].doubles + begin;
        for (guint i = 0; i < n; i++) {
            blk->n_finite -= pk_kernel_is_finite(xs[i]) & pk_kernel_is_finite(ys[i]) &
                             !pk_kernel_is_finite(vs[i]);
        }
    }
    for (guint k = 0; k < blk->n_in; k++) {
        guint i = blk->rows[k];
        if (vs == NULL || pk_kernel_is_finite(vs[i])) {
            part_general_row(t, p, begin + i, blk->cells[k]);
        }
    }
}

/* Rows [begin, end) into part p, block by block. */
static void run_rows(const Task *t, Part *p, Block *blk, gsize begin, gsize end) {
    const double *xs = t->data->columns[t->r->x_column].doubles;
    const double *ys = t->data->columns[t->r->y_column].doubles;
    for (gsize b = begin; b < end; b += PK_BLOCK_ROWS) {
        guint n = (guint)MIN((gsize)PK_BLOCK_ROWS, end - b);
        if (t->block_count_narrow != NULL) {
            t->block_count_narrow(t, p, xs + b, ys + b, n, blk);
            p->n_finite += blk->n_finite;
            continue;
        }
        t->block_cells(t, xs + b, ys + b, n, blk);
        if (t->tiled) {
            part_count_block_tiled(t, p, b, blk);
        } else if (t->general) {
            part_general_block(t, p, b, n, blk);
        } else if (t->narrow) {
            part_count_block_narrow(p, blk);
        } else {
            part_count_block(p, blk);
        }
        p->n_finite += blk->n_finite;
    }
}

static gboolean should_stop(Task *t) {
    if (g_atomic_int_get(&t->cancelled) || pk_cancel_is_requested(t->cancel)) {
        g_atomic_int_set(&t->cancelled, 1);
        return TRUE;
    }
    return FALSE;
}

/* Narrow counts do not depend on the order rows are added in, so their parts claim chunks of
 * rows as they go: a thread that the system holds back (behind the UI's main thread, say)
 * does not hold the others up. Every other part takes its own contiguous range, in order. */
static void run_part(gpointer data, guint index) {
    Task *t = data;
    Part *p = &t->parts[index];
    Block *blk = g_new(Block, 1);
    gsize n_rows = t->data->n_rows;
    if (t->narrow) {
        for (;;) {
            gsize begin = (gsize)(guint)g_atomic_int_add(&t->next_chunk, 1) * PK_CPU_CANCEL_ROWS;
            if (begin >= n_rows || should_stop(t)) {
                break;
            }
            run_rows(t, p, blk, begin, MIN(begin + PK_CPU_CANCEL_ROWS, n_rows));
        }
    } else {
        gsize begin, end;
        pk_cpu_split(n_rows, t->n_parts, index, &begin, &end);
        for (gsize b = begin; b < end && !should_stop(t); b += PK_CPU_CANCEL_ROWS) {
            run_rows(t, p, blk, b, MIN(b + PK_CPU_CANCEL_ROWS, end));
        }
    }
    g_free(blk);
}

static void init_part(const Task *t, Part *p) {
    gsize n = t->n_cells;
    if (t->narrow) {
        memset(p->bytes, 0, n * t->slots);
        p->n_wraps = 0;
        return;
    }
    memset(p->counts, 0, n * sizeof(guint32));
    if (p->selected != NULL) {
        memset(p->selected, 0, n * sizeof(guint32));
    }
    if (p->categories != NULL) {
        memset(p->categories, 0, n * t->r->n_categories * sizeof(guint32));
    }
    double empty = t->r->agg == PK_AGG_MIN || t->r->agg == PK_AGG_MAX ? NAN : 0.0;
    for (gsize i = 0; p->values != NULL && i < n; i++) {
        p->values[i] = empty;
    }
    for (gsize i = 0; p->representative != NULL && i < n; i++) {
        p->representative[i] = PK_ROW_NONE;
    }
}

static void run_part_task(gpointer data, guint index) {
    Task *t = data;
    init_part(t, &t->parts[index]);
    run_part(data, index);
}

static void free_parts(Task *t) {
    for (guint i = 0; i < t->n_parts; i++) {
        pk_buffer_free_scratch(t->parts[i].planes);
        g_free(t->parts[i].wraps);
    }
}

/* Bytes per cell of a part's private planes. */
static gsize cell_bytes(const Task *t, const PkGrid *out) {
    return t->narrow ? t->slots
                     : 4 + (out->selected ? 4 : 0) + (gsize)out->n_categories * 4 +
                           (out->values ? 8 : 0) + (out->representative ? 4 : 0);
}

/* Part 0 of wide planes writes the output; every other part, and every part of narrow
 * planes, has private planes: one block of scratch, cut into the planes (values first, for
 * their alignment). */
static gboolean alloc_parts(Task *t, const PkGrid *out, GError **error) {
    gsize n = t->n_cells;
    Part *first = &t->parts[0];
    first->counts = out->counts;
    first->selected = out->selected;
    first->categories = out->category_counts;
    first->values = out->values;
    first->representative = out->representative;
    for (guint i = t->narrow ? 0 : 1; i < t->n_parts; i++) {
        Part *p = &t->parts[i];
        guint8 *plane = p->planes = pk_buffer_alloc_scratch(n * cell_bytes(t, out));
        /* a narrow part may claim every row */
        if (plane == NULL ||
            (t->narrow && (p->wraps = g_try_new(guint32, t->data->n_rows / 256 + 1)) == NULL)) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                        "out of memory for per-thread grids of %" G_GSIZE_FORMAT " cells", n);
            return FALSE;
        }
        if (t->narrow) {
            p->bytes = plane;
            continue;
        }
        if (out->values != NULL) {
            p->values = (double *)(gpointer)plane;
            plane += n * 8;
        }
        p->counts = (guint32 *)(gpointer)plane;
        plane += n * 4;
        if (out->selected != NULL) {
            p->selected = (guint32 *)(gpointer)plane;
            plane += n * 4;
        }
        if (out->representative != NULL) {
            p->representative = (guint32 *)(gpointer)plane;
            plane += n * 4;
        }
        if (out->category_counts != NULL) {
            p->categories = (guint32 *)(gpointer)plane;
        }
    }
    return TRUE;
}

static void add_plane(guint32 *restrict dst, const guint32 *restrict src, gsize a, gsize b) {
    for (gsize i = a; i < b; i++) {
        dst[i] += src[i];
    }
}

static void merge_values(PkAgg agg, double *restrict dst, const double *restrict src, gsize a,
                         gsize b) {
    for (gsize i = a; i < b; i++) {
        double v = src[i];
        if (agg == PK_AGG_SUM || agg == PK_AGG_MEAN) {
            dst[i] += v;
        } else if (!isnan(v) && (isnan(dst[i]) || (agg == PK_AGG_MIN ? v < dst[i] : v > dst[i]))) {
            dst[i] = v;
        }
    }
}

/* Cells [a, b) of the output from the narrow planes and their wraps. */
static void reduce_narrow(const Task *t, gsize a, gsize b) {
    guint32 *restrict out = t->parts[0].counts;
    const guint8 *restrict first = t->parts[0].bytes;
    for (gsize i = a; i < b; i++) {
        out[i] = first[i];
    }
    for (guint k = 1; k < t->n_parts; k++) {
        const guint8 *restrict bytes = t->parts[k].bytes;
        for (gsize i = a; i < b; i++) {
            out[i] += bytes[i];
        }
    }
    for (guint k = 0; k < t->n_parts; k++) {
        const Part *p = &t->parts[k];
        for (gsize w = 0; w < p->n_wraps; w++) {
            guint32 cell = p->wraps[w];
            if (cell >= a && cell < b) {
                out[cell] += 256;
            }
        }
    }
}

/* Cells [a, b) of the counts and the category planes from the parts' tiles and their wraps. */
static void reduce_tiled(const Task *t, gsize a, gsize b) {
    guint32 *restrict counts = t->parts[0].counts;
    guint32 *restrict planes = t->parts[0].categories;
    const gsize n = t->n_cells;
    const guint k = t->r->n_categories, slots = t->slots;
    for (gsize i = a; i < b; i++) {
        guint32 total = 0;
        for (guint s = 0; s < slots; s++) {
            guint32 v = 0;
            for (guint q = 0; q < t->n_parts; q++) {
                v += t->parts[q].bytes[i * slots + s];
            }
            if (s < k) {
                planes[s * n + i] = v;
            }
            total += v;
        }
        counts[i] = total;
    }
    for (guint q = 0; q < t->n_parts; q++) {
        const Part *p = &t->parts[q];
        for (gsize w = 0; w < p->n_wraps; w++) {
            gsize cell = p->wraps[w] / slots, s = p->wraps[w] % slots;
            if (cell >= a && cell < b) {
                counts[cell] += 256;
                if (s < k) {
                    planes[s * n + cell] += 256;
                }
            }
        }
    }
}

static void reduce_task(gpointer data, guint index) {
    Task *t = data;
    gsize a, b;
    pk_cpu_split(t->n_cells, t->n_parts, index, &a, &b);
    if (t->tiled) {
        reduce_tiled(t, a, b);
        return;
    }
    if (t->narrow) {
        reduce_narrow(t, a, b);
        return;
    }
    Part *out = &t->parts[0];
    for (guint k = 1; k < t->n_parts; k++) {
        const Part *p = &t->parts[k];
        add_plane(out->counts, p->counts, a, b);
        if (out->selected != NULL) {
            add_plane(out->selected, p->selected, a, b);
        }
        for (guint c = 0; out->categories != NULL && c < t->r->n_categories; c++) {
            add_plane(out->categories + c * t->n_cells, p->categories + c * t->n_cells, a, b);
        }
        if (out->values != NULL) {
            merge_values(t->r->agg, out->values, p->values, a, b);
        }
        for (gsize i = a; out->representative != NULL && i < b; i++) {
            out->representative[i] = MIN(out->representative[i], p->representative[i]);
        }
    }
}

/* One part per thread, fewer for small inputs or when private planes would be too large. */
static guint choose_parts(PkBackend *backend, const Task *t, const PkGrid *out) {
    gsize n_rows = t->data->n_rows, n_cells = t->n_cells;
    gsize budget = (gsize)1 << 30;
    guint n = MIN(pk_cpu_get_n_threads(backend), PK_MAX_PARTS);
    n = (guint)MIN((gsize)n, MAX((gsize)1, n_rows / PK_MIN_ROWS_PER_PART));
    n = (guint)MIN((gsize)n, 1 + budget / MAX((gsize)1, n_cells * cell_bytes(t, out)));
    return MAX(n, 1u);
}

gboolean pk_cpu_fast_bin2d(PkBackend *backend, const PkBackendData *data, const PkBin2dRequest *r,
                           PkGrid *out, PkCancel *cancel, GError **error) {
    const PkViewport *v = &r->viewport;
    Task *t = g_new0(Task, 1);
    gboolean ok = FALSE;
    t->data = data;
    t->r = r;
    t->mx = pk_axis_map_make(v->x0, v->x1, v->width);
    t->my = pk_axis_map_make(v->y0, v->y1, v->height);
    t->n_cells = (gsize)v->width * v->height;
    t->general = out->selected != NULL || out->category_counts != NULL || out->values != NULL ||
                 out->representative != NULL;
    t->tiled = out->category_counts != NULL && out->selected == NULL && out->values == NULL &&
               out->representative == NULL;
    t->general = t->general && !t->tiled;
    t->narrow = t->tiled || (!t->general && data->n_rows >= t->n_cells);
    t->slots = t->tiled ? r->n_categories + 1 : 1;
    t->block_cells = choose_block_cells(!t->general && !t->tiled);
    t->block_count_narrow = t->narrow && !t->tiled ? choose_block_count_narrow() : NULL;
    t->cancel = cancel;
    t->n_parts = choose_parts(backend, t, out);
    if (!alloc_parts(t, out, error)) {
        goto out;
    }
    pk_cpu_parallel_run(t->n_parts, t->n_parts, run_part_task, t);
    if (g_atomic_int_get(&t->cancelled)) {
        ok = !pk_cancel_set_error_if_requested(cancel, error);
        g_assert(!ok);
        goto out;
    }
    pk_cpu_parallel_run(t->n_parts, t->n_parts, reduce_task, t);
    out->n_in_view = out->n_selected = out->n_skipped_invalid = out->n_out_of_view = 0;
    for (guint i = 0; i < t->n_parts; i++) {
        out->n_in_view += t->parts[i].n_in_view;
        out->n_selected += t->parts[i].n_selected;
        out->n_out_of_view += t->parts[i].n_finite - t->parts[i].n_in_view;
    }
    out->n_skipped_invalid = data->n_rows - out->n_in_view - out->n_out_of_view;
    ok = TRUE;
out:
    free_parts(t);
    g_free(t);
    return ok;
}
