package dev.ops.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceStoreTest {

  @TempDir Path home;
  private InstanceStore store;

  @BeforeEach
  void createStore() {
    store = new InstanceStore(home.resolve("instances"));
  }

  private static InstanceRecord record(String name, InstanceState state, Long supervisorPid) {
    return new InstanceRecord(
        name,
        "web-image",
        "sha256:" + "cd".repeat(32),
        state,
        supervisorPid,
        List.of("8080:80"),
        256,
        1,
        "2026-01-01T00:00:00Z",
        null,
        null,
        null,
        null);
  }

  private static InstanceRecord starting(String name) {
    return record(name, InstanceState.STARTING, null);
  }

  /** The pid of a process that has ended and been reaped. */
  private static long deadPid() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  @Test
  void createsAnInstanceThatCanBeReadBack() {
    InstanceRecord record = starting("web");

    store.create(record);

    assertThat(store.get("web")).isEqualTo(record);
    assertThat(store.directory("web").resolve(InstanceStore.RECORD)).isRegularFile();
  }

  @Test
  void refusesASecondInstanceOfTheSameName() {
    store.create(starting("web"));

    assertThatThrownBy(() -> store.create(record("web", InstanceState.EXITED, null)))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("named web already exists");
    assertThat(store.get("web").state()).isEqualTo(InstanceState.STARTING);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        "-web",
        "_web",
        "a.b",
        "a/b",
        "..",
        "web 1",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void rejectsInvalidNames(String name) {
    assertThatThrownBy(() -> store.create(starting(name)))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("not a valid instance name");
  }

  @Test
  void acceptsNamesOfUpTo63Characters() {
    String name = "a" + "b".repeat(62);

    assertThat(InstanceStore.requireValidName(name)).isEqualTo(name);
    assertThat(InstanceStore.requireValidName("web_1-2")).isEqualTo("web_1-2");
  }

  @Test
  void listsInstancesSortedByName() {
    store.create(starting("zeta"));
    store.create(starting("alpha"));
    store.create(starting("mid"));

    assertThat(store.list())
        .extracting(InstanceRecord::name)
        .containsExactly("alpha", "mid", "zeta");
  }

  @Test
  void listsNothingBeforeTheFirstInstance() {
    assertThat(store.list()).isEmpty();
  }

  @Test
  void leavesDirectoriesWithoutARecordOutOfTheList() throws IOException {
    store.create(starting("web"));
    Files.createDirectories(home.resolve("instances/half-created"));
    Files.createDirectories(home.resolve("instances/.hidden"));

    assertThat(store.list()).extracting(InstanceRecord::name).containsExactly("web");
  }

  @Test
  void reportsAnActiveInstanceWhoseSupervisorIsGoneAsLost() throws Exception {
    store.create(record("web", InstanceState.RUNNING, deadPid()));

    assertThat(store.get("web").state()).isEqualTo(InstanceState.LOST);
    assertThat(store.list()).extracting(InstanceRecord::state).containsExactly(InstanceState.LOST);
  }

  @Test
  void keepsTheStateOfAnInstanceWhoseSupervisorLives() {
    long self = ProcessHandle.current().pid();
    store.create(record("web", InstanceState.RUNNING, self));

    assertThat(store.get("web").state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void keepsTheStateOfAnEndedInstanceWhoseSupervisorIsGone() throws Exception {
    store.create(record("web", InstanceState.EXITED, deadPid()));

    assertThat(store.get("web").state()).isEqualTo(InstanceState.EXITED);
  }

  @Test
  void savesNewStatesOverTheOldRecord() {
    InstanceRecord record = starting("web");
    store.create(record);

    store.save(
        record
            .withSupervisor(ProcessHandle.current().pid())
            .ended(InstanceState.EXITED, "2026-01-01T00:01:00Z", 3, "exited with status 3"));

    InstanceRecord saved = store.get("web");
    assertThat(saved.state()).isEqualTo(InstanceState.EXITED);
    assertThat(saved.exitStatus()).isEqualTo(3);
    assertThat(saved.endedAt()).isEqualTo("2026-01-01T00:01:00Z");
  }

  @Test
  void removesAnInstanceAndItsFiles() throws IOException {
    store.create(starting("web"));
    Files.writeString(store.directory("web").resolve(InstanceStore.CONSOLE_LOG), "hello");

    store.remove("web");

    assertThat(store.find("web")).isEmpty();
    assertThat(store.directory("web")).doesNotExist();
  }

  @Test
  void refusesToRemoveAnUnknownInstance() {
    assertThatThrownBy(() -> store.remove("ghost"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void findsNothingForAnUnknownName() {
    assertThat(store.find("ghost")).isEmpty();
  }
}
