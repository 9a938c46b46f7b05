import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.*;
import org.apache.pekko.http.javadsl.model.headers.Location;
import com.typesafe.config.ConfigFactory;

/** A pekko-http server (bindSync) that answers every request with a constant 302: the framework ceiling, nothing else, tuned as the node is. */
public class BarePekko {
  public static void main(String[] a) {
    // The node's dispatcher tuning (conf/cluster.conf, conf/http.conf): one thread per core, and
    // the TCP connection actors on that same pool.
    int cores = Runtime.getRuntime().availableProcessors();
    var config = ConfigFactory.parseString("pekko.actor.provider = local\npekko.http.server.server-header = \"\"\n"
            + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + cores + "\n"
            + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + cores + "\n"
            + "pekko.io.tcp.worker-dispatcher = \"pekko.actor.default-dispatcher\"")
        .withFallback(ConfigFactory.defaultReference());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bare", config);
    HttpResponse found = HttpResponse.create().withStatus(StatusCodes.FOUND)
        .addHeader(Location.create("https://example.com/target"));
    Http.get(system).newServerAt("127.0.0.1", Integer.parseInt(a[0])).bindSync(req -> found);
  }
}
