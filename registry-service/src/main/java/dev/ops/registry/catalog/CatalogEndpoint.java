package dev.ops.registry.catalog;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.db.Sql;
import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code GET /v2/_catalog}: repositories that hold at least one manifest, paginated. */
@ApplicationScoped
public class CatalogEndpoint {

  @Inject RegistryConfig config;

  public Uni<Void> list(Exchange exchange) {
    Page page = Page.of(exchange, config.limits().maxPageSize());
    return Panache.withSession(
            () ->
                Sql.list(
                    "select r.name from repository r"
                        + " where exists (select 1 from manifest m where m.repository_id = r.id)"
                        + " and r.name collate \"C\" > ?1"
                        + " order by r.name collate \"C\" limit ?2",
                    String.class,
                    page.after(),
                    page.fetchSize()))
        .invoke(names -> page.respond(exchange, "/v2/_catalog", Map.of(), "repositories", names))
        .replaceWithVoid();
  }
}
