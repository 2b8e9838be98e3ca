#include <stdio.h>
int main(void) {
    printf("hello from a static program\n");
    return 3;
}
