package dev.ferry.target.disk;

import java.util.function.Supplier;

/**
 * How a disk target writes: through which file layer, how full a container gets, and where new
 * container ids come from. Only tests change these (a fault-injecting layer, tiny containers,
 * seeded ids so a failing run repeats exactly); {@link #DEFAULT} is what production uses.
 *
 * @param fs every change to the target goes through it
 * @param containerLimit data bytes after which a container is sealed
 * @param containerIds new container ids, 32 lower-case hex digits; must not repeat
 */
public record DiskOptions(TargetFs fs, int containerLimit, Supplier<String> containerIds) {
  public static final DiskOptions DEFAULT =
      new DiskOptions(NioFs.INSTANCE, ContainerSink.LIMIT, TargetFile::randomId);
}
