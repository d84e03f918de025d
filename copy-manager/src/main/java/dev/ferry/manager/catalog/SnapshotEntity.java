package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One drain's view of a host's tree, as committed on the target under the same id. */
@Entity
@Table(name = "snapshot")
public class SnapshotEntity {
  /** Same id as the snapshot root on the target; assigned by the drain, not by a sequence. */
  @Id public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "host_id")
  public HostEntity host;

  public Long parentId;

  public Instant createdAt;

  public int fileCount;

  public long totalBytes;
}
