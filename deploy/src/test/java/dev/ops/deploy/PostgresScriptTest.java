package dev.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/postgres against a state directory and port of the test's own. Needs Debian's PostgreSQL
 * server, which bin/setup-host installs (./run-tests runs it first).
 */
class PostgresScriptTest {

  private static final String PASSWORD = "test-secret";

  @TempDir Path stateDirectory;

  private StackScript postgres;

  @BeforeAll
  static void requireInstalledServer() {
    assertThat(Path.of("/usr/lib/postgresql"))
        .as("Debian's PostgreSQL server; run bin/setup-host to install it")
        .isDirectory();
  }

  @AfterEach
  void stopServer() {
    if (postgres != null) {
      postgres.run("stop");
    }
  }

  @Test
  void shouldServeTheServicesDatabaseAndKeepItsTablesWhenStoppedAndStartedAgain()
      throws SQLException {
    int port = FreePorts.take(1).get(0);
    postgres = script(port);

    StackScript.Result started = postgres.run("start");
    assertThat(started.exitCode()).as("%s", started).isZero();
    assertThat(postgres.run("status").exitCode()).as("status while running").isZero();
    StackScript.Result again = postgres.run("start");
    assertThat(again.output()).as("%s", again).contains("already running");

    try (Connection connection = connect(port);
        Statement statement = connection.createStatement()) {
      assertThat(selectOne(statement)).isEqualTo(1);
      statement.execute("create table kept (note text)");
      statement.execute("insert into kept values ('across a restart')");
    }

    assertThat(postgres.run("stop").exitCode()).isZero();
    StackScript.Result stopped = postgres.run("status");
    assertThat(stopped.exitCode()).as("LSB status of a stopped service: %s", stopped).isEqualTo(3);

    StackScript.Result restarted = postgres.run("start");
    assertThat(restarted.exitCode()).as("%s", restarted).isZero();
    assertThat(restarted.output()).as("initialised once only").doesNotContain("initialising");
    try (Connection connection = connect(port);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select note from kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("across a restart");
    }
  }

  @Test
  void shouldRefuseToStartAndNameTheHolderWhenThePortIsTaken() throws Exception {
    try (ServerSocket holder = FreePorts.occupy()) {
      postgres = script(holder.getLocalPort());

      StackScript.Result refused = postgres.run("start");

      assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
      assertThat(refused.output())
          .contains("port " + holder.getLocalPort() + " (PostgreSQL) is already taken by java")
          .contains("OPS_POSTGRES_PORT")
          .contains("Nothing was started");
      assertThat(postgres.run("status").exitCode()).as("status after the refusal").isEqualTo(3);
    }
  }

  private StackScript script(int port) {
    return StackScript.named(
        "postgres",
        stateDirectory,
        Map.of("OPS_POSTGRES_PORT", String.valueOf(port), "OPS_POSTGRES_PASSWORD", PASSWORD));
  }

  /** As registry-service connects: over TCP, as the ops role, to its database. */
  private static Connection connect(int port) throws SQLException {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/ops_registry";
    return DriverManager.getConnection(url, "ops", PASSWORD);
  }

  private static int selectOne(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("select 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
