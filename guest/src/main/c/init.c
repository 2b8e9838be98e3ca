/*
 * PID 1 of every ops VM: prepares the machine, runs one program, reports how it ended on the
 * status channel and powers the VM off. The contract with the host (the configuration file,
 * the status channel, the exit status) is guest/README.md; keep the two in step.
 *
 * Steps are numbered as in the README. Any failure before the program starts is fatal: it is
 * reported as "error <step> <message>" and the VM powers off.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CONFIG_PATH "/.ops/init.conf"
#define LAYER_MARKERS "/.ops/layers/"
#define STATUS_CHANNEL "/dev/ttyS1"
#define START_MARKER "@@ops:program-start@@\n"
#define DEBUG_EXIT_PORT 0x501
#define NETWORK_DEVICE "eth0"
#define NETWORK_DEVICE_WAIT_MS 2000
#define LENGTH(array) (sizeof(array) / sizeof(array)[0])

/* Exit statuses of the VM when the program never ran, after the shell's conventions. */
#define STATUS_EXEC_FAILED 127
#define STATUS_INIT_FAILED 125

static int debug_enabled;  /* ops.debug=1 on the kernel command line */
static int status_fd = -1; /* the status channel to the host; -1 when the VM has none */

/* ---------------------------------------------------------------- output and power off */

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return; /* nowhere left to complain to */
        data += written;
        length -= written;
    }
}

/* Writes one line in one write. A line break inside a message would split it into two
 * status lines, so those become spaces. */
static void __attribute__((format(printf, 2, 3))) write_line(int fd, const char *format, ...) {
    char line[512];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(line, sizeof line - 1, format, arguments); /* leaves room for the '\n' */
    va_end(arguments);
    for (char *c = line; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    strcat(line, "\n");
    write_all(fd, line, strlen(line));
}

/* Says what the init does, on the console, only with ops.debug=1. */
static void __attribute__((format(printf, 1, 2))) say(const char *format, ...) {
    if (!debug_enabled)
        return;
    char message[480];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    write_line(STDERR_FILENO, "ops-init: %s", message);
}

/* Tells the host, on the status channel. */
static void __attribute__((format(printf, 1, 2))) report(const char *format, ...) {
    char message[480];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    if (status_fd >= 0)
        write_line(status_fd, "%s", message);
    say("reported: %s", message);
}

/*
 * Ends the VM with this status. QEMU's isa-debug-exit device turns the status into its own
 * exit code, (status << 1) | 1, which must fit in 8 bits. Without that device the VM powers off.
 */
static void __attribute__((noreturn)) power_off(int status) {
    tcdrain(STDOUT_FILENO); /* what the program wrote must reach the host before the VM ends */
    if (status_fd >= 0)
        tcdrain(status_fd);
    sync();
    if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
        outb(status & 0x7f, DEBUG_EXIT_PORT);
    reboot(RB_POWER_OFF);
    _exit(status); /* the kernel panics when PID 1 exits, and panic=-1 ends the VM too */
}

/* Errors are the one thing the init always shows on the console, debug or not. */
static void __attribute__((noreturn, format(printf, 3, 4)))
fail_with_status(int status, const char *step, const char *format, ...) {
    char message[400];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    report("error %s %s", step, message);
    if (!debug_enabled) /* otherwise report() has just shown it */
        write_line(STDERR_FILENO, "ops-init: error %s %s", step, message);
    power_off(status);
}

#define fail(...) fail_with_status(STATUS_INIT_FAILED, __VA_ARGS__)

/* Reads a whole file into a NUL-terminated buffer, or returns NULL with errno set. Files in
 * /proc claim size 0, so it reads until end of file instead of trusting fstat. */
static char *read_file(const char *path, size_t *length) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t capacity = 0, used = 0;
    char *data = NULL;
    ssize_t count = 1;
    while (count > 0) {
        if (used == capacity) {
            capacity += 4096;
            if (!(data = realloc(data, capacity + 1)))
                fail("memory", "out of memory reading %s", path);
        }
        count = read(fd, data + used, capacity - used);
        used += count > 0 ? count : 0;
    }
    int error = errno;
    close(fd);
    errno = error;
    if (count < 0)
        return NULL;
    data[used] = '\0';
    *length = used;
    return data;
}

/* ---------------------------------------------------------------- 1, 2: mounts, status channel */

