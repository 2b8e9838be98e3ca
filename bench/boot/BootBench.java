import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Boot benchmark: every kernel on every machine type for a static hello, a dynamic HTTP server and
 * a Python script, in one run. For each cell it measures, with the real ops command line, the time
 * from QEMU's start to the program's first output line and to its exit (to the first HTTP 200 for
 * the server), the time a user waits from starting {@code ops run} to the exit, and the smallest
 * guest memory that still runs the program. Runs are interleaved (round after round, every cell
 * once per round, the kernels side by side), so that the load of a shared machine weighs on all
 * kernels alike. Prints Markdown tables of medians, the kernels' sizes and the stock/minimal
 * ratios.
 *
 * <p>QEMU's start is the moment {@code ops run -v} reports the QEMU command it is about to start:
 * the JVM's start, the image build and the kernel lookup all come before it.
 *
 * <p>Run from the repository root after {@code mvn -DskipTests install}: {@code java
 * bench/boot/BootBench.java [--runs N] [--kernels minimal,stock] [--machines microvm,q35]
 * [--workloads hello,http,python] [--no-memory]}. Kernels are flavours or kernel names.
 */
public class BootBench {

  static final Path REPOSITORY = Path.of("").toAbsolutePath();
  static final Path JAR =
      Path.of(System.getProperty("ops.jar", REPOSITORY.resolve("cli/target/ops.jar").toString()));
  static final Path PROGRAMS = REPOSITORY.resolve("cli/src/test/resources/programs");
  static final Path KERNELS =
      Path.of(System.getenv().getOrDefault("OPS_KERNEL_CACHE",
          Path.of(System.getProperty("user.home"), ".ops", "kernels").toString()));
  static final int HTTP_PORT = 18_181;
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  static final int PT_LOAD = 1;
  static final String QEMU_START_LINE = "ops: starting ";

  record Workload(String key, String name, List<String> programArguments, List<String> ports,
      String expectedOutput, int status) {

    /** Answering HTTP is the server's end point; it never exits by itself. */
    boolean isServer() {
      return status < 0;
    }
  }

  record Cell(Workload workload, String machine, String kernel) {

    List<String> launchArguments() {
      return List.of("--kernel", kernel, "--machine", machine);
    }
  }

  /**
   * One run's times in seconds; NaN where the run failed. QEMU's CPU seconds (user + system) go
   * with the wall times: load barely changes them. The command line is the one ops printed.
   */
  record Times(double qemuToFirstLine, double qemuToEnd, double opsToEnd, double cpuToFirstLine,
      double cpuToEnd, List<String> qemuCommand) {

    static final Times FAILED =
        new Times(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());

    boolean ok() {
      return !Double.isNaN(qemuToEnd);
    }
  }

  /**
   * The same boot with QEMU started directly, with the command line ops printed for it: no JVM
   * beside it, no leash. This is the kernel's own figure, the one comparable with other
   * unikernels' "QEMU start to first line".
   */
  record AloneTimes(double toFirstLine, double toEnd, double cpuToFirstLine, double cpuToEnd) {

    static final AloneTimes FAILED =
        new AloneTimes(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    boolean ok() {
      return !Double.isNaN(toEnd);
    }
  }

  record Figures(Cell cell, List<Times> runs, List<AloneTimes> aloneRuns, int smallestMemoryMib,
      String layers) {

    double median(java.util.function.ToDoubleFunction<Times> figure) {
      return BootBench.median(runs.stream().filter(Times::ok).map(figure::applyAsDouble));
    }

    double aloneMedian(java.util.function.ToDoubleFunction<AloneTimes> figure) {
      return BootBench.median(aloneRuns.stream().filter(AloneTimes::ok)
          .map(figure::applyAsDouble));
    }

    long failures() {
      return runs.stream().filter(times -> !times.ok()).count()
          + aloneRuns.stream().filter(times -> !times.ok()).count();
    }
  }

  static double median(Stream<Double> values) {
    List<Double> sorted = values.sorted().toList();
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
  }

  record KernelFacts(String requested, String name, long vmlinuxBytes, long loadedBytes,
      long moduleBytes, int moduleCount) {}

