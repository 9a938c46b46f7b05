package io.qrflow.edge.redirect;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Between Netty's HTTP messages and pekko-http's model, so that the scan listener runs the very
 * handler the main listener runs (scan limit, route cache, scan recording, metrics). Only strict
 * entities are written: every answer of the scan path is one.
 */
final class NettyExchange {

  private final Clock clock;
  /** The Date header, formatted once per second rather than once per response. */
  private volatile CachedDate date = new CachedDate(Long.MIN_VALUE, "");

  private record CachedDate(long epochSecond, String value) {}

  NettyExchange(Clock clock) {
    this.clock = clock;
  }

  /** The GET request as pekko-http would have parsed it; throws on a malformed request target. */
  static HttpRequest toPekko(io.netty.handler.codec.http.HttpRequest request, InetSocketAddress peer) {
    List<HttpHeader> headers = new ArrayList<>(request.headers().size());
    for (Map.Entry<String, String> header : request.headers()) {
      headers.add(RawHeader.create(header.getKey(), header.getValue()));
    }
    return HttpRequest.create(request.uri())
        .withMethod(HttpMethods.GET)
        .addHeaders(headers)
        .addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(peer));
  }

  /** The response for Netty to write; {@code response} must have a strict entity. */
  FullHttpResponse toNetty(HttpResponse response) {
    HttpEntity.Strict entity = (HttpEntity.Strict) response.entity();
    byte[] body = entity.getData().toArray();
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status().intValue(), response.status().reason()),
        Unpooled.wrappedBuffer(body));
    for (HttpHeader header : response.getHeaders()) out.headers().add(header.name(), header.value());
    if (body.length > 0) out.headers().set(HttpHeaderNames.CONTENT_TYPE, entity.getContentType().toString());
    out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    out.headers().set(HttpHeaderNames.DATE, date());
    return out;
  }

  private String date() {
    long now = clock.millis();
    long second = now / 1000;
    CachedDate cached = date;
    if (cached.epochSecond() != second) {
      cached = new CachedDate(second, DateFormatter.format(new Date(second * 1000)));
      date = cached;
    }
    return cached.value();
  }
}
