package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A workstation whose backup cache the copy manager drains. */
@Entity
@Table(name = "host")
public class HostEntity {
  /** From {@code host_seq}, taken by the race-safe insert in {@link Catalog#host}. */
  @Id public Long id;

  public String name;

  public Instant createdAt;
}
