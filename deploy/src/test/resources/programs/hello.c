/* Says one line and exits with status 3, so a test sees both reach the user. */
#include <stdio.h>

int main(void) {
  puts("hello from the stack");
  return 3;
}
