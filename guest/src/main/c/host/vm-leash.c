/*
 * vm-leash: runs a command (QEMU) so that it cannot outlive the process that started it.
 *
 * Usage: vm-leash [--user UID:GID[:GID,...]] PROGRAM [ARG]...
 *
 * With --user, it first becomes that user, with that primary group and only the supplementary
 * groups listed (the one that owns /dev/kvm, usually), and checks that it cannot become root
 * again: a VM escaping QEMU lands in an account that owns nothing but its own sockets.
 *
 * It then asks the kernel to send SIGKILL when its parent dies (PR_SET_PDEATHSIG, kept across
 * exec; a change of user clears it, hence this order), starts a new session so a Ctrl-C at the
 * terminal reaches the parent and not the command, and execs the command in place. Java cannot do
 * any of this itself. Host-side helper, not part of the guest; it lives in this module because
 * this is where the build compiles C.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_GROUPS 16
#define FAILURE 125

/* Reads a decimal id at *text, moving past it; returns -1 when there is none. */
static long read_id(const char **text) {
    char *end;
    errno = 0;
    long id = strtol(*text, &end, 10);
    if (end == *text || errno != 0 || id < 0 || id > 0x7fffffffL)
        return -1;
    *text = end;
    return id;
}

/* Parses UID:GID[:GID,...] and switches to it, for good. */
static int become(const char *spec) {
    const char *cursor = spec;
    long uid = read_id(&cursor);
    if (uid < 0 || *cursor++ != ':')
        goto malformed;
    long gid = read_id(&cursor);
    if (gid < 0)
        goto malformed;
    gid_t groups[MAX_GROUPS];
    size_t count = 0;
    if (*cursor == ':') {
        cursor++;
        while (*cursor != '\0') {
            long group = read_id(&cursor);
            if (group < 0 || count == MAX_GROUPS)
                goto malformed;
            groups[count++] = (gid_t) group;
            if (*cursor == ',')
                cursor++;
            else if (*cursor != '\0')
                goto malformed;
        }
    } else if (*cursor != '\0') {
        goto malformed;
    }
    if (uid == 0) {
        fprintf(stderr, "vm-leash: --user must not be root\n");
        return -1;
    }
    if (setgroups(count, groups) < 0 || setgid((gid_t) gid) < 0 || setuid((uid_t) uid) < 0) {
        fprintf(stderr, "vm-leash: cannot become %s: %s\n", spec, strerror(errno));
        return -1;
    }
    if (setuid(0) == 0) {
        fprintf(stderr, "vm-leash: could become root again after becoming %s\n", spec);
        return -1;
    }
    return 0;

malformed:
    fprintf(stderr, "vm-leash: --user wants UID:GID[:GID,...], not '%s'\n", spec);
    return -1;
}

int main(int argc, char **argv) {
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--user") == 0) {
        if (become(argv[2]) < 0)
            return FAILURE;
        first = 3;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: vm-leash [--user UID:GID[:GID,...]] PROGRAM [ARG]...\n");
        return FAILURE;
    }
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
        fprintf(stderr, "vm-leash: prctl: %s\n", strerror(errno));
        return FAILURE;
    }
    /* The parent may have died before the request above took effect. */
    if (getppid() != parent)
        return FAILURE;
    setsid();
    execvp(argv[first], argv + first);
    fprintf(stderr, "vm-leash: cannot run %s: %s\n", argv[first], strerror(errno));
    return 127;
}
