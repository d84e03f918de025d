package dev.ferry.manager.standalone;

import dev.ferry.manager.agent.Agent;
import dev.ferry.manager.catalog.DrainRuns;
import dev.ferry.manager.config.FerryConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Standalone Ferry once Quarkus is up: start the agent, announce the endpoint, serve. */
public class StandaloneApplication implements QuarkusApplication {
  private static final Logger LOG = Logger.getLogger(StandaloneApplication.class);

  @Inject Agent agent;
  @Inject DrainRuns runs;
  @Inject FerryConfig config;

  @Override
  public int run(String... args) throws Exception {
    int interrupted = runs.markInterrupted();
    if (interrupted > 0) {
      LOG.warnf(
          "%d drain(s) were cut short by a stop; their records are drained again", interrupted);
    }
    agent.start();
    String url = "http://127.0.0.1:" + Integer.getInteger("quarkus.http.port", 8080);
    ManagerEndpoint.publish(config.data(), url);
    LOG.infof("Ferry standalone is running: %s, host %s", url, agent.hostId());
    try {
      Quarkus.waitForExit();
    } finally {
      ManagerEndpoint.withdraw(config.data());
      // Stop the agent before the container disposes of the backup cache it appends to.
      agent.stop();
    }
    return 0;
  }
}
