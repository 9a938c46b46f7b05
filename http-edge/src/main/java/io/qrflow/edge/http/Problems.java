package io.qrflow.edge.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.qrflow.common.Rejection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into {@code application/problem+json}: rejections, entity
 * replies and exceptions. Bad input is a 4xx and a clear message; only infrastructure trouble is
 * a 5xx (503, retryable).
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  public static final ContentType.NonBinary PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8).toContentType();

  private Problems() {}

  public static HttpResponse response(StatusCode status, String detail, HttpHeader... headers) {
    return response(Problem.of(status.intValue(), status.reason(), detail), headers);
  }

  public static HttpResponse response(Problem problem, HttpHeader... headers) {
    try {
      return HttpResponse.create()
          .withStatus(problem.status())
          .withEntity(HttpEntities.create(PROBLEM_JSON, Json.MAPPER.writeValueAsBytes(problem)))
          .addHeaders(List.of(headers));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Problem always serializes", e);
    }
  }

  public static Route problem(StatusCode status, String detail) {
    return complete(response(status, detail));
  }

  public static Route invalid(List<String> errors) {
    return complete(response(Problem.invalid(errors)));
  }

  /**
   * Completes with {@code onSuccess} of an entity's successful reply, or the problem its
   * rejection or a timeout stands for.
   */
  public static <T> Route onReply(
      CompletionStage<StatusReply<T>> reply, Function<T, Route> onSuccess) {
    return onComplete(reply, result -> {
      if (result.isFailure()) return complete(forFailure(result.failed().get()));
      StatusReply<T> statusReply = result.get();
      if (statusReply.isSuccess()) return onSuccess.apply(statusReply.getValue());
      return complete(forRejection(statusReply.getError().getMessage()));
    });
  }

  static HttpResponse forRejection(String text) {
    return Rejection.decode(text)
        .map(r -> response(statusOf(r.kind()), r.detail()))
        .orElseGet(() -> response(StatusCodes.BAD_REQUEST, text));
  }

  private static StatusCode statusOf(Rejection.Kind kind) {
    return switch (kind) {
      case INVALID -> StatusCodes.BAD_REQUEST;
      case NOT_FOUND -> StatusCodes.NOT_FOUND;
      case CONFLICT -> StatusCodes.CONFLICT;
      case GONE -> StatusCodes.GONE;
      case FORBIDDEN -> StatusCodes.FORBIDDEN;
    };
  }

  public static HttpResponse forFailure(Throwable failure) {
    Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
        ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return response(StatusCodes.SERVICE_UNAVAILABLE, "the service is busy; try again");
    }
    if (cause instanceof EntityStreamSizeException) {
      return response(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is too large");
    }
    log.error("request failed", cause);
    return response(StatusCodes.SERVICE_UNAVAILABLE, "the service could not complete the request; try again");
  }

  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder().matchAny(e -> complete(forFailure(e))).build();
  }

  /** Every rejection as problem+json, with readable messages for bad bodies. */
  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, r -> complete(malformed(r.getCause())))
        .handle(UnsupportedRequestContentTypeRejection.class, r ->
            problem(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json"))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(Problems::asProblem);
  }

  private static HttpResponse malformed(Throwable rejected) {
    // The Jackson unmarshaller wraps the parser's exception, which names the field and the problem.
    Throwable cause = rejected.getCause() instanceof JsonProcessingException ? rejected.getCause() : rejected;
    if (cause instanceof EntityStreamSizeException) return forFailure(cause);
    if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String field = m.getPath().stream()
          .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
          .reduce((a, b) -> a + "." + b).orElse("");
      String what = m.getOriginalMessage().startsWith("Unrecognized field") ? "is not a known field"
          : "has the wrong type";
      return response(Problem.invalid(List.of("'" + field + "' " + what)));
    }
    if (cause instanceof MismatchedInputException) {
      // At the root: no body, JSON null, an array or a scalar where the request object belongs.
      return response(StatusCodes.BAD_REQUEST, "the request body must be one JSON object");
    }
    if (cause instanceof JsonProcessingException p) {
      return response(StatusCodes.BAD_REQUEST, "malformed JSON: " + p.getOriginalMessage());
    }
    return response(StatusCodes.BAD_REQUEST, "the request body could not be read");
  }

  /** Default rejections come as text/plain; re-wrap them unless they are problems already. */
  private static HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().equals(PROBLEM_JSON)) return response;
    var strict = response.entity();
    String text = strict instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict s
        ? s.getData().utf8String() : response.status().reason();
    return response(response.status(), text).addHeaders(response.getHeaders());
  }
}
