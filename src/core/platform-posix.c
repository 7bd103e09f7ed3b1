/* platform-posix.c — the platform seam (see platform.h) for Linux and other POSIX systems.
 *
 * The only file that includes <unistd.h>, <sys/mman.h>, <dlfcn.h>, <malloc.h> or <signal.h>.
 * Linux-only calls (mremap, per-thread nice, /proc) sit under __linux__, with a POSIX fallback
 * or a documented "unknown" answer; glibc-only ones (mallopt) under __GLIBC__.
 *
 * An aligned mapping is made by over-reserving one alignment unit and trimming both ends:
 *
 *   raw  |-- head --|============ size ============|-- rest --|
 *                   ^ aligned                                 (head + rest == alignment)
 *
 * Interrupts: SIGINT is blocked for the whole process and one watcher thread takes it with
 * sigwait(), so the callback runs as ordinary code, never in a signal handler. */
#define _GNU_SOURCE /* mremap, MREMAP_FIXED; realpath, lstat, O_CLOEXEC, st_mtim elsewhere */
#include "platform.h"

#include "pika/error.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/syscall.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* ---- anonymous memory ------------------------------------------------------------------------ */

void *pk_platform_map(gsize size, gsize alignment) {
    guint8 *raw =
        mmap(NULL, size + alignment, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        return NULL;
    }
    guint8 *aligned = (guint8 *)(((guintptr)raw + alignment - 1) & ~(guintptr)(alignment - 1));
    gsize head = (gsize)(aligned - raw);
    if (head > 0) {
        munmap(raw, head);
    }
    munmap(aligned + size, alignment - head);
    /* No madvise(MADV_HUGEPAGE): where transparent huge pages are "always" the alignment is
     * enough; where they are "madvise", asking for them made the first fetch of 2 x 10M doubles
     * 2.7x slower on the development VM (its host takes back free 2 MiB blocks). */
    return aligned;
}

void pk_platform_unmap(void *start, gsize size) {
    munmap(start, size);
}

void *pk_platform_remap(void *start, gsize size, gsize new_size, gsize alignment) {
    void *target = pk_platform_map(new_size, alignment);
    if (target == NULL) {
        return NULL;
    }
#ifdef __linux__
    void *moved = mremap(start, size, new_size, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    if (moved == MAP_FAILED) {
        munmap(target, new_size);
        return NULL;
    }
#else
    memcpy(target, start, size);
    munmap(start, size);
#endif
    return target;
}

/* ---- shared libraries ------------------------------------------------------------------------ */

PkPlatformLibrary *pk_platform_library_open(const char *name, GError **error) {
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        g_set_error_literal(error, PK_ERROR, PK_ERROR_NOT_FOUND, why != NULL ? why : name);
        return NULL;
    }
    return (PkPlatformLibrary *)handle;
}

gpointer pk_platform_library_lookup(PkPlatformLibrary *library, const char *symbol) {
    g_return_val_if_fail(library != NULL && symbol != NULL, NULL);
    return dlsym((void *)library, symbol);
}

void pk_platform_library_close(PkPlatformLibrary *library) {
    if (library != NULL) {
        dlclose((void *)library);
    }
}

/* ---- the allocator and memory figures -------------------------------------------------------- */

void pk_platform_tune_allocator(gsize direct_bytes, gsize trim_bytes) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, (int)MIN(direct_bytes, (gsize)G_MAXINT));
    mallopt(M_TRIM_THRESHOLD, (int)MIN(trim_bytes, (gsize)G_MAXINT));
#else
    (void)direct_bytes;
    (void)trim_bytes;
#endif
}

guint64 pk_platform_get_physical_memory(void) {
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) {
        return 0;
    }
    return (guint64)pages * (guint64)page_size;
}

/* Linux: resident pages (the second figure of /proc/self/statm) times the page size. */
guint64 pk_platform_get_resident_memory(void) {
#ifdef __linux__
    g_autofree char *text = NULL;
    if (!g_file_get_contents("/proc/self/statm", &text, NULL, NULL)) {
        return 0;
    }
    unsigned long long size = 0, resident = 0;
    if (sscanf(text, "%llu %llu", &size, &resident) != 2) {
        return 0;
    }
    long page = sysconf(_SC_PAGESIZE);
    return (guint64)resident * (guint64)(page > 0 ? page : 4096);
#else
    return 0;
#endif
}

/* ---- files ----------------------------------------------------------------------------------- */

