package dev.ferry.manager.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** The block map of a file version: its chunks in file order. */
@Entity
@Table(name = "version_chunk")
public class VersionChunkEntity {
  @EmbeddedId public Key key;

  @Column(name = "chunk_id")
  public long chunkId;

  public long fileOffset;

  public int length;

  /** The agent's cheap fingerprint (XXH3-64); used only to compare versions of this file. */
  public long fingerprint;

  /** (version, position in the file). */
  @Embeddable
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    @Column(name = "version_id")
    public long versionId;

    public int seq;

    public Key() {}

    public Key(long versionId, int seq) {
      this.versionId = versionId;
      this.seq = seq;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.versionId == versionId && k.seq == seq;
    }

    @Override
    public int hashCode() {
      return Objects.hash(versionId, seq);
    }
  }
}
