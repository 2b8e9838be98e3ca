package dev.ops.registry.blob;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored blob, shared by all repositories that link it. */
@Entity
@Table(name = "blob")
public class Blob extends PanacheEntityBase {

  @Id public String digest;

  public long size;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "last_pushed_at", insertable = false)
  public Instant lastPushedAt;
}
