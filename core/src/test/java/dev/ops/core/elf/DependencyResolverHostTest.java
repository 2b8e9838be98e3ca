package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The resolver against this machine's real programs and freshly compiled ones. */
class DependencyResolverHostTest {
  private static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hi\"); }\n";
  private static final String CALLS_GREET =
      "int greet(void);\nint main(void) { return greet(); }\n";
  private static final Pattern LDD_PATH = Pattern.compile("(?:=> )?(/\\S+) \\(0x");

  @TempDir static Path work;

  @BeforeAll
  static void requireGcc() {
    Gcc.assumeAvailable();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/bin/ls",
        "/bin/sh",
        "/usr/bin/python3",
        "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
      })
  void findsSameFilesAsLdd(String program) throws Exception {
    assumeTrue(Files.isRegularFile(Path.of(program)), program + " is not installed");

    DependencyClosure closure = DependencyResolver.forHost().resolve(program);

    Set<String> expected = realPathsFromLdd(program);
    expected.add(Path.of(program).toRealPath().toString());
    assertThat(closure.fileGuestPaths()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void recordsLinksExactlyAsTheyAreOnThisMachine() throws Exception {
    assumeTrue(Files.isSymbolicLink(Path.of("/lib64")), "/lib64 is not a link here");

    DependencyClosure closure = DependencyResolver.forHost().resolve("/bin/ls");

    assertThat(closure.symbolicLinks()).extracting(SymbolicLink::guestPath).contains("/lib64");
    for (SymbolicLink link : closure.symbolicLinks()) {
      assertThat(link.target())
          .as("target of %s", link.guestPath())
          .isEqualTo(Files.readSymbolicLink(Path.of(link.guestPath())).toString());
    }
    for (ClosureFile file : closure.files()) {
      assertThat(file.hostPath().toRealPath().toString())
          .as("files are listed at their real paths")
          .isEqualTo(file.guestPath());
    }
    assertThat(closure.fileGuestPaths())
        .contains(Path.of("/lib64/ld-linux-x86-64.so.2").toRealPath().toString())
        .isSorted();
  }

  @Test
  void staticProgramNeedsOnlyItself() throws Exception {
    Path program = Gcc.compile(work.resolve("static/hello"), HELLO, "-static");

    DependencyClosure closure = DependencyResolver.forHost().resolve(program.toString());

    assertThat(closure.fileGuestPaths()).containsExactly(program.toRealPath().toString());
  }

  @Test
  void findsLibraryThroughOriginRunpath() throws Exception {
    Path app = work.resolve("origin-app");
    Path library = compileGreetLibrary(app.resolve("lib"), "libgreet.so");
    Path program =
        Gcc.compile(
            app.resolve("bin/greeter"),
            CALLS_GREET,
            "-Wl,-rpath,$ORIGIN/../lib",
            "-L" + library.getParent(),
            "-lgreet");

    DependencyClosure closure = DependencyResolver.forHost().resolve(program.toString());

    assertThat(closure.fileGuestPaths())
        .contains(library.toRealPath().toString(), program.toRealPath().toString());
    assertThat(closure.runtimeLibraryPath())
        .as("the program's own RUNPATH needs no help in the image")
        .isEmpty();
  }

  @Test
  void reportsEveryMissingLibraryWithWhereItLooked() throws Exception {
    Path app = work.resolve("missing-app");
    Path libraries = app.resolve("lib");
    compileGreetLibrary(libraries, "libabsent.so");
    Gcc.compile(libraries.resolve("libgone.so"), "int gone(void) { return 0; }\n", "-shared");
    Path program =
        Gcc.compile(
            app.resolve("bin/needy"),
            CALLS_GREET,
            "-Wl,--no-as-needed",
            "-L" + libraries,
            "-labsent",
            "-lgone");
    Files.delete(libraries.resolve("libabsent.so"));
    Files.delete(libraries.resolve("libgone.so"));

    assertThatThrownBy(() -> DependencyResolver.forHost().resolve(program.toString()))
        .isInstanceOfSatisfying(
            MissingLibrariesException.class,
            e -> {
              assertThat(e.missing())
                  .extracting(MissingLibrary::name)
                  .containsExactly("libabsent.so", "libgone.so");
              assertThat(e.missing().get(0).neededBy()).isEqualTo(program.toString());
              assertThat(e.missing().get(0).searchedDirectories())
                  .contains("/lib/x86_64-linux-gnu", "/usr/lib");
              assertThat(e.getMessage())
                  .contains("cannot find 2 libraries that " + program)
                  .contains("libgone.so, needed by " + program + "; looked in ")
                  .contains("install the package that provides it")
                  .contains("Dirs/--lib-path");
            });
  }

  @Test
  void terminatesOnLibrariesThatNeedEachOther() throws Exception {
    Path libraries = work.resolve("loop");
    Gcc.compile(libraries.resolve("liba.so"), "int a(void) { return 1; }\n", "-shared");
    Gcc.compile(
        libraries.resolve("libb.so"),
        "int a(void);\nint b(void) { return a(); }\n",
        "-shared",
        "-L" + libraries,
        "-la");
    Gcc.compile(
        libraries.resolve("liba.so"),
        "int b(void);\nint a(void) { return b(); }\n",
        "-shared",
        "-Wl,--no-as-needed",
        "-L" + libraries,
        "-lb");
    Path program =
        Gcc.compile(
            libraries.resolve("program"),
            "int a(void);\nint main(void) { return a(); }\n",
            "-Wl,--disable-new-dtags,-rpath," + libraries,
            "-L" + libraries,
            "-la");

    DependencyClosure closure = DependencyResolver.forHost().resolve(program.toString());

    assertThat(closure.fileGuestPaths())
        .contains(libraries.resolve("liba.so").toString(), libraries.resolve("libb.so").toString());
  }

  @Test
  void scansDirectoryForModulesLoadedAtRunTime() throws Exception {
    Path app = work.resolve("plugin-app");
    Path library = compileGreetLibrary(app.resolve("lib"), "libgreet.so");
    Path plugins = app.resolve("plugins");
    Path plugin =
        Gcc.compile(
            plugins.resolve("greeting.so"),
            "int greet(void);\nint plugin(void) { return greet(); }\n",
            "-shared",
            "-Wl,-rpath,$ORIGIN/../lib",
            "-L" + library.getParent(),
            "-lgreet");
    Files.writeString(plugins.resolve("README"), "not a program\n");
    Files.writeString(plugins.resolve("start.sh"), "#!/bin/sh\nexit 0\n");
    Path program = Gcc.compile(app.resolve("bin/host"), HELLO);

    DependencyClosure closure =
        DependencyResolver.forHost().resolve(program.toString(), List.of(plugins.toString()));

    assertThat(closure.fileGuestPaths())
        .contains(plugin.toString(), library.toString())
        .doesNotContain(
            plugins.resolve("README").toString(), plugins.resolve("greeting.so.c").toString());
  }

  @Test
  void scansPythonExtensionModulesWhenPresent() throws Exception {
    Path dynload = Path.of("/usr/lib/python3.11/lib-dynload");
    assumeTrue(Files.isDirectory(dynload) && Files.exists(Path.of("/usr/bin/python3.11")));

    DependencyClosure closure =
        DependencyResolver.forHost().resolve("/usr/bin/python3.11", List.of(dynload.toString()));

    assertThat(closure.fileGuestPaths())
        .anySatisfy(path -> assertThat(path).startsWith("/usr/lib/python3.11/lib-dynload/"))
        .anySatisfy(path -> assertThat(path).contains("libc.so.6"));
  }

  @Test
  void rejectsScriptAsProgram() throws Exception {
    Path script = work.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");

    assertThatThrownBy(() -> DependencyResolver.forHost().resolve(script.toString()))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessageContaining("run its interpreter as the program instead");
  }

  private static Path compileGreetLibrary(Path directory, String fileName)
      throws IOException, InterruptedException {
    return Gcc.compile(
        directory.resolve(fileName), "int greet(void) { return 0; }\n", "-shared", "-fPIC");
  }

  /** The real paths of the files ldd lists; ldd runs the loader, which is fine in a test. */
  private static Set<String> realPathsFromLdd(String program)
      throws IOException, InterruptedException {
    String output = Gcc.run(List.of("ldd", program), work);
    List<String> paths = new ArrayList<>();
    Matcher matcher = LDD_PATH.matcher(output);
    while (matcher.find()) {
      paths.add(Path.of(matcher.group(1)).toRealPath().toString());
    }
    return new TreeSet<>(paths);
  }
}