static void make_directory(const char *path) {
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        fail("mount", "cannot create %s: %s", path, strerror(errno));
}

static void mount_filesystem(const char *type, const char *target, unsigned long flags,
                             const char *options) {
    make_directory(target);
    if (mount(type, target, type, flags, options) < 0 && errno != EBUSY)
        fail("mount", "cannot mount %s on %s: %s", type, target, strerror(errno));
}

/* The initramfs has no /dev/console, so the kernel starts the init without stdin, stdout and
 * stderr; the init opens them itself once devtmpfs is there. The program inherits them. */
static void mount_dev_and_open_console(void) {
    mkdir("/dev", 0755);
    if (mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755") < 0 && errno != EBUSY)
        power_off(STATUS_INIT_FAILED); /* no device to report anything on */
    int console = open("/dev/console", O_RDWR | O_NOCTTY);
    if (console < 0)
        return; /* run without a console: the status channel still works */
    for (int fd = 0; fd <= 2; fd++)
        if (fd != console)
            dup2(console, fd);
    if (console > 2)
        close(console);
}

/* /tmp and /dev/shm stay executable: runtimes such as the JVM unpack native libraries there.
 * /tmp and /run are not mounted over: the initramfs is already a writable tmpfs, and a mount
 * would hide image files that live there (a program built in /tmp keeps its path). */
static void mount_other_filesystems(void) {
    mount_filesystem("proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_filesystem("sysfs", "/sys", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_filesystem("devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC, "mode=620,ptmxmode=666");
    mount_filesystem("tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV, "mode=1777");
    make_directory("/tmp");
    chmod("/tmp", 01777);
    make_directory("/run");
}

/* Raw mode: the host's bytes arrive unchanged and nothing is echoed back to it. Opened without
 * blocking so that the open does not wait for a modem carrier signal; CLOCAL then ignores it. */
static void open_status_channel(void) {
    int fd = open(STATUS_CHANNEL, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct termios mode;
    if (tcgetattr(fd, &mode) == 0) {
        cfmakeraw(&mode);
        mode.c_cflag |= CLOCAL | CREAD;
        mode.c_cflag &= ~HUPCL;
        tcsetattr(fd, TCSANOW, &mode);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    status_fd = fd;
}

/* ---------------------------------------------------------------- 3: configuration and layers */

/* A NULL-terminated array of strings; its capacity is fixed when it is made. */
struct list {
    const char **items;
    size_t count;
};

static struct list make_list(size_t capacity) {
    struct list list = {calloc(capacity + 1, sizeof(char *)), 0};
    if (!list.items)
        fail("memory", "out of memory");
    return list;
}

static void add(struct list *list, const char *item) {
    list->items[list->count++] = item;
}

struct config {
    const char *program;
    struct list args;
    struct list env;
    const char *workdir;
    const char *hostname;
    const char *ip; /* "10.0.2.15/24" */
    const char *gateway;
    struct list nameservers;
    struct list modules;
    struct list layers;
    const char *min_memory_mib;
};

/* A record is "<tag> <value>". Repeatable tags collect into lists; the others are set once. */
static void apply_record(struct config *config, char *record) {
    const struct {
        const char *tag;
        const char **once;
        struct list *list;
    } fields[] = {
        {"program", &config->program, NULL},   {"arg", NULL, &config->args},
        {"env", NULL, &config->env},           {"workdir", &config->workdir, NULL},
        {"hostname", &config->hostname, NULL}, {"ip", &config->ip, NULL},
        {"gateway", &config->gateway, NULL},   {"nameserver", NULL, &config->nameservers},
        {"module", NULL, &config->modules},    {"layer", NULL, &config->layers},
        {"min-memory-mib", &config->min_memory_mib, NULL},
    };
    char *value = strchr(record, ' ');
    if (!value)
        fail("config", "record without a value: %s", record);
    *value++ = '\0';
    for (size_t i = 0; i < LENGTH(fields); i++) {
        if (strcmp(record, fields[i].tag) != 0)
            continue;
        if (fields[i].list)
            add(fields[i].list, value);
        else if (*fields[i].once)
            fail("config", "%s is given twice", record);
        else
            *fields[i].once = value;
        return;
    }
    fail("config", "unknown tag %s", record); /* the init and the host ship together: a bug */
}

/* Records are separated by NUL bytes; empty records (after a trailing NUL) are skipped. */
static void read_config(struct config *config) {
    size_t length;
    char *text = read_file(CONFIG_PATH, &length);
    if (!text)
        fail("config", "cannot read %s: %s", CONFIG_PATH, strerror(errno));
    size_t records = 1;
    for (size_t i = 0; i < length; i++)
        records += text[i] == '\0';
    config->args = make_list(records);
    config->env = make_list(records);
    config->nameservers = make_list(records);
    config->modules = make_list(records);
    config->layers = make_list(records);
    for (char *record = text, *next; record < text + length; record = next) {
        next = record + strlen(record) + 1; /* before apply_record splits the record */
        if (*record)
            apply_record(config, record);
    }

    if (!config->program || config->program[0] != '/')
        fail("config", "no absolute program path");
    if (config->args.count == 0)
        add(&config->args, config->program);
    if (!config->workdir)
        config->workdir = "/";
    say("program %s, %zu arguments, %zu environment entries", config->program,
        config->args.count, config->env.count);
}

/* Each layer archive ends with its marker, so a missing marker means the kernel ran out of
 * memory while unpacking the initramfs. */
static void check_layers(const struct config *config) {
    for (size_t i = 0; i < config->layers.count; i++) {
        const char *layer = config->layers.items[i];
        char marker[PATH_MAX];
        snprintf(marker, sizeof marker, LAYER_MARKERS "%s", layer);
        if (access(marker, F_OK) == 0)
            continue;
        if (config->min_memory_mib)
            fail("layers", "layer %s was not fully unpacked: the VM needs at least %s MiB of memory",
                 layer, config->min_memory_mib);
        fail("layers", "layer %s was not fully unpacked: the VM has too little memory", layer);
    }
    say("all %zu layers are complete", config->layers.count);
}

/* ---------------------------------------------------------------- kernel command line */

static struct list kernel_words; /* the kernel command line, split at blanks */

/* The value of the last "<name>=<value>" word, or NULL. The words lie in the init's own
 * writable copy of the command line, hence the cast. */
static char *kernel_option(const char *name) {
    size_t length = strlen(name);
    char *value = NULL;
    for (size_t i = 0; i < kernel_words.count; i++) {
        const char *word = kernel_words.items[i];
        if (strncmp(word, name, length) == 0 && word[length] == '=')
            value = (char *)word + length + 1;
    }
    return value;
}

static void read_kernel_command_line(void) {
    size_t length;
    char *text = read_file("/proc/cmdline", &length);
    if (!text)
        fail("config", "cannot read /proc/cmdline: %s", strerror(errno));
    kernel_words = make_list(length / 2 + 1);
    char *position = NULL;
    for (char *word = strtok_r(text, " \t\n", &position); word;
         word = strtok_r(NULL, " \t\n", &position))
        add(&kernel_words, word);
    const char *debug = kernel_option("ops.debug");
    debug_enabled = debug && strcmp(debug, "1") == 0;
}

/* Launch options replace the configured values, even when empty (which then means "none"). */
static void apply_launch_options(struct config *config) {
    const char *value;
    if ((value = kernel_option("ops.ip")))
        config->ip = value;
    if ((value = kernel_option("ops.gateway")))
        config->gateway = value;
    if ((value = kernel_option("ops.hostname")))
        config->hostname = value;
    char *servers = kernel_option("ops.nameserver"); /* comma separated */
    if (!servers)
        return;
    config->nameservers = make_list(strlen(servers) / 2 + 1);
    char *position = NULL;
    for (char *server = strtok_r(servers, ",", &position); server;
         server = strtok_r(NULL, ",", &position))
        add(&config->nameservers, server);
}

/* ---------------------------------------------------------------- 4: kernel modules */

static void load_modules(const struct config *config) {
    for (size_t i = 0; i < config->modules.count; i++) {
        const char *path = config->modules.items[i];
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail("modules", "cannot open %s: %s", path, strerror(errno));
        if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST) {
            int error = errno; /* ENOENT: the module uses a symbol no loaded module has */
            fail("modules", "cannot load %s: %s%s", path, strerror(error),
                 error == ENOENT ? " (a module it depends on must be listed before it)" : "");
        }
        close(fd);
        say("loaded %s", path);
    }
}

/* ---------------------------------------------------------------- 5: network and names */

static int has_text(const char *value) {
    return value && *value;
}

static struct ifreq interface_request(const char *name) {
    struct ifreq request = {0};
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    return request;
}

static void bring_up(int sock, const char *name) {
    struct ifreq request = interface_request(name);
    if (ioctl(sock, SIOCGIFFLAGS, &request) < 0)
        fail("network", "cannot read the flags of %s: %s", name, strerror(errno));
    request.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &request) < 0)
        fail("network", "cannot bring up %s: %s", name, strerror(errno));
}

static struct sockaddr ipv4_socket_address(struct in_addr address) {
    struct sockaddr_in inet = {.sin_family = AF_INET, .sin_addr = address};
    struct sockaddr generic;
    memcpy(&generic, &inet, sizeof generic); /* the two have the same size, by design */
    return generic;
}

/* request is SIOCSIFADDR or SIOCSIFNETMASK. */
static void set_interface_address(int sock, const char *name, unsigned long request,
                                  struct in_addr address) {
    struct ifreq ifr = interface_request(name);
    ifr.ifr_addr = ipv4_socket_address(address);
    if (ioctl(sock, request, &ifr) < 0)
        fail("network", "cannot give %s the address %s: %s", name, inet_ntoa(address),
             strerror(errno));
}

/* The driver module may register the device a moment after finit_module returns. */
static void wait_for_device(int sock, const char *name) {
    const struct timespec pause = {0, 10 * 1000 * 1000};
    struct ifreq request = interface_request(name);
    for (int waited_ms = 0; ioctl(sock, SIOCGIFINDEX, &request) < 0; waited_ms += 10) {
        if (waited_ms >= NETWORK_DEVICE_WAIT_MS)
            fail("network", "no %s device: is its driver among the modules?", name);
        nanosleep(&pause, NULL);
    }
}

static void parse_address(const char *text, struct in_addr *address, struct in_addr *netmask) {
    char host[INET_ADDRSTRLEN];
    int prefix, end = 0;
    if (sscanf(text, "%15[0-9.]/%2d%n", host, &prefix, &end) != 2 || text[end] || prefix < 0 ||
        prefix > 32 || inet_pton(AF_INET, host, address) != 1)
        fail("network", "bad address %s, expected address/prefix like 10.0.2.15/24", text);
    netmask->s_addr = prefix == 0 ? 0 : htonl(0xffffffffu << (32 - prefix));
}

static void add_default_route(int sock, const char *gateway_text) {
    struct in_addr gateway, any = {0};
    if (inet_pton(AF_INET, gateway_text, &gateway) != 1)
        fail("network", "bad gateway %s", gateway_text);
    struct rtentry route = {.rt_flags = RTF_UP | RTF_GATEWAY};
    route.rt_dst = ipv4_socket_address(any);
    route.rt_genmask = ipv4_socket_address(any);
    route.rt_gateway = ipv4_socket_address(gateway);
    if (ioctl(sock, SIOCADDRT, &route) < 0 && errno != EEXIST)
        fail("network", "cannot add the default route via %s: %s", gateway_text, strerror(errno));
}

static void configure_network_device(int sock, const struct config *config) {
    struct in_addr address, netmask;
    parse_address(config->ip, &address, &netmask);
    wait_for_device(sock, NETWORK_DEVICE);
    set_interface_address(sock, NETWORK_DEVICE, SIOCSIFADDR, address);
    set_interface_address(sock, NETWORK_DEVICE, SIOCSIFNETMASK, netmask);
    bring_up(sock, NETWORK_DEVICE);
    if (has_text(config->gateway))
        add_default_route(sock, config->gateway);
    say("%s is %s, gateway %s", NETWORK_DEVICE, config->ip,
        has_text(config->gateway) ? config->gateway : "none");
}

/* The image may carry a symbolic link here (systemd's resolv.conf, say) that leads nowhere in
 * the VM; the init owns these files, so it replaces whatever is there. */
static void write_system_file(const char *path, const char *text, size_t length) {
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, text, length) != (ssize_t)length || close(fd) < 0)
        fail("network", "cannot write %s: %s", path, strerror(errno));
}

