package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A file a drain could not copy (vanished, unreadable, kept changing), with the reason. */
@Entity
@Table(name = "skipped_file")
public class SkippedFileEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "skipped_file_seq")
  @SequenceGenerator(
      name = "skipped_file_seq",
      sequenceName = "skipped_file_seq",
      allocationSize = 50)
  public Long id;

  public long runId;

  public String path;

  public String reason;
}
