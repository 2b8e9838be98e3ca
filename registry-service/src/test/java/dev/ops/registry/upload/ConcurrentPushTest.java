package dev.ops.registry.upload;

import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.pusher;
import static dev.ops.registry.support.Registry.randomBytes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Database;
import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import dev.ops.registry.support.Storage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class ConcurrentPushTest {

  private static final int PUSHERS = 8;

  @Test
  void concurrentPushesOfTheSameBlob_allSucceedAndStoreItOnce() throws Exception {
    byte[] content = randomBytes(2 * 1024 * 1024, 51);
    String digest = digest(content);
    String shared = Names.repository("concurrent");
    List<String> repositories = new ArrayList<>();
    List<Callable<Integer>> pushes = new ArrayList<>();
    for (int i = 0; i < PUSHERS; i++) {
      // Half push into one repository, half into repositories of their own; half use one POST.
      String repository = i % 2 == 0 ? shared : Names.repository("concurrent");
      repositories.add(repository);
      boolean singlePost = i % 4 < 2;
      pushes.add(() -> push(repository, content, singlePost));
    }

    List<java.nio.file.Path> uploadsBefore = Storage.files("uploads");
    ExecutorService pool = Executors.newFixedThreadPool(PUSHERS);
    List<Integer> statuses = new ArrayList<>();
    try {
      for (Future<Integer> status : pool.invokeAll(pushes)) {
        statuses.add(status.get());
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    assertThat(statuses).containsOnly(201);
    for (String repository : repositories) {
      assertThat(given().get("/v2/" + repository + "/blobs/" + digest).asByteArray())
          .isEqualTo(content);
    }
    assertThat(Storage.blobFile(digest)).hasBinaryContent(content);
    assertThat(Database.count("select count(*) from blob where digest = ?", digest)).isEqualTo(1);
    assertThat(Storage.files("uploads"))
        .as("no upload left behind")
        .containsExactlyInAnyOrderElementsOf(uploadsBefore);
  }

  private static int push(String repository, byte[] content, boolean singlePost) {
    if (singlePost) {
      return pusher()
          .queryParam("digest", digest(content))
          .contentType("application/octet-stream")
          .body(content)
          .post("/v2/" + repository + "/blobs/uploads/")
          .statusCode();
    }
    return pusher()
        .queryParam("digest", digest(content))
        .contentType("application/octet-stream")
        .body(content)
        .put(Registry.startUpload(repository))
        .statusCode();
  }
}
