package dev.ops.registry.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL in the current Panache session, for what JPQL cannot say: upserts with {@code ON
 * CONFLICT}, advisory locks and set-based clean-up. Parameters are positional (?1...).
 */
public final class Sql {

  private Sql() {}

  public static Uni<Integer> update(String sql, Object... parameters) {
    return Panache.getSession()
        .chain(session -> bind(session.createNativeQuery(sql), parameters).executeUpdate());
  }

  public static <T> Uni<List<T>> list(String sql, Class<T> type, Object... parameters) {
    return Panache.getSession()
        .chain(session -> bind(session.createNativeQuery(sql, type), parameters).getResultList());
  }

  public static <T> Uni<T> single(String sql, Class<T> type, Object... parameters) {
    return Panache.getSession()
        .chain(session -> bind(session.createNativeQuery(sql, type), parameters).getSingleResult());
  }

  private static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Object... parameters) {
    for (int i = 0; i < parameters.length; i++) {
      query.setParameter(i + 1, parameters[i]);
    }
    return query;
  }
}