static void write_resolv_conf(const struct config *config) {
    if (config->nameservers.count == 0)
        return;
    char *text;
    size_t length;
    FILE *out = open_memstream(&text, &length);
    for (size_t i = 0; i < config->nameservers.count; i++)
        fprintf(out, "nameserver %s\n", config->nameservers.items[i]);
    fclose(out);
    write_system_file("/etc/resolv.conf", text, length);
    free(text);
}

/* Many runtimes (the JVM's getLocalHost, for one) fail when the host name does not resolve. */
static void write_hosts(const struct config *config) {
    char *text;
    size_t length;
    FILE *out = open_memstream(&text, &length);
    fprintf(out, "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
    if (has_text(config->hostname) && has_text(config->ip))
        fprintf(out, "%.*s %s\n", (int)strcspn(config->ip, "/"), config->ip, config->hostname);
    else if (has_text(config->hostname))
        fprintf(out, "127.0.1.1 %s\n", config->hostname);
    fclose(out);
    write_system_file("/etc/hosts", text, length);
    free(text);
}

static void set_names(const struct config *config) {
    make_directory("/etc");
    write_resolv_conf(config);
    write_hosts(config);
    if (!has_text(config->hostname))
        return;
    char line[HOST_NAME_MAX + 2];
    int length = snprintf(line, sizeof line, "%s\n", config->hostname);
    if (length >= (int)sizeof line || sethostname(config->hostname, length - 1) < 0)
        fail("network", "cannot set the host name %s: %s", config->hostname,
             length >= (int)sizeof line ? "too long" : strerror(errno));
    write_system_file("/etc/hostname", line, length);
}

static void set_up_network(const struct config *config) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        fail("network", "no IPv4 socket: %s", strerror(errno));
    bring_up(sock, "lo");
    if (has_text(config->ip))
        configure_network_device(sock, config);
    close(sock);
    set_names(config);
}

