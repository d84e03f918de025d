package dev.ferry.monitor.watch;

import dev.ferry.monitor.state.FileState;

/** A file's identity across renames: device and inode. */
record FileKey(long device, long inode) {
  static FileKey of(FileState s) {
    return new FileKey(s.device(), s.inode());
  }
}
