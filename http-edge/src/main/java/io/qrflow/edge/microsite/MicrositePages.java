package io.qrflow.edge.microsite;

import com.typesafe.config.Config;
import io.qrflow.edge.http.Courier;
import io.qrflow.edge.redirect.ScanRecorder;
import io.qrflow.microsite.PageUpdate;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;

/** Wires the public microsite pages: cache, visit counting and the handler in front of next. */
public final class MicrositePages {

  private MicrositePages() {}

  public static Function<HttpRequest, CompletionStage<HttpResponse>> handler(ActorSystem<?> system,
      Config config, ActorRef<Topic.Command<PageUpdate>> pageUpdates, ScanRecorder anonymizer,
      Executor renderers, Function<HttpRequest, CompletionStage<HttpResponse>> next) {
    var cache = new PageCache(system, PageCache.Settings.fromConfig(config), renderers);
    cache.subscribe(system, pageUpdates);
    var visits = new VisitRecorder(system, anonymizer,
        config.getDuration("qrflow.microsite.edge-buffer-interval"),
        Courier.Settings.fromConfig(config));
    return new MicrositePageHandler(cache, visits, next);
  }
}
