#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        printf("arg[%d]=%s\n", i, argv[i]);
    printf("OPS_TEST=%s\n", getenv("OPS_TEST") ? getenv("OPS_TEST") : "(unset)");
    printf("line one\nline two\n");
    return 0;
}
