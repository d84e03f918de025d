package dev.ferry.manager.schedule;

import dev.ferry.manager.drain.DrainFailedException;
import dev.ferry.manager.drain.DrainService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** The periodic drain. A failed run is logged and recorded; the next run retries it. */
@ApplicationScoped
public class DrainJob {
  private static final Logger LOG = Logger.getLogger(DrainJob.class);

  @Inject DrainService drains;

  @Scheduled(
      identity = "drain",
      every = "${ferry.drain-every:1h}",
      delayed = "${ferry.drain-every:1h}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    try {
      drains.drain(false);
    } catch (DrainFailedException e) {
      LOG.error(e.getMessage(), e);
    }
  }
}
