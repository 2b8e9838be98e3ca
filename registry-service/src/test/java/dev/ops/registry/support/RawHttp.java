package dev.ops.registry.support;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what regular clients refuse to send: paths with "..", and
 * bodies cut short by a client that goes away.
 */
public final class RawHttp {

  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /** Sends a request and returns the status line and headers of the answer. */
  public static String exchange(String method, String path, String... headers) {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(head(method, path, headers).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Declares {@code declaredLength} bytes of body, sends only {@code sent}, and hangs up, as a
   * client whose connection dies mid-upload.
   */
  public static void sendTruncated(String method, String path, long declaredLength, byte[] sent) {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      OutputStream out = socket.getOutputStream();
      String head =
          head(
              method,
              path,
              "Authorization: Bearer " + Registry.PUSH_TOKEN,
              "Content-Type: application/octet-stream",
              "Content-Length: " + declaredLength);
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(sent);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String head(String method, String path, String... headers) {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(RestAssured.port).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    boolean hasLength = String.join("\n", headers).contains("Content-Length");
    if (!hasLength) {
      request.append("Content-Length: 0\r\n");
    }
    return request.append("Connection: close\r\n\r\n").toString();
  }

  private static String read(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }
}