  record Settings(int runs, List<String> kernels, List<String> machines, List<String> workloads,
      boolean searchMemory) {

    static Settings parse(String[] args) {
      int runs = 5;
      List<String> kernels = List.of("minimal", "stock");
      List<String> machines = List.of("microvm", "q35");
      List<String> workloads = List.of("hello", "http", "python");
      boolean memory = true;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--runs" -> runs = Integer.parseInt(args[++i]);
          case "--kernels" -> kernels = List.of(args[++i].split(","));
          case "--machines" -> machines = List.of(args[++i].split(","));
          case "--workloads" -> workloads = List.of(args[++i].split(","));
          case "--no-memory" -> memory = false;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Settings(runs, kernels, machines, workloads, memory);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Path work = Files.createTempDirectory("ops-bench");
    Path home = work.resolve("home");
    List<Workload> workloads = workloads(work).stream()
        .filter(workload -> settings.workloads().contains(workload.key())).toList();
    Instant started = Instant.now();

    Map<Cell, String> builds = buildImages(workloads, settings, home, work);
    Map<Cell, Path> initramfs = new LinkedHashMap<>();
    for (Map.Entry<Cell, String> build : builds.entrySet()) {
      initramfs.put(build.getKey(), joinLayers(build.getValue(), home, work));
    }
    Measurements measured =
        measureInterleaved(builds.keySet(), settings.runs(), home, work, initramfs);
    List<Figures> table = new ArrayList<>();
    for (Cell cell : builds.keySet()) {
      int smallest = settings.searchMemory()
          ? smallestMemory(cell, home, work, minimumMemory(builds.get(cell)))
          : 0;
      table.add(new Figures(cell, measured.throughOps().get(cell), measured.alone().get(cell),
          smallest, layerSizes(builds.get(cell))));
    }

    List<KernelFacts> kernels = new ArrayList<>();
    for (String kernel : settings.kernels()) {
      kernels.add(kernelFacts(kernel, builds.entrySet().stream()
          .filter(entry -> entry.getKey().kernel().equals(kernel)).findFirst().orElseThrow()
          .getValue()));
    }
    print(settings, table, kernels, started, args);
  }

  static List<Workload> workloads(Path work) throws Exception {
    Path hello = compile("exit3.c", work, "-static");
    Path http = compile("http.c", work);
    Files.copy(PROGRAMS.resolve("imports.py"), work.resolve("imports.py"));
    Path config = work.resolve("python.json");
    Files.writeString(config, "{\"Program\": \"/usr/bin/python3\", \"Args\": [\"/imports.py\"],"
        + " \"Files\": [\"imports.py\"], \"Dirs\": [\"/usr/lib/python3.11\"]}");
    return List.of(
        new Workload("hello", "static hello (C)", List.of(hello.toString()), List.of(),
            "hello from", 3),
        new Workload("http", "HTTP server (C, dynamic)", List.of(http.toString(), "-a", "8080"),
            List.of("-p", HTTP_PORT + ":8080"), "listening", -1),
        new Workload("python", "Python script (json, ssl, sqlite3)",
            List.of("-c", config.toString()), List.of(), "\"sqlite\": 42", 0));
  }

  /** Builds every image once, first, so that the runs find them built (and the kernels there). */
  static Map<Cell, String> buildImages(List<Workload> workloads, Settings settings, Path home,
      Path work) throws Exception {
    Map<Cell, String> builds = new LinkedHashMap<>();
    for (Workload workload : workloads) {
      for (String machine : settings.machines()) {
        for (String kernel : settings.kernels()) {
          Cell cell = new Cell(workload, machine, kernel);
          builds.put(cell, ops(home, work, concat(List.of("build", "--json"),
              concat(workload.programArguments(), List.of("--kernel", kernel)))));
        }
      }
    }
    return builds;
  }

  record Measurements(Map<Cell, List<Times>> throughOps, Map<Cell, List<AloneTimes>> alone) {}

  /**
   * Every round boots every cell twice: through {@code ops run}, then QEMU alone with the command
   * line that run printed.
   */
  static Measurements measureInterleaved(java.util.Set<Cell> cells, int runs, Path home,
      Path work, Map<Cell, Path> initramfs) throws Exception {
    Map<Cell, List<Times>> times = new LinkedHashMap<>();
    Map<Cell, List<AloneTimes>> alone = new LinkedHashMap<>();
    cells.forEach(cell -> {
      times.put(cell, new ArrayList<>());
      alone.put(cell, new ArrayList<>());
    });
    for (int round = 1; round <= runs; round++) {
      System.err.printf("bench: round %d of %d, load %s%n", round, runs, loadAverage());
      // Every other round runs backwards, so that no kernel always boots right after the other.
      List<Cell> order = new ArrayList<>(cells);
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (Cell cell : order) {
        Times run = timeRun(cell, home, work, List.of("-v"));
        System.err.printf("bench:   %-8s %-8s %-7s first line %.2f s, end %.2f s,"
            + " QEMU CPU %.2f s, %.2f s%n", cell.workload().key(), cell.machine(), cell.kernel(),
            run.qemuToFirstLine(), run.qemuToEnd(), run.cpuToFirstLine(), run.cpuToEnd());
        times.get(cell).add(run);
        AloneTimes direct = run.qemuCommand().isEmpty() ? AloneTimes.FAILED
            : QemuAlone.time(cell.workload(), run.qemuCommand(), initramfs.get(cell), work);
        System.err.printf("bench:   %-8s %-8s %-7s QEMU alone: first line %.2f s, end %.2f s,"
            + " CPU %.2f s, %.2f s%n", cell.workload().key(), cell.machine(), cell.kernel(),
            direct.toFirstLine(), direct.toEnd(), direct.cpuToFirstLine(), direct.cpuToEnd());
        alone.get(cell).add(direct);
      }
    }
    return new Measurements(times, alone);
  }

  /**
   * One {@code ops run}: seconds from QEMU's start to the first output line and to the end
   * (ops' exit, or the first HTTP 200 for the server), and from starting ops to the end.
   */
  static Times timeRun(Cell cell, Path home, Path work, List<String> extra) throws Exception {
    Workload workload = cell.workload();
    List<String> command = command(home, concat(concat(List.of("run"),
        concat(workload.programArguments(), workload.ports())),
        concat(cell.launchArguments(), extra)));
    long start = System.nanoTime();
    Process ops = new ProcessBuilder(command).directory(work.toFile()).start();
    killAfterRunTimeout(ops);
    CompletableFuture<QemuStart> qemuStart = watchForQemuStart(ops.getErrorStream());
    QemuCpu cpu = QemuCpu.follow(ops);
    BufferedReader out = new BufferedReader(new InputStreamReader(ops.getInputStream(),
        StandardCharsets.UTF_8));
    String first = out.readLine();
    long firstLine = System.nanoTime();
    double cpuAtFirstLine = cpu.seconds();
    if (first == null) {
      ops.waitFor();
      return Times.FAILED;
    }
    if (workload.isServer()) {
      long answered = awaitHttp();
      double cpuAtAnswer = cpu.seconds();
      ops.toHandle().destroy();
      ops.waitFor();
      cpu.awaitQemuExit();
      return times(qemuStart, start, firstLine, answered, cpuAtFirstLine, cpuAtAnswer);
    }
    StringBuilder all = new StringBuilder(first).append('\n');
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      all.append(line).append('\n');
    }
    int status = ops.waitFor();
    long end = System.nanoTime();
    boolean ok = status == workload.status() && all.toString().contains(workload.expectedOutput());
    return ok ? times(qemuStart, start, firstLine, end, cpuAtFirstLine, cpu.seconds())
        : Times.FAILED;
  }

