package dev.ferry.manager.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A workstation whose backup cache the copy manager drains. */
@Entity
@Table(name = "host")
public class HostEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "host_seq")
  @SequenceGenerator(name = "host_seq", sequenceName = "host_seq", allocationSize = 50)
  public Long id;

  public String name;

  public Instant createdAt;
}
