package io.qrflow.projections.email;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the outbox every poll interval: claims due mails, skips those whose owner opted out,
 * sends the others and records the outcome. A failed attempt is retried after an exponential
 * backoff; after {@code max-attempts} the mail is marked dead and stays in the delivery log with
 * its last error. A mail whose recipient is not known yet (its user.registered not consumed yet)
 * counts as a failed attempt too.
 */
public final class OutboxSender implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  private final EmailOutbox outbox;
  private final SmtpMailer mailer;
  private final EmailSettings settings;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  public OutboxSender(EmailOutbox outbox, EmailSettings settings, Clock clock) {
    this.outbox = outbox;
    this.mailer = new SmtpMailer(settings);
    this.settings = settings;
    this.clock = clock;
  }

  /** One round; rounds never overlap on a node. */
  @Override
  public void run() {
    if (!running.compareAndSet(false, true)) return;
    try {
      for (EmailOutbox.Claimed mail : outbox.claimDue(settings.batchSize(), settings.lease())) {
        handle(mail);
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("e-mail outbox round failed, next round retries: {}", e.toString());
    } finally {
      running.set(false);
    }
  }

  private void handle(EmailOutbox.Claimed mail) throws SQLException {
    if (mail.optedOut() && mail.kind().optional()) {
      outbox.markSkipped(mail.id());
      return;
    }
    String error;
    if (mail.recipient() == null) {
      error = "recipient not known yet";
    } else {
      try {
        mailer.send(mail);
        outbox.markSent(mail.id(), mail.recipient());
        log.info("sent {} mail for event {}", mail.kind().id(), mail.eventId());
        return;
      } catch (jakarta.mail.MessagingException | RuntimeException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
    int attempt = mail.attempts() + 1;
    boolean giveUp = attempt >= settings.maxAttempts();
    outbox.markFailed(mail.id(), error, giveUp ? null : clock.instant().plus(settings.backoffAfter(attempt)));
    if (giveUp) {
      log.error("gave up on {} mail for event {} after {} attempts: {}", mail.kind().id(), mail.eventId(), attempt, error);
    } else {
      log.warn("{} mail for event {} failed (attempt {}), retrying: {}", mail.kind().id(), mail.eventId(), attempt, error);
    }
  }
}
