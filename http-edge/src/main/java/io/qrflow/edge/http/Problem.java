package io.qrflow.edge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem detail, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<String> errors) {

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null);
  }

  public static Problem invalid(List<String> errors) {
    return new Problem("about:blank", "Bad Request", 400, String.join("; ", errors), errors);
  }
}
