package dev.ops.kafka.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link KafkaBroker} as a parameter of their constructor, lifecycle or test
 * methods. One broker serves every test class of the test run (starting one costs seconds), and it
 * stops when the run ends; tests keep apart by using their own topics, keys and groups.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class BuildRequestsTest {
 *   @Test
 *   void shouldBuildOnceWhenRequestIsRedelivered(KafkaBroker kafka) { ... }
 * }
 * }</pre>
 *
 * <p>A test that needs a broker of its own (to stop or restart it) calls {@link
 * KafkaBroker#start()} instead.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public KafkaBroker resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root context's store outlives every test class and closes the broker at the end.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(KafkaBroker.class, type -> KafkaBroker.start(), KafkaBroker.class);
  }
}
