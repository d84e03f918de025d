package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** Content stored once on the target, addressed by its SHA-256. */
@Entity
@Table(name = "chunk")
public class ChunkEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "chunk_seq")
  @SequenceGenerator(name = "chunk_seq", sequenceName = "chunk_seq", allocationSize = 50)
  public Long id;

  /** SHA-256 of the plain content, 32 bytes. */
  public byte[] hash;

  public int length;

  /**
   * Where the chunk was first stored: a record for people, not read by Ferry. A prune may move the
   * chunk to another container; the target's index is what restore uses.
   */
  public String containerId;

  public long containerOffset;

  public int storedLength;

  public Instant firstStoredAt;
}
