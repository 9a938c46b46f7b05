package io.qrflow.projections.ml;

import com.typesafe.config.Config;
import java.time.Duration;

/** The ml service's settings from {@code qrflow.ml}. */
public record MlSettings(String generator, OpenAi openAi, Duration produceTimeout,
    AnomalyModel.Parameters anomaly) {

  /** The OpenAI-compatible client: where, which model, how long and how often to try. */
  public record OpenAi(String baseUrl, String model, String apiKey, double temperature,
      Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoff) {}

  public static MlSettings fromConfig(Config config) {
    Config ml = config.getConfig("qrflow.ml");
    Config o = ml.getConfig("openai");
    String baseUrl = o.getString("base-url");
    return new MlSettings(ml.getString("generator"),
        new OpenAi(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
            o.getString("model"), o.getString("api-key"), o.getDouble("temperature"),
            o.getDuration("connect-timeout"), o.getDuration("request-timeout"),
            o.getInt("max-attempts"), o.getDuration("backoff")),
        ml.getDuration("produce-timeout"),
        AnomalyModel.Parameters.fromConfig(ml.getConfig("anomaly")));
  }

  public ContentGenerator createGenerator() {
    return switch (generator) {
      case TemplateGenerator.NAME -> new TemplateGenerator();
      case OpenAiCompatibleGenerator.NAME -> new OpenAiCompatibleGenerator(openAi);
      default -> throw new IllegalArgumentException("qrflow.ml.generator must be '"
          + TemplateGenerator.NAME + "' or '" + OpenAiCompatibleGenerator.NAME + "', not '" + generator + "'");
    };
  }
}
