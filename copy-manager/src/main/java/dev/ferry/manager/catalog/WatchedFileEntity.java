package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A path on a host, across all its versions. */
@Entity
@Table(name = "watched_file")
public class WatchedFileEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "watched_file_seq")
  @SequenceGenerator(
      name = "watched_file_seq",
      sequenceName = "watched_file_seq",
      allocationSize = 50)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "host_id")
  public HostEntity host;

  /**
   * The watched root as the agent reported it (absolute path on the host); null in a catalog
   * rebuilt from the target until the next drain that copies this file.
   */
  public String root;

  /** Snapshot path: root label, '/', path below the root. */
  public String path;
}
