/* platform.h — the platform seam: every call that differs between operating systems, behind
 * one small interface.
 *
 * What GLib already abstracts (paths, stat, rename, unlink, temporary folders, threads, closing
 * a file descriptor with g_close) is used directly everywhere; what it does not lives here:
 * anonymous memory mappings, shared libraries, the allocator's knobs, memory figures, the
 * durable-write steps of an atomic save, file identity and locks, Ctrl+C, thread priority.
 * Nothing outside src/core/platform-posix.c includes <unistd.h>, <sys/mman.h>, <dlfcn.h>,
 * <malloc.h> or <signal.h>, or reads /proc.
 *
 * Implementations: src/core/platform-posix.c (Linux and other POSIX systems). A Windows build
 * adds one file, src/core/platform-win32.c, and compiles it instead; this header uses no POSIX
 * type (a file descriptor is a C runtime `int`, which Windows has too).
 *
 * Errors: functions named after a system call return FALSE/-1/NULL with errno set, so that
 * callers keep their own messages (g_strerror(errno)); the library loader fills a GError.
 * Threads: every function is thread-safe except pk_platform_watch_interrupts (call it once,
 * from main, before any other thread starts). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- anonymous memory ----------------------------------------------------------------------
 *
 * Used by pika/buffer.h for large buffers: whole aligned blocks, never populated before they are
 * touched, grown by moving pages rather than copying them where the system can. */

/* Maps size bytes of private, zero-filled, read-write memory starting on an alignment boundary.
 * alignment is a power of two and a multiple of the page size; size is a multiple of it. Pages
 * are not populated until written. Returns NULL when the system refuses. */
void *pk_platform_map(gsize size, gsize alignment);

/* Unmaps [start, start + size): a whole mapping from pk_platform_map/pk_platform_remap, or the
 * page-aligned tail of one (a shrink; the head stays mapped and is later unmapped with its new
 * size). */
void pk_platform_unmap(void *start, gsize size);

/* Grows the mapping [start, start + size) to new_size bytes (> size, a multiple of alignment)
 * at a new address aligned like pk_platform_map, keeping the contents. Linux moves the pages
 * (mremap: nothing is copied, huge pages stay whole); elsewhere the bytes are copied. Returns
 * the new start, the old range being gone; NULL on failure, the old mapping untouched. */
void *pk_platform_remap(void *start, gsize size, gsize new_size, gsize alignment);

/* ---- shared libraries ---------------------------------------------------------------------- */

typedef struct PkPlatformLibrary PkPlatformLibrary;

/* Opens the shared library name (a file name the system's search finds, or a path), resolving
 * all its symbols now and keeping them out of the global namespace. Returns the library, to be
 * closed with pk_platform_library_close; NULL with PK_ERROR_NOT_FOUND whose message is the
 * system loader's own text (it names the file and the reason). */
PkPlatformLibrary *pk_platform_library_open(const char *name, GError **error);

/* The address of symbol in library, or NULL when it has none. */
gpointer pk_platform_library_lookup(PkPlatformLibrary *library, const char *symbol);

/* Closes library (NULL is accepted). Libraries that keep process-lifetime state (Vulkan ICDs)
 * should simply never be closed. */
void pk_platform_library_close(PkPlatformLibrary *library);

/* ---- the allocator and memory figures ------------------------------------------------------ */

/* Tunes malloc for a process that allocates and frees large blocks often: blocks of at least
 * direct_bytes are mapped directly from the system, and free memory at the top of the heap is
 * given back only beyond trim_bytes. Call before any thread starts. No effect where the C
 * library offers no such settings (only glibc's does). */
void pk_platform_tune_allocator(gsize direct_bytes, gsize trim_bytes);

/* Bytes of physical memory in the machine, 0 when unknown. */
guint64 pk_platform_get_physical_memory(void);

/* Bytes of this process resident in physical memory now, 0 when unknown. */
guint64 pk_platform_get_resident_memory(void);

/* ---- files ---------------------------------------------------------------------------------
 *
 * The steps of an atomic save (pika/path.h, src/workspace/workspace-save.c): create a temporary
 * file beside the target, write it whole, give it the target's permissions, flush it to disk,
 * keep the old version by a hard link, rename over the target (g_rename, which replaces the
 * target on every system), then flush the folder so that the rename is durable too. File
 * descriptors are closed with g_close. */

