package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of the drain, whatever its outcome: what the dashboard shows as "last runs". */
@Entity
@Table(name = "drain_run")
public class DrainRunEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "drain_run_seq")
  @SequenceGenerator(name = "drain_run_seq", sequenceName = "drain_run_seq", allocationSize = 50)
  public Long id;

  public Instant startedAt;

  public Instant finishedAt;

  /** {@code copied}, {@code nothing-due} or {@code failed}. */
  public String outcome;

  public int recordsRead;

  public int filesCopied;

  public int filesDeleted;

  public int filesSkipped;

  public int chunksWritten;

  public long bytesWritten;

  public Long snapshotId;

  public String message;
}
