package dev.ferry.target;

import dev.ferry.target.PowerLossFs.Image;

/**
 * Counts over all power-loss runs, so the test can show that the faults bit: that crash images
 * really lost and tore things, and that recovery really had something to clean. Not thread-safe.
 */
final class PowerLossStats {
  int images;
  int imagesCut;
  int imagesDiffering;
  int tornVisible;
  int finalImagesWithTemps;
  int commits;
  int retries;
  int aborts;
  int snapshotsChecked;
  int faultsSurvived;
  int forgotten;
  int prunes;
  int prunesThatRemoved;

  void image(boolean cut, Image img) {
    images++;
    imagesCut += cut ? 1 : 0;
    imagesDiffering += img.differingPaths() > 0 ? 1 : 0;
    tornVisible += img.tornFileVisible() ? 1 : 0;
  }

  void committed(boolean retry) {
    commits++;
    retries += retry ? 1 : 0;
  }

  void faultSurvived() {
    faultsSurvived++;
  }

  void forgot(int n) {
    forgotten += n;
  }

  void pruned(boolean removedSomething) {
    prunes++;
    prunesThatRemoved += removedSomething ? 1 : 0;
  }

  void aborted() {
    aborts++;
  }

  void beforeRecovery(int temps) {
    finalImagesWithTemps += temps > 0 ? 1 : 0;
  }

  void survived(int snapshots) {
    snapshotsChecked += snapshots;
  }

  @Override
  public String toString() {
    return String.format(
        "%d crash images (%d cut mid-epoch, %d differing from the live files, %d with a torn file"
            + " visible), %d final images with temp files before recovery; %d commits returned"
            + " (%d retries), %d aborted writers, %d snapshots forgotten, %d prunes (%d removed something), %d I/O errors survived, %d snapshots checked byte-exact after recovery",
        images,
        imagesCut,
        imagesDiffering,
        tornVisible,
        finalImagesWithTemps,
        commits,
        retries,
        aborts,
        forgotten,
        prunes,
        prunesThatRemoved,
        faultsSurvived,
        snapshotsChecked);
  }
}
