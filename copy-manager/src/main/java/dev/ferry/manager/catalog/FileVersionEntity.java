package dev.ferry.manager.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One saved state of a watched file, live in snapshots {@code [firstSnapshotId,
 * supersededSnapshotId)}; a null {@code supersededSnapshotId} means it is the current version.
 */
@Entity
@Table(name = "file_version")
public class FileVersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "file_version_seq")
  @SequenceGenerator(
      name = "file_version_seq",
      sequenceName = "file_version_seq",
      allocationSize = 50)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "file_id")
  public WatchedFileEntity file;

  public long size;

  @Column(name = "mtime_ns")
  public long mtimeNanos;

  public int mode;

  /** Null if not known: a catalog rebuilt from the target ({@code ferry catalog rebuild}). */
  public Long device;

  /** Null if not known, as {@link #device}. */
  public Long inode;

  /** When the agent saw the save; null if not known, as {@link #device}. */
  public Instant savedAt;

  /** The target text of a symbolic link; null for a regular file. */
  @Column(name = "link_target")
  public String linkTarget;

  public long firstSnapshotId;

  public Long supersededSnapshotId;
}
