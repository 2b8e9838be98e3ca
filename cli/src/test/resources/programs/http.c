/* A minimal HTTP server: answers every request on the given port with 200 and a short body. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (bind(server, (struct sockaddr *)&address, sizeof address) < 0 || listen(server, 16) < 0) {
        perror("listen");
        return 1;
    }
    printf("listening on %d\n", port);
    fflush(stdout);
    for (;;) {
        int client = accept(server, NULL, NULL);
        if (client < 0)
            continue;
        char request[2048];
        read(client, request, sizeof request);
        const char response[] = "HTTP/1.0 200 OK\r\nContent-Length: 19\r\n\r\nhello from the VM\r\n";
        write(client, response, sizeof response - 1);
        close(client);
    }
}
