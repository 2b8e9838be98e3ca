/* Crashes the guest kernel on purpose: the VM must be reported as failed, with the panic. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
    printf("crashing the kernel\n");
    fflush(stdout);
    int trigger = open("/proc/sysrq-trigger", O_WRONLY);
    if (trigger < 0) {
        perror("/proc/sysrq-trigger");
        return 1;
    }
    write(trigger, "c", 1);
    return 0;
}
