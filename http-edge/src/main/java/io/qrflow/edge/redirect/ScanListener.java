package io.qrflow.edge.redirect;

import com.typesafe.config.Config;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;

/**
 * An optional second HTTP listener, on Netty, that serves only {@code GET /r/{code}} (and the
 * health checks) with the same handler as the main pekko-http listener. It exists for throughput:
 * pekko-http's TCP layer costs two {@code epoll_ctl} calls, an extra {@code read} and several
 * thread hand-offs per request, which on small machines is most of a scan's CPU (figures in
 * bench/README.md). Everything else stays on pekko-http. Off unless {@code qrflow.scan.listener}
 * enables it; in coordinated shutdown it stops accepting with the main listener and closes its
 * connections once their answers are written.
 */
public final class ScanListener {

  /** From {@code qrflow.scan.listener}; {@code eventLoopThreads} 0 means half the cores, at least one. */
  public record Settings(boolean enabled, String host, int port, int eventLoopThreads,
      int maxConnections, int maxRequestLine, int maxHeaderSize, Duration idleTimeout, Duration quietPeriod,
      Duration drainTimeout) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.scan.listener");
      return new Settings(c.getBoolean("enabled"), c.getString("host"), c.getInt("port"),
          c.getInt("event-loop-threads"), c.getInt("max-connections"),
          c.getBytes("max-request-line").intValue(),
          c.getBytes("max-header-size").intValue(), c.getDuration("idle-timeout"),
          c.getDuration("quiet-period"), c.getDuration("drain-timeout"));
    }
  }

  private final Channel server;
  private final EventLoopGroup group;

  private ScanListener(Channel server, EventLoopGroup group) {
    this.server = server;
    this.group = group;
  }

  /** Binds the listener and ties it to coordinated shutdown; fails when the port is taken. */
  public static CompletionStage<ScanListener> start(ActorSystem<?> system, Settings settings,
      Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
    int threads = settings.eventLoopThreads() > 0 ? settings.eventLoopThreads()
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    EventLoopGroup group = new NioEventLoopGroup(threads,
        new DefaultThreadFactory("qrflow-scan-listener", true));
    NettyExchange exchange = new NettyExchange(Clock.systemUTC());
    Materializer materializer = Materializer.matFromSystem(system);
    long idleMillis = settings.idleTimeout().toMillis();
    ConnectionLimit connectionLimit = new ConnectionLimit(settings.maxConnections());
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(
                connectionLimit,
                new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS),
                new HttpServerCodec(settings.maxRequestLine(), settings.maxHeaderSize(),
                    settings.maxHeaderSize()),
                // A streamed answer (none on these paths) must arrive in full within the idle timeout.
                new ScanConnection(handler, exchange, materializer, idleMillis));
          }
        })
        .bind(settings.host(), settings.port());
    CompletableFuture<ScanListener> started = new CompletableFuture<>();
    bound.addListener(result -> {
      if (!result.isSuccess()) {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        started.completeExceptionally(result.cause());
        return;
      }
      ScanListener listener = new ScanListener(bound.channel(), group);
      listener.addToCoordinatedShutdown(system, settings);
      system.log().info("scan listener (GET /r/{code}) listening on {}", listener.localAddress());
      started.complete(listener);
    });
    return started;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  private void addToCoordinatedShutdown(ActorSystem<?> system, Settings settings) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "scan-listener-unbind",
        () -> completion(server.close()));
    // Netty's graceful shutdown waits for a quiet period without tasks (answers still being
    // written), then closes the connections.
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "scan-listener-drain",
        () -> completion(group.shutdownGracefully(
            settings.quietPeriod().toMillis(), settings.drainTimeout().toMillis(),
            TimeUnit.MILLISECONDS)));
  }

  private static CompletionStage<Done> completion(io.netty.util.concurrent.Future<?> future) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    future.addListener(ignored -> done.complete(Done.getInstance()));
    return done;
  }
}
