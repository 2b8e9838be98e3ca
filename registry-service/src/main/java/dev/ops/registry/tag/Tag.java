package dev.ops.registry.tag;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tag: a movable name for one manifest of a repository. */
@Entity
@Table(name = "tag")
public class Tag extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "repository_id")
  public Long repositoryId;

  public String name;

  @Column(name = "manifest_id")
  public Long manifestId;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
