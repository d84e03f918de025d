package dev.ferry.manager.cli;

import dev.ferry.manager.standalone.ManagerEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Talks to a running manager, found by {@code --url} or by the endpoint in {@code --data}.
 *
 * <p>Plain {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: the manager answers
 * plain HTTP on the loopback, and the newer client set up TLS and a selector thread first, about
 * 0.3–0.4 s of every {@code ferry status} and {@code ferry drain --now} (bench/RESULTS.md,
 * 2026-12-02, run.sh). A request waits as long as the manager takes (a drain may take minutes).
 */
final class ManagerClient {
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  static {
    // A POST whose connection broke is otherwise sent again, silently: a second drain.
    System.setProperty("sun.net.http.retryPost", "false");
  }

  private final String base;

  private ManagerClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  static ManagerClient of(Path data, String url) throws IOException {
    return new ManagerClient(url != null ? url : ManagerEndpoint.find(data));
  }

  String get(String path) throws IOException {
    return send("GET", path);
  }

  String post(String path) throws IOException {
    return send("POST", path);
  }

  private String send(String method, String path) throws IOException {
    HttpURLConnection c;
    try {
      c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
    } catch (IllegalArgumentException e) {
      throw new IOException("not a manager URL: " + base, e);
    }
    try {
      c.setRequestMethod(method);
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setUseCaches(false);
      if (method.equals("POST")) {
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(0);
      }
      int status;
      try {
        status = c.getResponseCode();
      } catch (ConnectException | SocketTimeoutException e) {
        // Not chained: the one-line error shows the deepest message, here a bare "Connection
        // refused" that would not say who was asked.
        throw new IOException(
            "the Ferry manager at "
                + base
                + " is not answering (is it running?): "
                + e.getMessage());
      }
      InputStream body = status / 100 == 2 ? c.getInputStream() : c.getErrorStream();
      String text = body == null ? "" : readAll(body);
      if (status / 100 != 2) {
        throw new IOException(errorOf(status, text));
      }
      return text;
    } finally {
      c.disconnect();
    }
  }

  /** The manager's own one-line reason when it gave one, else the status and body. */
  private String errorOf(int status, String body) {
    try {
      String error = JsonView.parse(body).text("error", null);
      if (error != null) {
        return error;
      }
    } catch (IOException notJson) {
      // fall through
    }
    return base + " answered " + status + ": " + body.replace('\n', ' ');
  }

  private static String readAll(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