gboolean pk_platform_file_query(const char *path, gboolean follow_links,
                                PkPlatformFileInfo *out_info) {
    struct stat st;
    if ((follow_links ? stat(path, &st) : lstat(path, &st)) != 0) {
        return FALSE;
    }
    *out_info = (PkPlatformFileInfo){
        .is_regular = S_ISREG(st.st_mode),
        .is_link = S_ISLNK(st.st_mode),
        .mode = (guint)(st.st_mode & 07777),
        .size = (guint64)st.st_size,
        .device = (guint64)st.st_dev,
        .inode = (guint64)st.st_ino,
        .mtime_s = (gint64)st.st_mtim.tv_sec,
        .mtime_ns = st.st_mtim.tv_nsec,
        .ctime_s = (gint64)st.st_ctim.tv_sec,
        .ctime_ns = st.st_ctim.tv_nsec,
    };
    return TRUE;
}

int pk_platform_file_open_read(const char *path) {
    return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
}

gboolean pk_platform_file_get_size(int fd, guint64 *out_size) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return FALSE;
    }
    *out_size = (guint64)st.st_size;
    return TRUE;
}

gboolean pk_platform_file_read(int fd, void *buffer, gsize size, gsize *out_read) {
    gsize done = 0;
    while (done < size) {
        ssize_t n = read(fd, (char *)buffer + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return FALSE;
        }
        if (n == 0) {
            break;
        }
        done += (gsize)n;
    }
    *out_read = done;
    return TRUE;
}

int pk_platform_file_create_temp(char *tmpl) {
    return g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0666);
}

gboolean pk_platform_file_write(int fd, const void *data, gsize size) {
    gsize done = 0;
    while (done < size) {
        ssize_t n = write(fd, (const char *)data + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return FALSE;
        }
        done += (gsize)n;
    }
    return TRUE;
}

gboolean pk_platform_file_set_mode(int fd, guint mode) {
    return fchmod(fd, (mode_t)(mode & 07777)) == 0;
}

gboolean pk_platform_file_sync(int fd) {
    return fsync(fd) == 0;
}

gboolean pk_platform_file_link(const char *existing, const char *new_path) {
    return link(existing, new_path) == 0;
}

/* EINVAL: the file system cannot flush a folder, which is not an error here. */
gboolean pk_platform_folder_sync(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return FALSE;
    }
    gboolean ok = fsync(fd) == 0 || errno == EINVAL;
    int saved = errno;
    close(fd);
    errno = saved;
    return ok;
}

gboolean pk_platform_file_is_locked(const char *path) {
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return FALSE;
    }
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    gboolean held = fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
    close(fd);
    return held;
}

char *pk_platform_dup_real_path(const char *path) {
    char *real = realpath(path, NULL);
    if (real == NULL) {
        return NULL;
    }
    char *owned = g_strdup(real);
    free(real);
    return owned;
}

char *pk_platform_dup_executable_path(void) {
#ifdef __linux__
    return g_file_read_link("/proc/self/exe", NULL);
#else
    return NULL;
#endif
}

/* ---- the process ----------------------------------------------------------------------------- */

typedef struct {
    sigset_t set;
    PkPlatformInterruptFunc func;
    gpointer data;
} InterruptWatch;

static gpointer interrupt_watch(gpointer data) {
    InterruptWatch *watch = data;
    guint n_seen = 0;
    for (;;) {
        int sig = 0;
        if (sigwait(&watch->set, &sig) != 0 || sig != SIGINT) {
            continue;
        }
        watch->func(++n_seen, watch->data);
    }
    return NULL;
}

void pk_platform_watch_interrupts(PkPlatformInterruptFunc func, gpointer data) {
    static InterruptWatch watch; /* read by the watcher for the life of the process */
    g_return_if_fail(func != NULL && watch.func == NULL);
    sigemptyset(&watch.set);
    sigaddset(&watch.set, SIGINT);
    watch.func = func;
    watch.data = data;
    pthread_sigmask(SIG_BLOCK, &watch.set, NULL);
    g_thread_unref(g_thread_new("pika-sigint", interrupt_watch, &watch));
}

void pk_platform_exit_now(int status) {
    _exit(status);
}

gboolean pk_platform_stderr_is_terminal(void) {
    return isatty(STDERR_FILENO);
}

gboolean pk_platform_lower_thread_priority(int steps) {
#ifdef __linux__
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), steps) == 0;
#else
    (void)steps;
    return FALSE;
#endif
}
