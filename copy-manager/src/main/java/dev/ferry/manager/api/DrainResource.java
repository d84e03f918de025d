package dev.ferry.manager.api;

import dev.ferry.manager.drain.DrainFailedException;
import dev.ferry.manager.drain.DrainReport;
import dev.ferry.manager.drain.DrainService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code POST /api/drain}: opens the window now and answers when the drain is done. */
@Path("/api/drain")
public class DrainResource {
  @Inject DrainService drains;

  @POST
  @Blocking
  @Produces(MediaType.APPLICATION_JSON)
  public Response drainNow(@QueryParam("ignoreHold") @DefaultValue("false") boolean ignoreHold) {
    try {
      DrainReport report = drains.drain(ignoreHold);
      return Response.ok(report).build();
    } catch (DrainFailedException e) {
      return Response.serverError().entity(Map.of("error", e.getMessage())).build();
    }
  }
}
