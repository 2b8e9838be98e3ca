package dev.ops.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.MachineType;
import dev.ops.core.qemu.PortForward;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsMergerTest {

  private static final Path WORK = Path.of("/work/project");

  private static OpsConfig file(
      String program,
      List<String> args,
      Map<String, String> env,
      int memory,
      int cpus,
      List<String> ports) {
    return new OpsConfig(
        program,
        args,
        env,
        List.of("conf.toml"),
        List.of("static"),
        Map.of("assets", "/srv"),
        List.of("9.9.9.9"),
        memory,
        cpus,
        ports);
  }

  private static OpsConfig fileWithProgram() {
    return file("from-file", List.of("--file-arg"), Map.of(), 0, 0, null);
  }

  private static CommandLineSettings flags(
      String program, List<String> args, Map<String, String> env) {
    return new CommandLineSettings(program, args, env, null, 0, 0, List.of("/opt/lib"), null);
  }

  private static CommandLineSettings runFlags(List<String> ports, int memory, int cpus) {
    return new CommandLineSettings(null, null, null, ports, memory, cpus, null, null);
  }

  private static LaunchOptions launch(OpsConfig file, CommandLineSettings flags) {
    return SettingsMerger.launchOptions(file, flags, LaunchOptions.defaults());
  }

  @Test
  void takesProgramAndArgumentsFromTheFileWhenNoFlagGivesThem() {
    ImageSpec spec = SettingsMerger.imageSpec(fileWithProgram(), flags(null, null, null), WORK);

    assertThat(spec.program()).isEqualTo(WORK.resolve("from-file"));
    assertThat(spec.args()).containsExactly("--file-arg");
  }

  @Test
  void letsFlagsOverrideTheFilesProgramAndArguments() {
    ImageSpec spec =
        SettingsMerger.imageSpec(
            fileWithProgram(), flags("/usr/bin/flagged", List.of("--flag-arg"), null), WORK);

    assertThat(spec.program()).isEqualTo(Path.of("/usr/bin/flagged"));
    assertThat(spec.args()).containsExactly("--flag-arg");
  }

  @Test
  void keepsTheFilesArgumentsWhenTheFlagsGiveNone() {
    ImageSpec spec =
        SettingsMerger.imageSpec(fileWithProgram(), flags("other", List.of(), null), WORK);

    assertThat(spec.args()).containsExactly("--file-arg");
  }

  @Test
  void takesFilesDirsAndNameServersFromTheFileAndLibraryPathsFromFlags() {
    ImageSpec spec = SettingsMerger.imageSpec(fileWithProgram(), flags(null, null, null), WORK);

    assertThat(spec.files()).containsExactly("conf.toml");
    assertThat(spec.dirs()).containsExactly("static");
    assertThat(spec.mapDirs()).containsExactly(Map.entry("assets", "/srv"));
    assertThat(spec.nameServers()).containsExactly("9.9.9.9");
    assertThat(spec.libraryPaths()).containsExactly("/opt/lib");
    assertThat(spec.workingDirectory()).isEqualTo(WORK);
  }

  @Test
  void mergesTheEnvironmentKeyByKeyWithTheFlagWinning() {
    Map<String, String> fromFile = new LinkedHashMap<>();
    fromFile.put("MODE", "dev");
    fromFile.put("LOG", "info");
    OpsConfig config = file("app", null, fromFile, 0, 0, null);

    ImageSpec spec =
        SettingsMerger.imageSpec(
            config, flags(null, null, Map.of("MODE", "prod", "EXTRA", "1")), WORK);

    assertThat(spec.env())
        .containsExactly(
            Map.entry("MODE", "prod"), Map.entry("LOG", "info"), Map.entry("EXTRA", "1"));
  }

  @Test
  void copesWithAnEmptyFile() {
    ImageSpec spec =
        SettingsMerger.imageSpec(
            OpsConfig.empty(),
            new CommandLineSettings("app", null, null, null, 0, 0, null, "minimal"),
            WORK);

    assertThat(spec.args()).isEmpty();
    assertThat(spec.env()).isEmpty();
    assertThat(spec.files()).isEmpty();
    assertThat(spec.kernel()).isEqualTo("minimal");
  }

  @Test
  void failsWhenNeitherFileNorFlagsNameAProgram() {
    assertThatThrownBy(
            () -> SettingsMerger.imageSpec(OpsConfig.empty(), flags(null, null, null), WORK))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("no program");
  }

  @Test
  void takesPortsFromTheFileWhenNoFlagGivesThem() {
    OpsConfig config = file("app", null, null, 0, 0, List.of("8080", "2222:22"));

    assertThat(launch(config, runFlags(null, 0, 0)).ports())
        .containsExactly(
            new PortForward("127.0.0.1", 8080, 8080), new PortForward("127.0.0.1", 2222, 22));
    assertThat(launch(config, runFlags(List.of(), 0, 0)).ports()).hasSize(2);
  }

  @Test
  void letsPortFlagsReplaceTheFilesPorts() {
    OpsConfig config = file("app", null, null, 0, 0, List.of("8080", "2222:22"));

    assertThat(launch(config, runFlags(List.of("9000:90"), 0, 0)).ports())
        .containsExactly(new PortForward("127.0.0.1", 9000, 90));
  }

  @Test
  void letsMemoryAndCpuFlagsOverrideTheFile() {
    OpsConfig config = file("app", null, null, 512, 4, null);

    LaunchOptions fromFile = launch(config, runFlags(null, 0, 0));
    LaunchOptions fromFlags = launch(config, runFlags(null, 1024, 2));

    assertThat(fromFile.memoryMib()).isEqualTo(512);
    assertThat(fromFile.cpus()).isEqualTo(4);
    assertThat(fromFlags.memoryMib()).isEqualTo(1024);
    assertThat(fromFlags.cpus()).isEqualTo(2);
  }

  @Test
  void usesOneCpuAndTheDefaultMemoryWhenNothingIsGiven() {
    LaunchOptions options = launch(OpsConfig.empty(), runFlags(null, 0, 0));

    assertThat(options.cpus()).isEqualTo(1);
    assertThat(options.memoryMib()).as("0 means the image's minimum or the default").isZero();
  }

  @Test
  void keepsTheBaseOptionsTheFileCannotSet() {
    LaunchOptions base =
        new LaunchOptions(
            0, 1, List.of(), MachineType.Q35, false, true, Duration.ofSeconds(3), true);

    LaunchOptions options =
        SettingsMerger.launchOptions(OpsConfig.empty(), runFlags(null, 0, 0), base);

    assertThat(options.machine()).isEqualTo(MachineType.Q35);
    assertThat(options.allowKvm()).isFalse();
    assertThat(options.verbose()).isTrue();
    assertThat(options.stopGrace()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void rejectsAnInvalidPortFromTheFile() {
    OpsConfig config = file("app", null, null, 0, 0, List.of("70000"));

    assertThatThrownBy(() -> launch(config, runFlags(null, 0, 0)))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("70000");
  }

  @Test
  void parsesEnvironmentWordsInOrder() {
    Map<String, String> env = SettingsMerger.parseEnv(List.of("B=2", "A=1", "EMPTY=", "EQ=x=y"));

    assertThat(env)
        .containsExactly(
            Map.entry("B", "2"),
            Map.entry("A", "1"),
            Map.entry("EMPTY", ""),
            Map.entry("EQ", "x=y"));
  }

  @Test
  void letsALaterEnvironmentWordWin() {
    assertThat(SettingsMerger.parseEnv(List.of("A=1", "A=2"))).containsExactly(Map.entry("A", "2"));
  }

  @Test
  void rejectsAnEnvironmentWordWithoutEqualsSign() {
    assertThatThrownBy(() -> SettingsMerger.parseEnv(List.of("A=1", "DEBUG")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("'DEBUG'");
  }

  @Test
  void rejectsAnEnvironmentWordWithoutName() {
    assertThatThrownBy(() -> SettingsMerger.parseEnv(List.of("=value")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("'=value'");
  }
}
