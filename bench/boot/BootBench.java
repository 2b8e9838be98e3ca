import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boot benchmark: for a static hello, a dynamic HTTP server and a Python script, measures with
 * the real ops command line (JVM start included) the image build time, the time from starting
 * {@code ops run} to the program's first output line and to its exit (to the first HTTP 200 for
 * the server), the image's layer sizes, and the smallest guest memory that still runs it.
 * Prints a Markdown table of medians.
 *
 * <p>Run from the repository root after {@code mvn -DskipTests install}:
 * {@code java bench/boot/BootBench.java [--runs N] [--kernel NAME] [--machine microvm|q35]}
 */
public class BootBench {

  static final Path REPOSITORY = Path.of("").toAbsolutePath();
  static final Path JAR =
      Path.of(System.getProperty("ops.jar", REPOSITORY.resolve("cli/target/ops.jar").toString()));
  static final Path PROGRAMS = REPOSITORY.resolve("cli/src/test/resources/programs");
  static final int HTTP_PORT = 18_181;
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  record Workload(String name, List<String> runArguments, String expectedOutput, int status) {}

  record Figures(String workload, double buildSeconds, double firstLineSeconds,
      double exitSeconds, String layers, int smallestMemoryMib) {}

  public static void main(String[] args) throws Exception {
    int runs = 5;
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--runs")) {
        runs = Integer.parseInt(args[++i]);
      } else {
        extra.add(args[i]);
      }
    }
    Path work = Files.createTempDirectory("ops-bench");
    List<Workload> workloads = workloads(work);
    List<Figures> table = new ArrayList<>();
    for (Workload workload : workloads) {
      table.add(measure(workload, extra, runs, work));
    }
    print(table, runs, extra);
  }

  static List<Workload> workloads(Path work) throws Exception {
    Path hello = compile("exit3.c", work, "-static");
    Path http = compile("http.c", work);
    Files.copy(PROGRAMS.resolve("imports.py"), work.resolve("imports.py"));
    Path config = work.resolve("python.json");
    Files.writeString(config, "{\"Program\": \"/usr/bin/python3\", \"Args\": [\"/imports.py\"],"
        + " \"Files\": [\"imports.py\"], \"Dirs\": [\"/usr/lib/python3.11\"]}");
    return List.of(
        new Workload("static hello (C)", List.of(hello.toString()), "hello from", 3),
        new Workload("HTTP server (C, dynamic)",
            List.of(http.toString(), "-a", "8080", "-p", HTTP_PORT + ":8080"), "listening", -1),
        new Workload("Python script (json, ssl, sqlite3)", List.of("-c", config.toString()),
            "\"sqlite\": 42", 0));
  }

  static Figures measure(Workload workload, List<String> extra, int runs, Path work)
      throws Exception {
    Path home = work.resolve("home");
    List<Double> builds = new ArrayList<>();
    List<Double> firsts = new ArrayList<>();
    List<Double> exits = new ArrayList<>();
    String layers = "";
    String lastBuild = "";
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      String buildJson = ops(home, work, concat(List.of("build", "--json"),
          concat(workload.runArguments().stream().filter(a -> !a.startsWith("-p")
              && !a.equals(HTTP_PORT + ":8080")).toList(), kernelOnly(extra))));
      builds.add(seconds(start));
      layers = layerSizes(buildJson);
      lastBuild = buildJson;
      double[] times = timeRun(workload, home, work, extra, 0);
      firsts.add(times[0]);
      exits.add(times[1]);
    }
    int smallest = smallestMemory(workload, home, work, extra, minimumMemory(lastBuild));
    return new Figures(workload.name(), median(builds), median(firsts), median(exits), layers,
        smallest);
  }

  /** Seconds from starting ops to the first output line, and to the end (or first HTTP 200). */
  static double[] timeRun(Workload workload, Path home, Path work, List<String> extra,
      int memoryMib) throws Exception {
    List<String> command = command(home, concat(concat(List.of("run"), workload.runArguments()),
        concat(extra, memoryArguments(memoryMib))));
    long start = System.nanoTime();
    Process ops = new ProcessBuilder(command).directory(work.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    // A guest starved of memory can hang instead of failing: such a run counts as a failure.
    ops.onExit().orTimeout(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .exceptionally(timeout -> {
          ops.toHandle().destroy();
          return ops;
        });
    BufferedReader out = new BufferedReader(new InputStreamReader(ops.getInputStream(),
        StandardCharsets.UTF_8));
    String first = out.readLine();
    double firstLine = seconds(start);
    if (first == null) {
      ops.waitFor();
      return new double[] {Double.NaN, Double.NaN};
    }
    String all = first + "\n";
    if (workload.status() < 0) {
      double answered = awaitHttp(start);
      ops.toHandle().destroy();
      ops.waitFor();
      return new double[] {firstLine, answered};
    }
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      all += line + "\n";
    }
    int status = ops.waitFor();
    double end = seconds(start);
    boolean ok = status == workload.status() && all.contains(workload.expectedOutput());
    return ok ? new double[] {firstLine, end} : new double[] {Double.NaN, Double.NaN};
  }

  static double awaitHttp(long start) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/"))
        .timeout(Duration.ofSeconds(2)).build();
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return seconds(start);
        }
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    return Double.NaN;
  }

  /**
   * Binary search for the smallest -m (MiB) with which the workload still works, below the
   * image's own minimum, which ops guarantees to work.
   */
  static int smallestMemory(
      Workload workload, Path home, Path work, List<String> extra, int imageMinimum)
      throws Exception {
    int low = 8;
    int high = imageMinimum;
    while (high - low > 2) {
      int middle = (low + high) / 2;
      double[] times = timeRun(workload, home, work,
          concat(extra, List.of("--allow-low-memory")), middle);
      boolean works = !Double.isNaN(times[1]);
      if (works) {
        high = middle;
      } else {
        low = middle;
      }
    }
    return high;
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
        "OPS_KERNEL_CACHE=" + Path.of(System.getProperty("user.home"), ".ops", "kernels"),
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

  static List<String> kernelOnly(List<String> extra) {
    int index = extra.indexOf("--kernel");
    return index < 0 ? List.of() : extra.subList(index, index + 2);
  }

  static List<String> memoryArguments(int memoryMib) {
    return memoryMib == 0 ? List.of() : List.of("-m", memoryMib + "m");
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> result = new ArrayList<>(a);
    result.addAll(b);
    return result;
  }

  static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static void print(List<Figures> table, int runs, List<String> extra) {
    System.out.println("Medians of " + runs + " runs, `ops` options: "
        + (extra.isEmpty() ? "(defaults)" : String.join(" ", extra)) + "\n");
    System.out.println("| workload | build | run → first line | run → exit (server: first"
        + " HTTP 200) | layers | smallest memory |");
    System.out.println("|---|---|---|---|---|---|");
    for (Figures f : table) {
      System.out.printf("| %s | %.2f s | %.2f s | %.2f s | %s | %d MiB |%n", f.workload(),
          f.buildSeconds(), f.firstLineSeconds(), f.exitSeconds(), f.layers(),
          f.smallestMemoryMib());
    }
  }
}