/* ---------------------------------------------------------------- 6, 8: console and program */

/* Without output processing the tty would turn the program's "\n" into "\r\n". */
static void stop_console_output_processing(void) {
    struct termios mode;
    if (tcgetattr(STDOUT_FILENO, &mode) == 0) {
        mode.c_oflag &= ~OPOST;
        tcsetattr(STDOUT_FILENO, TCSANOW, &mode);
    }
}

/* The init takes these signals through a signalfd, so they stay blocked in it. */
static const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

static int watch_signals(void) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGCHLD);
    for (size_t i = 0; i < LENGTH(forwarded_signals); i++)
        sigaddset(&signals, forwarded_signals[i]);
    sigprocmask(SIG_BLOCK, &signals, NULL);
    int fd = signalfd(-1, &signals, SFD_CLOEXEC);
    if (fd < 0)
        fail("signals", "no signalfd: %s", strerror(errno));
    return fd;
}

/* The program must not inherit the init's blocked signals, nor any ignored one. */
static void reset_signals_at_spawn(posix_spawnattr_t *attributes) {
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(attributes, &all);
    posix_spawnattr_setsigmask(attributes, &none);
}

/* Checked before the spawn so that a bad working directory gets its own message: the spawn
 * itself reports a failed chdir and a failed exec with the same kind of error number. */
