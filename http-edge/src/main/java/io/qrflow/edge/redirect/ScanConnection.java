package io.qrflow.edge.redirect;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.qrflow.edge.http.Problems;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.IllegalUriException;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;

/**
 * One client connection of the {@link ScanListener}. Requests for {@code GET /r/{code}} and the
 * health checks go to the edge's handler; anything else is answered here. Answers are written in
 * request order even when one of them waits (a route cache miss asks the entity): while an answer
 * is outstanding the connection stops reading, and later answers queue behind it.
 */
final class ScanConnection extends SimpleChannelInboundHandler<HttpObject> {

  private static final String HEALTH_PREFIX = "/health/";
  private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

  private final Function<HttpRequest, CompletionStage<HttpResponse>> handler;
  private final NettyExchange exchange;
  private final Materializer materializer;
  private final long strictTimeoutMillis;
  /** Written when the last answer queued so far is written; touched only on the event loop. */
  private CompletableFuture<Void> previous = NOTHING_PENDING;
  private boolean flushPending;

  ScanConnection(Function<HttpRequest, CompletionStage<HttpResponse>> handler, NettyExchange exchange,
      Materializer materializer, long strictTimeoutMillis) {
    this.handler = handler;
    this.exchange = exchange;
    this.materializer = materializer;
    this.strictTimeoutMillis = strictTimeoutMillis;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
    // Bodies (HttpContent) of GET requests are read and dropped.
    if (message instanceof io.netty.handler.codec.http.HttpRequest request) {
      if (request.decoderResult().isFailure()) {
        respond(ctx, CompletableFuture.completedFuture(badRequest(request.decoderResult().cause())), false);
      } else {
        respond(ctx, answer(request, (InetSocketAddress) ctx.channel().remoteAddress()),
            HttpUtil.isKeepAlive(request));
      }
    }
  }

  private CompletionStage<HttpResponse> answer(io.netty.handler.codec.http.HttpRequest request,
      InetSocketAddress peer) {
    HttpRequest pekkoRequest;
    try {
      pekkoRequest = NettyExchange.toPekko(request, peer);
    } catch (IllegalUriException malformed) {
      return CompletableFuture.completedFuture(
          Problems.response(StatusCodes.BAD_REQUEST, "the request target is not a valid URI"));
    }
    String path = pekkoRequest.getUri().path();
    boolean served = path.startsWith(ScanHandler.PATH_PREFIX) || path.startsWith(HEALTH_PREFIX);
    if (!served) {
      return CompletableFuture.completedFuture(Problems.response(StatusCodes.NOT_FOUND,
          "this port serves scans only: GET /r/{code}"));
    }
    if (!io.netty.handler.codec.http.HttpMethod.GET.equals(request.method())) {
      return CompletableFuture.completedFuture(Problems.response(StatusCodes.METHOD_NOT_ALLOWED,
          "only GET is supported here", Allow.create(HttpMethods.GET)));
    }
    try {
      return handler.apply(pekkoRequest);
    } catch (Exception failure) {
      return CompletableFuture.failedFuture(failure);
    }
  }

  private void respond(ChannelHandlerContext ctx, CompletionStage<HttpResponse> answer, boolean keepAlive) {
    CompletableFuture<HttpResponse> response = answer.toCompletableFuture();
    if (previous.isDone() && response.isDone() && !response.isCompletedExceptionally()
        && response.join().entity() instanceof HttpEntity.Strict) {
      write(ctx, response.join(), keepAlive, false);
      return;
    }
    CompletableFuture<Void> before = previous;
    CompletableFuture<Void> written = new CompletableFuture<>();
    previous = written;
    ctx.channel().config().setAutoRead(false);
    before.thenCompose(ignored -> response.thenCompose(this::strict)).whenComplete((ready, failure) ->
        ctx.executor().execute(() -> {
          write(ctx, failure == null ? ready : Problems.forFailure(failure), keepAlive, true);
          written.complete(null);
          if (previous == written) ctx.channel().config().setAutoRead(true);
        }));
  }

  private CompletionStage<HttpResponse> strict(HttpResponse response) {
    if (response.entity() instanceof HttpEntity.Strict) return CompletableFuture.completedFuture(response);
    return response.entity().toStrict(strictTimeoutMillis, materializer).thenApply(response::withEntity);
  }

  private void write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive, boolean flush) {
    FullHttpResponse out = exchange.toNetty(response);
    HttpUtil.setKeepAlive(out, keepAlive);
    var future = flush ? ctx.writeAndFlush(out) : ctx.write(out);
    flushPending |= !flush;
    if (!keepAlive) future.addListener(ChannelFutureListener.CLOSE);
  }

  /** One flush for all the answers written while handling one read. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) ctx.close();
    else ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or broken connection: nothing to answer to
  }

  private static HttpResponse badRequest(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return Problems.response(StatusCodes.URI_TOO_LONG, "the request line is too long");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Problems.response(StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers are too large");
    }
    if (cause instanceof TooLongFrameException) {
      return Problems.response(StatusCodes.BAD_REQUEST, "the request is too large");
    }
    return Problems.response(StatusCodes.BAD_REQUEST, "the request is not valid HTTP/1.1");
  }
}
