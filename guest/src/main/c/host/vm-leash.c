/*
 * vm-leash: runs a command (QEMU) so that it cannot outlive the process that started it.
 *
 * Usage: vm-leash PROGRAM [ARG]...
 *
 * It asks the kernel to send SIGKILL when its parent dies (PR_SET_PDEATHSIG, kept across exec),
 * starts a new session so a Ctrl-C at the terminal reaches the parent and not the command, then
 * execs the command in place. Java cannot do either itself. Host-side helper, not part of the
 * guest; it lives in this module because this is where the build compiles C.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: vm-leash PROGRAM [ARG]...\n");
        return 125;
    }
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
        fprintf(stderr, "vm-leash: prctl: %s\n", strerror(errno));
        return 125;
    }
    /* The parent may have died before the request above took effect. */
    if (getppid() != parent)
        return 125;
    setsid();
    execvp(argv[1], argv + 1);
    fprintf(stderr, "vm-leash: cannot run %s: %s\n", argv[1], strerror(errno));
    return 127;
}