typedef struct {
    gboolean is_regular; /* a regular file (not a folder, device, FIFO or link) */
    gboolean is_link;    /* a symbolic link (only when links are not followed) */
    guint mode;          /* permission bits (07777 on POSIX) */
    guint64 size;        /* bytes */
    guint64 device;      /* with inode: which file this is, while it exists */
    guint64 inode;
    gint64 mtime_s; /* last modification, seconds and nanoseconds since 1970 */
    glong mtime_ns;
    gint64 ctime_s; /* last change of contents or metadata */
    glong ctime_ns;
} PkPlatformFileInfo;

/* Fills out_info for path, following a symbolic link at the end of it when follow_links is
 * TRUE. FALSE with errno set when the file cannot be looked at (out_info untouched). */
gboolean pk_platform_file_query(const char *path, gboolean follow_links,
                                PkPlatformFileInfo *out_info);

/* Opens path for reading without blocking on a FIFO or device and without passing the
 * descriptor to child processes. Returns the descriptor, or -1 with errno set. */
int pk_platform_file_open_read(const char *path);

/* Writes the size of the open file fd to out_size. FALSE when fd is not a regular file or
 * cannot be looked at. */
gboolean pk_platform_file_get_size(int fd, guint64 *out_size);

/* Reads up to size bytes from fd into buffer, retrying after signals, stopping at end of file;
 * the count read goes to out_read. FALSE with errno set on a read error. */
gboolean pk_platform_file_read(int fd, void *buffer, gsize size, gsize *out_read);

/* Creates and opens a new file from tmpl ("...XXXXXX", replaced in place) for reading and
 * writing, exclusively, with mode 0666 less the umask, not passed to child processes. Returns
 * the descriptor, or -1 with errno set. */
int pk_platform_file_create_temp(char *tmpl);

/* Writes all size bytes of data to fd, retrying after signals and short writes. FALSE with
 * errno set on failure. */
gboolean pk_platform_file_write(int fd, const void *data, gsize size);

/* Gives the open file fd the permission bits mode (PkPlatformFileInfo.mode of another file).
 * FALSE with errno set on failure; TRUE with no effect where files have no such bits. */
gboolean pk_platform_file_set_mode(int fd, guint mode);

/* Flushes what was written to fd down to the disk. FALSE with errno set on failure. */
gboolean pk_platform_file_sync(int fd);

/* Makes new_path a second name (hard link) of the existing file existing. FALSE with errno set
 * where that fails, including file systems without links: callers copy instead. */
gboolean pk_platform_file_link(const char *existing, const char *new_path);

/* Flushes the folder dir itself (its list of names, changed by a rename) to the disk. A file
 * system that cannot flush folders counts as success. FALSE with errno set on failure. */
gboolean pk_platform_folder_sync(const char *dir);

/* TRUE when another process holds a lock on the file at path that would keep a writer out
 * (DuckDB locks its database files); FALSE when none does or the file cannot be opened. A
 * symbolic link at path is not followed. */
gboolean pk_platform_file_is_locked(const char *path);

/* The absolute path of the existing file or folder path with every symbolic link, "." and ".."
 * resolved. Returns a new string (g_free), or NULL with errno set. */
char *pk_platform_dup_real_path(const char *path);

/* The absolute path of the running program's executable, a new string (g_free), or NULL when
 * the system does not say. */
char *pk_platform_dup_executable_path(void);

/* ---- the process --------------------------------------------------------------------------- */

/* Called for every Ctrl+C on a thread of its own (not in a signal handler: it may take locks,
 * allocate and call GLib), with the number of interrupts so far, counting from 1. */
typedef void (*PkPlatformInterruptFunc)(guint n_interrupts, gpointer data);

/* Routes Ctrl+C to func instead of ending the process. Call once, from main, before any other
 * thread is started: on POSIX, SIGINT is blocked here and every later thread inherits the block,
 * so no thread is ever interrupted in a system call; a thread named "pika-sigint" waits for it. */
void pk_platform_watch_interrupts(PkPlatformInterruptFunc func, gpointer data);

/* Ends the process at once with status: no atexit handlers, no flush of stdio buffers. */
void pk_platform_exit_now(int status) G_GNUC_NORETURN;

/* TRUE when the process's standard error is a terminal (not a pipe or a file). */
gboolean pk_platform_stderr_is_terminal(void);

/* Lowers the calling thread's scheduling priority by steps (POSIX nice values; on Linux
 * per thread, inherited by threads it starts), so that other threads of the process run first.
 * FALSE when the system does not allow it or offers no per-thread priority. */
gboolean pk_platform_lower_thread_priority(int steps);

G_END_DECLS
