package dev.ops.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import java.lang.reflect.Proxy;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UploadGateTest {

  private static final int LIMIT = 2;

  private UploadGate gate;

  @BeforeEach
  void gateForTwoUploads() {
    gate = new UploadGate();
    gate.config = configWithLimit(LIMIT);
  }

  @Test
  void secondRequestWritingTheSameUpload_isRefusedWith416() {
    UUID upload = UUID.randomUUID();
    gate.enter(upload);

    assertThatThrownBy(() -> gate.enter(upload))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.error()).isEqualTo(RegistryError.BLOB_UPLOAD_INVALID);
              assertThat(e.status()).isEqualTo(416);
            });
  }

  @Test
  void bodiesBeyondTheLimit_getTooManyRequestsWithRetryAfter_untilOneLeaves() {
    UUID first = UUID.randomUUID();
    gate.enter(first);
    gate.enter(UUID.randomUUID());
    UUID third = UUID.randomUUID();

    assertThatThrownBy(() -> gate.enter(third))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.error()).isEqualTo(RegistryError.TOOMANYREQUESTS);
              assertThat(e.headers()).containsKey("Retry-After");
            });
    gate.leave(first);
    assertThatCode(() -> gate.enter(third)).doesNotThrowAnyException();
  }

  /** A configuration where only the upload limit matters. */
  private static RegistryConfig configWithLimit(int limit) {
    RegistryConfig.Limits limits =
        (RegistryConfig.Limits)
            Proxy.newProxyInstance(
                UploadGateTest.class.getClassLoader(),
                new Class<?>[] {RegistryConfig.Limits.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "maxConcurrentUploads" -> limit;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (RegistryConfig)
        Proxy.newProxyInstance(
            UploadGateTest.class.getClassLoader(),
            new Class<?>[] {RegistryConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("limits")) {
                return limits;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
