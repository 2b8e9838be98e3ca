package dev.ops.registry.tag;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.db.Sql;
import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.Page;
import dev.ops.registry.repository.Repositories;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code GET /v2/<name>/tags/list}, paginated. */
@ApplicationScoped
public class TagEndpoints {

  @Inject Repositories repositories;
  @Inject RegistryConfig config;

  public Uni<Void> list(Exchange exchange) {
    Page page = Page.of(exchange, config.limits().maxPageSize());
    return Panache.withSession(
            () ->
                repositories
                    .require(exchange.name())
                    .chain(
                        repository ->
                            Sql.list(
                                "select name from tag where repository_id = ?1"
                                    + " and name collate \"C\" > ?2"
                                    + " order by name collate \"C\" limit ?3",
                                String.class,
                                repository.id,
                                page.after(),
                                page.fetchSize())))
        .invoke(
            tags ->
                page.respond(
                    exchange,
                    "/v2/" + exchange.name() + "/tags/list",
                    Map.of("name", exchange.name().value()),
                    "tags",
                    tags))
        .replaceWithVoid();
  }
}
