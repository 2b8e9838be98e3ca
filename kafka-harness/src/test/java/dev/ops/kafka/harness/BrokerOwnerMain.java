package dev.ops.kafka.harness;

import java.nio.file.Path;

/** A JVM that starts a broker in the directory it is given, prints its pid and waits to die. */
public final class BrokerOwnerMain {

  private BrokerOwnerMain() {}

  public static void main(String[] args) throws InterruptedException {
    KafkaBroker kafka = KafkaBroker.builder().withParentDirectory(Path.of(args[0])).start();
    System.out.println("broker-pid " + kafka.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
