/* The sample program: says hello with its arguments and one environment variable, then exits 0. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    const char *greeting = getenv("GREETING");
    printf("%s from a single-program VM\n", greeting ? greeting : "Hello");
    for (int i = 1; i < argc; i++)
        printf("argument %d: %s\n", i, argv[i]);
    return 0;
}
