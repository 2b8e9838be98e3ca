package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's search rules, on a Debian-like sysroot of synthetic ELF files where every directory
 * and link is under the test's control.
 */
class DependencyResolverSysrootTest {
  private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";
  private static final String MULTIARCH = "/usr/lib/x86_64-linux-gnu";

  @TempDir Path sysroot;

  @BeforeEach
  void layOutDebianSysroot() throws IOException {
    link("/lib64", "usr/lib64");
    link("/lib", "usr/lib");
    link("/bin", "usr/bin");
    link("/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    write(MULTIARCH + "/ld-linux-x86-64.so.2", SyntheticElf.library("ld-linux-x86-64.so.2"));
    write(
        MULTIARCH + "/libc.so.6", SyntheticElf.library("libc.so.6").needs("ld-linux-x86-64.so.2"));
  }

  @Test
  void resolvesLoaderAndLibcThroughSysrootLinks() throws IOException {
    write("/usr/bin/app", program().needs("libc.so.6"));

    DependencyClosure closure = resolver().resolve("/bin/app");

    assertThat(closure.fileGuestPaths())
        .containsExactly(
            "/usr/bin/app", MULTIARCH + "/ld-linux-x86-64.so.2", MULTIARCH + "/libc.so.6");
    assertThat(closure.symbolicLinks())
        .containsExactly(
            new SymbolicLink("/bin", "usr/bin"),
            new SymbolicLink("/lib", "usr/lib"),
            new SymbolicLink("/lib64", "usr/lib64"),
            new SymbolicLink(
                "/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    assertThat(closure.files()).allSatisfy(file -> assertThat(file.hostPath()).startsWith(sysroot));
  }

  @Test
  void followsAbsoluteLinksInsideSysrootNotOnHost() throws IOException {
    Files.delete(host("/usr/lib64/ld-linux-x86-64.so.2"));
    link("/usr/lib64/ld-linux-x86-64.so.2", MULTIARCH + "/ld-linux-x86-64.so.2");
    write("/usr/bin/app", program().needs("libc.so.6"));

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.files())
        .filteredOn(file -> file.guestPath().endsWith("ld-linux-x86-64.so.2"))
        .singleElement()
        .satisfies(file -> assertThat(file.hostPath()).isEqualTo(host(file.guestPath())));
  }

  @Test
  void closureIsSortedAndRepeatable() throws IOException {
    write(MULTIARCH + "/libz.so.1", SyntheticElf.library("libz.so.1").needs("libc.so.6"));
    write(MULTIARCH + "/libm.so.6", SyntheticElf.library("libm.so.6").needs("libc.so.6"));
    write("/usr/bin/app", program().needs("libz.so.1", "libm.so.6", "libc.so.6"));

    DependencyClosure first = resolver().resolve("/usr/bin/app");
    DependencyClosure second = resolver().resolve("/usr/bin/app");

    assertThat(first).isEqualTo(second);
    assertThat(first.fileGuestPaths()).isSorted();
    assertThat(first.symbolicLinks()).extracting(SymbolicLink::guestPath).isSorted();
  }

  @Test
  void rpathOfProgramAppliesToIndirectNeeds() throws IOException {
    write("/opt/app/lib/liba.so", SyntheticElf.library("liba.so").needs("libb.so"));
    write("/opt/app/lib/libb.so", SyntheticElf.library("libb.so").needs("libc.so.6"));
    write("/opt/app/bin/app", program().needs("liba.so", "libc.so.6").rpath("$ORIGIN/../lib"));

    DependencyClosure closure = resolver().resolve("/opt/app/bin/app");

    assertThat(closure.fileGuestPaths()).contains("/opt/app/lib/liba.so", "/opt/app/lib/libb.so");
  }

  @Test
  void runpathAppliesOnlyToDirectNeeds() throws IOException {
    write("/opt/app/lib/liba.so", SyntheticElf.library("liba.so").needs("libb.so"));
    write("/opt/app/lib/libb.so", SyntheticElf.library("libb.so"));
    write("/opt/app/bin/app", program().needs("liba.so").runpath("/opt/app/lib"));

    assertThatThrownBy(() -> resolver().resolve("/opt/app/bin/app"))
        .isInstanceOfSatisfying(
            MissingLibrariesException.class,
            e ->
                assertThat(e.missing())
                    .singleElement()
                    .satisfies(
                        missing -> {
                          assertThat(missing.name()).isEqualTo("libb.so");
                          assertThat(missing.neededBy()).isEqualTo("/opt/app/lib/liba.so");
                          assertThat(missing.searchedDirectories()).doesNotContain("/opt/app/lib");
                        }));
  }

  @Test
  void ignoresRpathWhenRunpathIsPresent() throws IOException {
    write("/opt/old/libx.so", SyntheticElf.library("libx.so"));
    write("/usr/bin/app", program().needs("libx.so").rpath("/opt/old").runpath("/opt/new"));

    assertThatThrownBy(() -> resolver().resolve("/usr/bin/app"))
        .isInstanceOfSatisfying(
            MissingLibrariesException.class,
            e ->
                assertThat(e.missing().get(0).searchedDirectories())
                    .startsWith("/opt/new")
                    .doesNotContain("/opt/old"));
  }

  @Test
  void searchesRpathThenLibraryPathThenRunpath() throws IOException {
    write("/opt/rpath/libr.so", SyntheticElf.library("libr.so"));
    write("/opt/path/libr.so", SyntheticElf.library("libr.so"));
    write("/opt/path/libp.so", SyntheticElf.library("libp.so"));
    write("/opt/runpath/libp.so", SyntheticElf.library("libp.so"));
    write("/opt/bin/app", program().needs("libr.so").rpath("/opt/rpath"));
    write(
        "/opt/lib/libwrap.so",
        SyntheticElf.library("libwrap.so").needs("libp.so").runpath("/opt/runpath"));
    write("/opt/bin/app2", program().needs("libwrap.so").runpath("/opt/lib"));
    DependencyResolver resolver = resolver().withLibraryPath(List.of("/opt/path"));

    assertThat(resolver.resolve("/opt/bin/app").fileGuestPaths())
        .as("DT_RPATH comes before the library path")
        .contains("/opt/rpath/libr.so")
        .doesNotContain("/opt/path/libr.so");
    DependencyClosure second = resolver.resolve("/opt/bin/app2");
    assertThat(second.fileGuestPaths())
        .as("the library path comes before DT_RUNPATH")
        .contains("/opt/path/libp.so")
        .doesNotContain("/opt/runpath/libp.so");
    assertThat(second.runtimeLibraryPath()).containsExactly("/opt/path");
  }

  @Test
  void readsLdSoConfAndItsIncludes() throws IOException {
    writeText(
        "/etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\ninclude extra.conf\n");
    writeText("/etc/ld.so.conf.d/b-vendor.conf", "/opt/vendor/lib/  # trailing slash\n");
    writeText("/etc/ld.so.conf.d/a-local.conf", "/usr/local/lib\n");
    writeText("/etc/ld.so.conf.d/.hidden.conf", "/opt/hidden\n");
    writeText("/etc/extra.conf", "/opt/extra\ninclude ld.so.conf\n");
    write("/opt/vendor/lib/libv.so.1", SyntheticElf.library("libv.so.1"));
    write("/opt/hidden/libh.so.1", SyntheticElf.library("libh.so.1"));
    write("/usr/bin/app", program().needs("libv.so.1", "libh.so.1"));

    assertThatThrownBy(() -> resolver().resolve("/usr/bin/app"))
        .isInstanceOfSatisfying(
            MissingLibrariesException.class,
            e -> {
              assertThat(e.missing()).extracting(MissingLibrary::name).containsExactly("libh.so.1");
              assertThat(e.missing().get(0).searchedDirectories())
                  .startsWith(
                      "/usr/local/lib", "/opt/vendor/lib", "/opt/extra", "/lib/x86_64-linux-gnu")
                  .doesNotContain("/opt/hidden");
            });
  }

  @Test
  void reportsConfiguredDirectoriesForRuntimeLibraryPath() throws IOException {
    writeText("/etc/ld.so.conf", "/opt/vendor/lib\n" + MULTIARCH + "\n");
    write("/opt/vendor/lib/libv.so.1", SyntheticElf.library("libv.so.1"));
    write("/usr/bin/app", program().needs("libv.so.1", "libc.so.6"));

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.runtimeLibraryPath())
        .as("the loader knows its default directories without being told")
        .containsExactly("/opt/vendor/lib");
  }

  @Test
  void expandsOriginOfProgramFromItsRealPath() throws IOException {
    write("/opt/app/bin/app", program().needs("libapp.so").rpath("${ORIGIN}/../lib"));
    write("/opt/app/lib/libapp.so", SyntheticElf.library("libapp.so"));
    link("/usr/bin/app", "/opt/app/bin/app");

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.fileGuestPaths()).contains("/opt/app/bin/app", "/opt/app/lib/libapp.so");
    assertThat(closure.symbolicLinks())
        .contains(new SymbolicLink("/usr/bin/app", "/opt/app/bin/app"));
  }

