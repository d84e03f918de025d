package dev.ferry.manager.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.manager.standalone.ManagerEndpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to a running manager, found by {@code --url} or by the endpoint in {@code --data}. */
final class ManagerClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  private ManagerClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  static ManagerClient of(Path data, String url) throws IOException {
    return new ManagerClient(url != null ? url : ManagerEndpoint.find(data));
  }

  String get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  String post(String path) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** The manager's own one-line reason when it gave one, else the status and body. */
  private String errorOf(HttpResponse<String> res) {
    try {
      JsonNode error = new ObjectMapper().readTree(res.body()).path("error");
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (IOException notJson) {
      // fall through
    }
    return base + " answered " + res.statusCode() + ": " + res.body().replace('\n', ' ');
  }

  private String send(HttpRequest req) throws IOException {
    try {
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() / 100 != 2) {
        throw new IOException(errorOf(res));
      }
      return res.body();
    } catch (ConnectException e) {
      throw new IOException(
          "the Ferry manager at " + base + " is not answering (is it running?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
