package dev.ops.registry.upload;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A blob upload in progress. {@code received} counts the bytes known to be on disk, so a client
 * that lost its connection resumes from there.
 */
@Entity
@Table(name = "upload_session")
public class UploadSession extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "repository_id")
  public Long repositoryId;

  public long received;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