static void check_workdir(const char *workdir) {
    struct stat status;
    if (stat(workdir, &status) < 0)
        fail_with_status(STATUS_EXEC_FAILED, "exec", "cannot enter %s: %s", workdir,
                         strerror(errno));
    if (!S_ISDIR(status.st_mode))
        fail_with_status(STATUS_EXEC_FAILED, "exec", "cannot enter %s: not a directory", workdir);
}

/* The program runs in a session of its own, in its working directory. posix_spawn starts it
 * without copying the init's memory as fork would (under TCG that copy costs milliseconds of
 * every boot), and returns the exec's error number when the exec fails. */
static pid_t start_program(const struct config *config) {
    check_workdir(config->workdir);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    reset_signals_at_spawn(&attributes);
    posix_spawnattr_setflags(&attributes,
                             POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, config->workdir);

    pid_t pid;
    int error = posix_spawn(&pid, config->program, &actions, &attributes,
                            (char **)config->args.items, (char **)config->env.items);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) {
        /* ENOENT for a file that exists means its ELF interpreter (ld.so) is missing. */
        const char *hint = error == ENOENT && access(config->program, F_OK) == 0
                               ? " (its ELF interpreter is missing)"
                               : "";
        fail_with_status(STATUS_EXEC_FAILED, "exec", "%s: %s%s", config->program,
                         strerror(error), hint);
    }
    report("started %d", (int)pid);
    return pid;
}

/* ---------------------------------------------------------------- 9: supervising */

