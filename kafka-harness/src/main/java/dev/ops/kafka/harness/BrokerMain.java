package dev.ops.kafka.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The broker JVM's entry point: {@code BrokerMain CLUSTER_ID SERVER_PROPERTIES}. It formats the
 * storage as {@code kafka-storage.sh format} would, then runs the server as {@code
 * kafka-server-start.sh} would, in one JVM to save a JVM start (over a second on a small machine).
 *
 * <p>A watchdog ends the broker when the JVM that started it is gone: the parent holds the broker's
 * standard input open, and when it dies, even by SIGKILL, the pipe closes and the broker exits
 * instead of lingering on its ports.
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BrokerMain CLUSTER_ID SERVER_PROPERTIES");
      System.exit(2);
    }
    Thread watchdog = new Thread(BrokerMain::exitWhenParentIsGone, "ops-harness-parent-watch");
    watchdog.setDaemon(true);
    watchdog.start();

    format(args[0], args[1]);
    invoke("kafka.Kafka", "main", new Class<?>[] {String[].class}, (Object) new String[] {args[1]});
  }

  private static void format(String clusterId, String serverProperties) throws Exception {
    String[] formatArgs = {
      "format", "--cluster-id", clusterId, "--config", serverProperties, "--ignore-formatted"
    };
    Object status =
        invoke(
            "kafka.tools.StorageTool",
            "execute",
            new Class<?>[] {String[].class, PrintStream.class},
            formatArgs,
            System.out);
    if (!Integer.valueOf(0).equals(status)) {
      System.err.println("ops kafka harness: formatting the storage failed with status " + status);
      System.exit(1);
    }
  }

  private static void exitWhenParentIsGone() {
    try {
      while (System.in.read() != -1) {
        // The parent never writes; reading only waits for the end of the stream.
      }
    } catch (IOException e) {
      // A broken pipe means the same as the end of the stream.
    }
    System.err.println("ops kafka harness: the test JVM is gone, stopping the broker");
    System.exit(0);
  }

  /** Reflection keeps Kafka's server classes off the harness's compile classpath. */
  private static Object invoke(String type, String method, Class<?>[] parameters, Object... args)
      throws Exception {
    Method entry = Class.forName(type).getMethod(method, parameters);
    try {
      return entry.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