  static Times times(CompletableFuture<QemuStart> qemuStart, long opsStart, long firstLine,
      long end, double cpuToFirstLine, double cpuToEnd) throws Exception {
    if (end < 0) {
      return Times.FAILED;
    }
    // The start line comes before the first line, but its reader may lag behind a little.
    QemuStart qemu = qemuStart.completeOnTimeout(QemuStart.UNSEEN, 1, TimeUnit.SECONDS).get();
    double toFirst = qemu.nanos() < 0 ? Double.NaN : (firstLine - qemu.nanos()) / 1e9;
    double toEnd = qemu.nanos() < 0 ? Double.NaN : (end - qemu.nanos()) / 1e9;
    return new Times(toFirst, toEnd, (end - opsStart) / 1e9, cpuToFirstLine, cpuToEnd,
        qemu.command());
  }

  /** A guest starved of memory can hang instead of failing: such a run counts as a failure. */
  static void killAfterRunTimeout(Process process) {
    process.onExit().orTimeout(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionally(timeout -> {
      process.toHandle().destroy();
      return process;
    });
  }

  /** When ops said it starts QEMU, and the command line it printed, split into words. */
  record QemuStart(long nanos, List<String> command) {
    static final QemuStart UNSEEN = new QemuStart(-1, List.of());
  }

  /**
   * Follows the CPU time of the QEMU process ops starts (through its leash), sampling
   * /proc/PID/stat every few milliseconds; after QEMU is gone, the last sample stands.
   */
  static final class QemuCpu {

    static final double CLOCK_TICKS_PER_SECOND = 100;
    static final long SAMPLE_MS = 5;

    private final Process ops;
    private volatile long pid = -1;
    private volatile double last = Double.NaN;

    private QemuCpu(Process ops) {
      this.ops = ops;
    }

    static QemuCpu follow(Process ops) {
      QemuCpu cpu = new QemuCpu(ops);
      Thread sampler = new Thread(cpu::sample);
      sampler.setDaemon(true);
      sampler.start();
      return cpu;
    }

    /** Waits (up to 10 s) until the QEMU process is gone, so that its port is free again. */
    void awaitQemuExit() {
      if (pid >= 0) {
        ProcessHandle.of(pid).ifPresent(
            qemu -> qemu.onExit().completeOnTimeout(qemu, 10, TimeUnit.SECONDS).join());
      }
    }

    /** QEMU's CPU seconds now, or at the last sample if it has ended. */
    double seconds() {
      double now = pid < 0 ? Double.NaN : read(pid);
      return Double.isNaN(now) ? last : now;
    }

    private void sample() {
      while (ops.isAlive()) {
        if (pid < 0) {
          pid = ops.toHandle().descendants().filter(QemuCpu::bootsAKernel)
              .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        } else {
          double now = read(pid);
          if (!Double.isNaN(now)) {
            last = now;
          }
        }
        try {
          Thread.sleep(SAMPLE_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** ops also runs QEMU briefly to learn what it supports; those runs boot nothing. */
    private static boolean bootsAKernel(ProcessHandle process) {
      ProcessHandle.Info info = process.info();
      return info.command().orElse("").contains("qemu-system")
          && List.of(info.arguments().orElse(new String[0])).contains("-kernel");
    }

    /** utime + stime, the 14th and 15th fields; the name in parentheses may hold spaces. */
    static double read(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]))
            / CLOCK_TICKS_PER_SECOND;
      } catch (IOException | RuntimeException e) {
        return Double.NaN;
      }
    }
  }

  /** Reads ops' standard error to its end, noting when the QEMU command line goes by. */
  static CompletableFuture<QemuStart> watchForQemuStart(InputStream errors) {
    CompletableFuture<QemuStart> started = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(errors,
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith(QEMU_START_LINE)) {
            long now = System.nanoTime();
            started.complete(
                new QemuStart(now, shellWords(line.substring(QEMU_START_LINE.length()))));
          }
        }
      } catch (IOException e) {
        // ops is gone; whatever was seen stands.
      }
    });
    reader.setDaemon(true);
    reader.start();
    return started;
  }

  /**
   * Splits a command line as ops prints it (words with special characters single-quoted, a
   * quote inside written as {@code '\''}) back into its words.
   */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\'') {
          quoted = false;
        } else {
          word.append(c);
        }
      } else if (c == '\'') {
        quoted = true;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * The image's initramfs as ops hands it to QEMU: its layers, in order, each padded to four
   * bytes. ops deletes its own copy when the VM ends, so the bench makes one per image.
   */
  static Path joinLayers(String buildJson, Path home, Path work) throws IOException {
    Matcher digests = Pattern.compile("\"digest\" : \"sha256:([0-9a-f]{64})\",\\s*\"name\"")
        .matcher(buildJson);
    Path initramfs = Files.createTempFile(work, "initramfs", ".cpio");
    try (var out = Files.newOutputStream(initramfs)) {
      while (digests.find()) {
        byte[] layer = Files.readAllBytes(home.resolve("blobs/sha256").resolve(digests.group(1)));
        out.write(layer);
        out.write(new byte[(4 - layer.length % 4) % 4]);
      }
    }
    return initramfs;
  }

  /** Boots one image with QEMU started directly, with the command line ops printed for it. */
  static final class QemuAlone {

    static final String START_MARKER = "@@ops:program-start@@";
    static final String STATUS_SOCKET = "socket,id=status,path=";

    static AloneTimes time(Workload workload, List<String> opsCommand, Path initramfs, Path work)
        throws Exception {
      Path socket = work.resolve("alone-status.sock");
      Files.deleteIfExists(socket);
      List<String> command = retarget(opsCommand, initramfs, socket);
      long start = System.nanoTime();
      Process qemu = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      killAfterRunTimeout(qemu);
      try (var status = connectStatus(socket, qemu)) {
        BufferedReader console = new BufferedReader(new InputStreamReader(qemu.getInputStream(),
            StandardCharsets.UTF_8));
        if (!skipToProgramStart(console)) {
          qemu.destroyForcibly().waitFor();
          return AloneTimes.FAILED;
        }
        String first = console.readLine();
        long firstLine = System.nanoTime();
        double cpuAtFirstLine = QemuCpu.read(qemu.pid());
        if (first == null) {
          qemu.waitFor();
          return AloneTimes.FAILED;
        }
        if (workload.isServer()) {
          long answered = awaitHttp();
          double cpuAtAnswer = QemuCpu.read(qemu.pid());
          qemu.destroyForcibly().waitFor();
          return answered < 0 ? AloneTimes.FAILED : new AloneTimes((firstLine - start) / 1e9,
              (answered - start) / 1e9, cpuAtFirstLine, cpuAtAnswer);
        }
        StringBuilder all = new StringBuilder(first).append('\n');
        double cpuAtEnd = cpuAtFirstLine;
        for (String line = console.readLine(); line != null; line = console.readLine()) {
          all.append(line).append('\n');
          cpuAtEnd = Math.max(cpuAtEnd, QemuCpu.read(qemu.pid()));
        }
        int exit = qemu.waitFor();
        long end = System.nanoTime();
        // isa-debug-exit makes QEMU exit with (status << 1) | 1.
        boolean ok = exit == ((workload.status() << 1) | 1)
            && all.toString().contains(workload.expectedOutput());
        return ok ? new AloneTimes((firstLine - start) / 1e9, (end - start) / 1e9, cpuAtFirstLine,
            cpuAtEnd) : AloneTimes.FAILED;
      } finally {
        qemu.destroyForcibly();
      }
    }

    /** ops' command line with the bench's copy of the initramfs and its own status socket. */
    static List<String> retarget(List<String> opsCommand, Path initramfs, Path socket) {
      List<String> command = new ArrayList<>(opsCommand);
      for (int i = 0; i < command.size(); i++) {
        if (command.get(i).equals("-initrd")) {
          command.set(i + 1, initramfs.toString());
        } else if (command.get(i).startsWith(STATUS_SOCKET)) {
          String options = command.get(i).substring(command.get(i).indexOf(",server"));
          command.set(i, STATUS_SOCKET + socket + options);
        }
      }
      return command;
    }

    /** QEMU waits for the status channel's connection before it boots, as it does with ops. */
    static java.nio.channels.SocketChannel connectStatus(Path socket, Process qemu)
        throws Exception {
      for (int attempt = 0; attempt < 10_000 && qemu.isAlive(); attempt++) {
        if (Files.exists(socket)) {
          var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
          try {
            channel.connect(java.net.UnixDomainSocketAddress.of(socket));
            return channel;
          } catch (IOException e) {
            // Created a moment before QEMU listens on it.
            channel.close();
          }
        }
        Thread.sleep(1);
      }
      throw new IOException("QEMU did not open its status socket " + socket);
    }

    /** Kernel and init messages come before the marker; the program's lines after it. */
    static boolean skipToProgramStart(BufferedReader console) throws IOException {
      for (String line = console.readLine(); line != null; line = console.readLine()) {
        if (line.contains(START_MARKER)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The moment of the first HTTP 200, or -1 if none came. */
  static long awaitHttp() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/"))
        .timeout(Duration.ofSeconds(2)).build();
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return System.nanoTime();
        }
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    return -1;
  }

  /**
   * Binary search for the smallest -m (MiB) with which the workload still works, below the
   * image's own minimum, which ops guarantees to work.
   */
  static int smallestMemory(Cell cell, Path home, Path work, int imageMinimum) throws Exception {
    int low = 8;
    int high = imageMinimum;
    while (high - low > 2) {
      int middle = (low + high) / 2;
      Times run = timeRun(cell, home, work,
          List.of("-v", "--allow-low-memory", "-m", middle + "m"));
      boolean works = run.ok();
      System.err.printf("bench:   %-8s %-8s %-7s %d MiB %s%n", cell.workload().key(),
          cell.machine(), cell.kernel(), middle, works ? "works" : "fails");
      if (works) {
        high = middle;
      } else {
        low = middle;
      }
    }
    return high;
  }

  /** The kernel an image was built for, found in the kernel cache, and its files' sizes. */
  static KernelFacts kernelFacts(String requested, String buildJson) throws IOException {
    Matcher matcher = Pattern.compile("\"kernel\" : \"([^\"]+)\"").matcher(buildJson);
    String name = matcher.find() ? matcher.group(1) : requested;
    Path directory = KERNELS.resolve(name);
    Path vmlinux = directory.resolve("vmlinux");
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> modules = files.filter(file -> file.toString().endsWith(".ko")).toList();
      long moduleBytes = 0;
      for (Path module : modules) {
        moduleBytes += Files.size(module);
      }
      return new KernelFacts(requested, name, Files.size(vmlinux), loadedBytes(vmlinux),
          moduleBytes, modules.size());
    }
  }

  /** What QEMU copies into the guest: the file bytes of the ELF's PT_LOAD segments. */
  static long loadedBytes(Path elf) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
    long programHeaders = file.getLong(0x20);
    int entrySize = Short.toUnsignedInt(file.getShort(0x36));
    int entries = Short.toUnsignedInt(file.getShort(0x38));
    long loaded = 0;
    for (int i = 0; i < entries; i++) {
      int header = (int) (programHeaders + (long) i * entrySize);
      if (file.getInt(header) == PT_LOAD) {
        loaded += file.getLong(header + 0x20);
      }
    }
    return loaded;
  }

  static int minimumMemory(String buildJson) {
    Matcher matcher = Pattern.compile("\"minimumMemoryMib\" : (\\d+)").matcher(buildJson);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 1024;
  }

  static String layerSizes(String buildJson) {
    StringBuilder sizes = new StringBuilder();
    // The JSON keys are sorted: digest, name, size.
    Matcher matcher = Pattern.compile("\"digest\" : \"[^\"]+\",\\s*\"name\" : \"(\\w+)\","
        + "\\s*\"size\" : (\\d+)").matcher(buildJson);
    while (matcher.find()) {
      if (sizes.length() > 0) {
        sizes.append(", ");
      }
      sizes.append(matcher.group(1)).append(' ')
          .append(String.format("%.1f", Long.parseLong(matcher.group(2)) / 1048576.0));
    }
    return sizes + " MiB";
  }

  static String ops(Path home, Path work, List<String> arguments) throws Exception {
    Process ops = new ProcessBuilder(command(home, arguments)).directory(work.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(ops.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (ops.waitFor() != 0) {
      throw new IllegalStateException("ops " + arguments + " failed");
    }
    return output;
  }

  static List<String> command(Path home, List<String> arguments) {
    List<String> command = new ArrayList<>(List.of("env", "OPS_HOME=" + home,
        "OPS_KERNEL_CACHE=" + KERNELS,
        "java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    command.addAll(arguments);
    return command;
  }

  static Path compile(String source, Path work, String... flags) throws Exception {
    Path output = work.resolve(source.replace(".c", ""));
    List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-o", output.toString(),
        PROGRAMS.resolve(source).toString()));
    command.addAll(List.of(flags));
    if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("gcc failed for " + source);
    }
    return output;
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> result = new ArrayList<>(a);
    result.addAll(b);
    return result;
  }

  static String seconds(double value) {
    return Double.isNaN(value) ? "failed" : String.format("%.2f s", value);
  }

  static String ratio(double stock, double minimal) {
    return Double.isNaN(stock) || Double.isNaN(minimal) ? "n/a"
        : String.format("%.1fx", stock / minimal);
  }

  static double mebibytes(long bytes) {
    return bytes / 1048576.0;
  }

  static void print(Settings settings, List<Figures> table, List<KernelFacts> kernels,
      Instant started, String[] args) {
    System.out.printf("Command: `java bench/boot/BootBench.java %s`; started %s, %d cores,"
        + " load at the end %s. Medians of %d interleaved runs.%n%n", String.join(" ", args),
        started, Runtime.getRuntime().availableProcessors(), loadAverage(), settings.runs());
    printKernels(kernels);
    printTimes(table);
    printAloneTimes(table);
    printRatios(table, settings);
  }

  static void printKernels(List<KernelFacts> kernels) {
    System.out.println("| kernel | name | vmlinux file | loaded by QEMU | modules |");
    System.out.println("|---|---|---|---|---|");
    for (KernelFacts kernel : kernels) {
      System.out.printf("| %s | %s | %.1f MiB | %.1f MiB | %s |%n", kernel.requested(),
          kernel.name(), mebibytes(kernel.vmlinuxBytes()), mebibytes(kernel.loadedBytes()),
          kernel.moduleCount() == 0 ? "none (built in)"
              : String.format("%.2f MiB (%d loaded at boot)", mebibytes(kernel.moduleBytes()),
                  kernel.moduleCount()));
    }
    System.out.println();
  }

  static void printTimes(List<Figures> table) {
    System.out.println("| workload | machine | kernel | QEMU start → first line | QEMU start →"
        + " exit (server: first HTTP 200) | QEMU CPU → first line | QEMU CPU → exit |"
        + " `ops run` → exit | smallest memory | failed runs |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Figures f : table) {
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
          f.cell().workload().name(), f.cell().machine(), f.cell().kernel(),
          seconds(f.median(Times::qemuToFirstLine)), seconds(f.median(Times::qemuToEnd)),
          seconds(f.median(Times::cpuToFirstLine)), seconds(f.median(Times::cpuToEnd)),
          seconds(f.median(Times::opsToEnd)),
          f.smallestMemoryMib() == 0 ? "not measured" : f.smallestMemoryMib() + " MiB",
          f.failures());
    }
    System.out.println();
    System.out.println("Image layers: " + String.join("; ", table.stream()
        .map(f -> f.cell().workload().key() + " with " + f.cell().kernel() + ": " + f.layers())
        .distinct().toList()));
    System.out.println();
  }

  static void printAloneTimes(List<Figures> table) {
    System.out.println("QEMU alone: the same boots with QEMU started directly, with the command"
        + " line ops printed, in the same rounds.");
    System.out.println();
    System.out.println("| workload | machine | kernel | QEMU start → first line | QEMU start →"
        + " exit (server: first HTTP 200) | QEMU CPU → first line | QEMU CPU → exit |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Figures f : table) {
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", f.cell().workload().name(),
          f.cell().machine(), f.cell().kernel(), seconds(f.aloneMedian(AloneTimes::toFirstLine)),
          seconds(f.aloneMedian(AloneTimes::toEnd)),
          seconds(f.aloneMedian(AloneTimes::cpuToFirstLine)),
          seconds(f.aloneMedian(AloneTimes::cpuToEnd)));
    }
    System.out.println();
  }

  /**
   * The second kernel over the first (stock over minimal, by default), per workload and machine.
   */
  static void printRatios(List<Figures> table, Settings settings) {
    if (settings.kernels().size() != 2) {
      return;
    }
    String first = settings.kernels().get(0);
    String second = settings.kernels().get(1);
    System.out.printf("| workload | machine | %s / %s, to first line | to exit |"
        + " QEMU CPU to first line | QEMU alone, to first line | QEMU alone, CPU to first line |"
        + " smallest memory |%n", second, first);
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Figures base : table) {
      if (!base.cell().kernel().equals(first)) {
        continue;
      }
      Figures other = table.stream().filter(f -> f.cell().equals(new Cell(
          base.cell().workload(), base.cell().machine(), second))).findFirst().orElseThrow();
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s |%n",
          base.cell().workload().name(), base.cell().machine(),
          ratio(other.median(Times::qemuToFirstLine), base.median(Times::qemuToFirstLine)),
          ratio(other.median(Times::qemuToEnd), base.median(Times::qemuToEnd)),
          ratio(other.median(Times::cpuToFirstLine), base.median(Times::cpuToFirstLine)),
          ratio(other.aloneMedian(AloneTimes::toFirstLine),
              base.aloneMedian(AloneTimes::toFirstLine)),
          ratio(other.aloneMedian(AloneTimes::cpuToFirstLine),
              base.aloneMedian(AloneTimes::cpuToFirstLine)),
          base.smallestMemoryMib() == 0 ? "n/a"
              : ratio(other.smallestMemoryMib(), base.smallestMemoryMib()));
    }
  }
}