/* Reaps every child that has ended, the program's orphans included (they become the init's).
 * Returns 1 and sets *wait_status when the program itself is among them. */
static int reap_children(pid_t program, int *wait_status) {
    int program_ended = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        if (pid == program) {
            *wait_status = status;
            program_ended = 1;
        }
    return program_ended;
}

/* Returns 1 when the program has ended. The kernel sends SIGINT to the init when someone
 * presses Ctrl-Alt-Del (reboot(RB_DISABLE_CAD) asks for that), which means "shut down", so
 * the program gets SIGTERM for it. */
static int handle_signal(int signal_fd, pid_t program, int *wait_status) {
    struct signalfd_siginfo info;
    if (read(signal_fd, &info, sizeof info) != sizeof info)
        return 0;
    if (info.ssi_signo == SIGCHLD)
        return reap_children(program, wait_status);
    int forwarded = info.ssi_signo == SIGINT ? SIGTERM : (int)info.ssi_signo;
    say("forwarding signal %d to the program as %d", (int)info.ssi_signo, forwarded);
    kill(program, forwarded);
    return 0;
}

static void run_host_command(const char *command, pid_t program) {
    int known = !strcmp(command, "stop") || !strcmp(command, "kill");
    say("host command \"%s\"%s", command, known ? "" : " ignored");
    if (known)
        kill(program, !strcmp(command, "stop") ? SIGTERM : SIGKILL);
}

/* Collects bytes from the status channel into lines; a line too long for any command is
 * dropped. Returns 0 when the channel can no longer be read. */
static int read_host_commands(pid_t program) {
    static char line[32];
    static size_t used;
    static int too_long;
    char chunk[64];
    ssize_t count = read(status_fd, chunk, sizeof chunk);
    if (count < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (count <= 0)
        return 0;
    for (ssize_t i = 0; i < count; i++) {
        char c = chunk[i];
        if (c == '\n' || c == '\r') {
            line[used] = '\0';
            if (used > 0 && !too_long)
                run_host_command(line, program);
            used = 0;
            too_long = 0;
        } else if (used < sizeof line - 1) {
            line[used++] = c;
        } else {
            too_long = 1;
        }
    }
    return 1;
}

/* Waits for the program to end and returns its wait status. */
static int supervise(pid_t program, int signal_fd) {
    struct pollfd watched[2] = {{.fd = signal_fd, .events = POLLIN},
                                {.fd = status_fd, .events = POLLIN}}; /* poll skips fd -1 */
    int wait_status;
    for (;;) {
        if (poll(watched, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            fail("wait", "poll: %s", strerror(errno));
        }
        if ((watched[0].revents & POLLIN) && handle_signal(signal_fd, program, &wait_status))
            return wait_status;
        if (watched[1].revents && !read_host_commands(program)) {
            say("the status channel is closed; no more host commands");
            watched[1].fd = -1;
        }
    }
}

/* ---------------------------------------------------------------- 10: the end */

/* The status is the exit code, or 128 + the signal number, as a shell reports it. */
static void __attribute__((noreturn)) finish(int wait_status) {
    kill(-1, SIGKILL); /* every process but the init: the VM lives as long as the program */
    int status;
    if (WIFEXITED(wait_status)) {
        status = WEXITSTATUS(wait_status);
        report("exited %d", status);
    } else {
        report("signaled %d", WTERMSIG(wait_status));
        status = 128 + WTERMSIG(wait_status);
    }
    power_off(status);
}

int main(void) {
    struct config config = {0};

    reboot(RB_DISABLE_CAD);
    int signal_fd = watch_signals(); /* before any fork, so that no SIGCHLD is lost */

    mount_dev_and_open_console(); /* 1 */
    open_status_channel();        /* 2, early so that errors from here on reach the host */
    mount_other_filesystems();
    read_kernel_command_line();
    say("status channel %s", status_fd >= 0 ? STATUS_CHANNEL : "missing");
    report("ready");

    read_config(&config); /* 3 */
    check_layers(&config);
    apply_launch_options(&config);
    load_modules(&config);            /* 4 */
    set_up_network(&config);          /* 5 */
    stop_console_output_processing(); /* 6 */
    write_all(STDOUT_FILENO, START_MARKER, strlen(START_MARKER)); /* 7 */

    pid_t program = start_program(&config); /* 8 */
    finish(supervise(program, signal_fd));  /* 9, 10 */
}
