import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.*;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.*;

/** A Netty server that answers every request with a constant 302: the framework ceiling, nothing else. */
public class BareNetty {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    var group = new NioEventLoopGroup(Integer.parseInt(a[1]));
    new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
      .childHandler(new ChannelInitializer<SocketChannel>() {
        protected void initChannel(SocketChannel ch) {
          ch.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpRequest>() {
            protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
              var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER);
              r.headers().set(HttpHeaderNames.LOCATION, "https://example.com/target").set(HttpHeaderNames.CONTENT_LENGTH, 0);
              ctx.writeAndFlush(r);
            }
          });
        }
      }).bind("127.0.0.1", port).sync().channel().closeFuture().sync();
  }
}
