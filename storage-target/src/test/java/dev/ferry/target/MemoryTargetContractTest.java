package dev.ferry.target;

import dev.ferry.target.memory.MemoryTarget;

/** The {@link Target} contract on the in-memory target. */
class MemoryTargetContractTest extends TargetContract {
  @Override
  protected Target create() {
    return new MemoryTarget("contract");
  }
}
