package io.qrflow.projections.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

  private static final ExactlyOnceConsumer.Settings SETTINGS = new ExactlyOnceConsumer.Settings(
      1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(1), 3, Duration.ofMillis(1),
      Duration.ofDays(1), Duration.ofHours(1), 100);

  @Test
  void givenDeadlocks_thenTheTransactionRunsAgainUntilItPasses() {
    var runs = new AtomicInteger();
    ExactlyOnceConsumer.retryingTransientFailures(SETTINGS, () -> {
      if (runs.incrementAndGet() < 3) throw failure("40P01");
    });
    assertEquals(3, runs.get());
  }

  @Test
  void givenDeadlocksEveryTime_thenItGivesUpAfterTheConfiguredAttempts() {
    var runs = new AtomicInteger();
    assertThrows(CompletionException.class, () -> ExactlyOnceConsumer.retryingTransientFailures(
        SETTINGS, () -> {
          runs.incrementAndGet();
          throw failure("40001");
        }));
    assertEquals(3, runs.get());
  }

  @Test
  void givenALostConnection_thenItIsNotRetriedHere() {
    var runs = new AtomicInteger();
    assertThrows(CompletionException.class, () -> ExactlyOnceConsumer.retryingTransientFailures(
        SETTINGS, () -> {
          runs.incrementAndGet();
          throw failure("08006");
        }));
    assertEquals(1, runs.get());
  }

  private static CompletionException failure(String sqlState) {
    return new CompletionException(new SQLException("database said no", sqlState));
  }
}
