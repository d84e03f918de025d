package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * How far a host's backup cache has been copied. Advanced in the same transaction that records the
 * copies, and only after the target made them durable.
 */
@Entity
@Table(name = "drain_position")
public class DrainPositionEntity {
  @Id public Long hostId;

  /** Journal index of the last record whose copy is committed; -1 before the first drain. */
  public long journalIndex;

  public Instant updatedAt;
}
