#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static void on_term(int signo) {
    (void)signo;
    const char message[] = "got SIGTERM, cleaning up\n";
    write(1, message, sizeof message - 1);
    _exit(7);
}
int main(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_term;
    sigaction(SIGTERM, &action, NULL);
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
