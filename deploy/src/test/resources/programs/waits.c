/* Runs until SIGTERM, then says goodbye and exits 0: an instance that outlives deploy/down. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t asked_to_end;

static void end(int signal_number) {
  (void)signal_number;
  asked_to_end = 1;
}

int main(void) {
  signal(SIGTERM, end);
  puts("waiting");
  fflush(stdout);
  while (!asked_to_end) {
    pause();
  }
  puts("bye");
  return 0;
}