  @Test
  void expandsOriginOfLibraryFromPathItWasOpenedBy() throws IOException {
    write(
        "/opt/vendor/libplugin.so",
        SyntheticElf.library("libplugin.so").needs("libdep.so").runpath("$ORIGIN/deps"));
    link("/opt/app/lib/libplugin.so", "/opt/vendor/libplugin.so");
    write("/opt/app/lib/deps/libdep.so", SyntheticElf.library("libdep.so"));
    write("/opt/app/bin/app", program().needs("libplugin.so").runpath("/opt/app/lib"));

    DependencyClosure closure = resolver().resolve("/opt/app/bin/app");

    assertThat(closure.fileGuestPaths())
        .contains("/opt/vendor/libplugin.so", "/opt/app/lib/deps/libdep.so");
  }

  @Test
  void expandsLibAndPlatformTokens() throws IOException {
    write("/opt/lib64/x86_64/libfast.so", SyntheticElf.library("libfast.so"));
    write("/opt/lib/x86_64-linux-gnu/libdeb.so", SyntheticElf.library("libdeb.so"));
    write(
        "/usr/bin/app",
        program().needs("libfast.so", "libdeb.so").rpath("/opt/$LIB/$PLATFORM:/opt/${LIB}"));

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.fileGuestPaths())
        .contains("/opt/lib64/x86_64/libfast.so", "/opt/lib/x86_64-linux-gnu/libdeb.so");
  }

  @Test
  void passesOverLibraryForAnotherArchitecture() throws IOException {
    write("/opt/i386/libx.so.1", SyntheticElf.library("libx.so.1").thirtyTwoBit().machine(3));
    write(MULTIARCH + "/libx.so.1", SyntheticElf.library("libx.so.1"));
    write("/usr/bin/app", program().needs("libx.so.1").rpath("/opt/i386"));

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.fileGuestPaths())
        .contains(MULTIARCH + "/libx.so.1")
        .doesNotContain("/opt/i386/libx.so.1");
  }

  @Test
  void stopsAtCandidateThatIsNotElfLikeGlibc() throws IOException {
    writeText("/opt/broken/liby.so.1", "INPUT(liby.so.1.2)\n");
    write(MULTIARCH + "/liby.so.1", SyntheticElf.library("liby.so.1"));
    write("/usr/bin/app", program().needs("liby.so.1").rpath("/opt/broken"));

    assertThatThrownBy(() -> resolver().resolve("/usr/bin/app"))
        .isInstanceOf(MissingLibrariesException.class)
        .hasMessageContaining("the loader would stop at /opt/broken/liby.so.1")
        .hasMessageContaining("looks like a text file");
  }

  @Test
  void includesLibraryReachedByTwoNamesOnce() throws IOException {
    write(MULTIARCH + "/libfoo.so.1.2.3", SyntheticElf.library("libfoo.so.1"));
    link(MULTIARCH + "/libfoo.so.1", "libfoo.so.1.2.3");
    link(MULTIARCH + "/libfoo.so", "libfoo.so.1");
    write("/opt/lib/libold.so", SyntheticElf.library("libold.so").needs("libfoo.so"));
    write("/usr/bin/app", program().needs("libfoo.so.1", "libold.so").rpath("/opt/lib"));

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.fileGuestPaths()).containsOnlyOnce(MULTIARCH + "/libfoo.so.1.2.3");
    assertThat(closure.symbolicLinks())
        .extracting(SymbolicLink::guestPath)
        .contains(MULTIARCH + "/libfoo.so.1", MULTIARCH + "/libfoo.so");
  }

  @Test
  void terminatesWhenLibrariesNeedEachOther() throws IOException {
    write(MULTIARCH + "/liba.so", SyntheticElf.library("liba.so").needs("libb.so"));
    write(MULTIARCH + "/libb.so", SyntheticElf.library("libb.so").needs("liba.so"));
    write("/usr/bin/app", program().needs("liba.so"));

    DependencyClosure closure = resolver().resolve("/usr/bin/app");

    assertThat(closure.fileGuestPaths()).contains(MULTIARCH + "/liba.so", MULTIARCH + "/libb.so");
  }

  @Test
  void passesOverSymlinkLoopAndSaysSo() throws IOException {
    link(MULTIARCH + "/libloop.so.1", "libloop.so.1");
    write("/usr/bin/app", program().needs("libloop.so.1"));

    assertThatThrownBy(() -> resolver().resolve("/usr/bin/app"))
        .isInstanceOf(MissingLibrariesException.class)
        .hasMessageContaining("libloop.so.1, needed by /usr/bin/app")
        .hasMessageContaining("perhaps some links form a loop");
  }

  @Test
  void reportsMissingInterpreter() throws IOException {
    write("/usr/bin/app", SyntheticElf.program("/lib/ld-musl-x86_64.so.1"));

    assertThatThrownBy(() -> resolver().resolve("/usr/bin/app"))
        .isInstanceOfSatisfying(
            MissingLibrariesException.class,
            e ->
                assertThat(e.missing())
                    .extracting(MissingLibrary::name)
                    .containsExactly("/lib/ld-musl-x86_64.so.1"));
  }

  @Test
  void scansDirectoryAndSkipsFilesThatAreNotLibraries() throws IOException {
    String dynload = "/usr/lib/python3.11/lib-dynload";
    write(dynload + "/_ctypes.so", SyntheticElf.library("_ctypes.so").needs("libffi.so.8"));
    write(dynload + "/sub/_deep.so", SyntheticElf.library("_deep.so").needs("libz.so.1"));
    write(dynload + "/_arm.so", SyntheticElf.library("_arm.so").machine(183).needs("libnope.so"));
    writeText(dynload + "/README.txt", "hello");
    write(MULTIARCH + "/libffi.so.8", SyntheticElf.library("libffi.so.8"));
    write(MULTIARCH + "/libz.so.1", SyntheticElf.library("libz.so.1"));
    write("/usr/bin/python3.11", program().needs("libc.so.6"));

    DependencyClosure closure = resolver().resolve("/usr/bin/python3.11", List.of(dynload));

    assertThat(closure.fileGuestPaths())
        .contains(
            dynload + "/_ctypes.so",
            dynload + "/sub/_deep.so",
            MULTIARCH + "/libffi.so.8",
            MULTIARCH + "/libz.so.1")
        .doesNotContain(dynload + "/README.txt", dynload + "/_arm.so");
  }

  @Test
  void staticProgramNeedsNothing() throws IOException {
    write("/usr/bin/busybox", SyntheticElf.staticProgram());

    DependencyClosure closure = resolver().resolve("/bin/busybox");

    assertThat(closure.fileGuestPaths()).containsExactly("/usr/bin/busybox");
    assertThat(closure.symbolicLinks()).containsExactly(new SymbolicLink("/bin", "usr/bin"));
  }

  @Test
  void failsClearlyForMissingProgramOrDirectory() throws IOException {
    write("/usr/bin/app", program().needs("libc.so.6"));

    assertThatThrownBy(() -> resolver().resolve("/usr/bin/absent"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("not found inside sysroot " + sysroot);
    assertThatThrownBy(() -> resolver().resolve("/usr/bin/app", List.of("/opt/plugins")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("/opt/plugins");
  }

  @AfterEach
  void deleteLinksBeforeJUnitCleansUp() throws IOException {
    TestLinks.deleteAll(sysroot);
  }

  private DependencyResolver resolver() {
    return DependencyResolver.forSysroot(sysroot);
  }

  private static SyntheticElf program() {
    return SyntheticElf.program(LOADER);
  }

  private Path host(String guestPath) {
    return sysroot.resolve(guestPath.substring(1));
  }

  private void write(String guestPath, SyntheticElf elf) throws IOException {
    elf.writeTo(host(guestPath));
  }

  private void writeText(String guestPath, String text) throws IOException {
    Files.createDirectories(host(guestPath).getParent());
    Files.writeString(host(guestPath), text);
  }

  private void link(String guestPath, String target) throws IOException {
    Files.createDirectories(host(guestPath).getParent());
    Files.createSymbolicLink(host(guestPath), Path.of(target));
  }
}
