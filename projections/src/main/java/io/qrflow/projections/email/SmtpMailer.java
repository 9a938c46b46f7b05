package io.qrflow.projections.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Sends one mail over SMTP (Jakarta Mail, Angus implementation): multipart/alternative with the
 * text and HTML bodies. The Message-ID is derived from the event id, so should a crash between
 * sending and recording make the sender try again, receivers can recognise the copy.
 */
final class SmtpMailer {

  private final EmailSettings.Smtp smtp;
  private final InternetAddress from;
  private final Session session;

  SmtpMailer(EmailSettings settings) {
    this.smtp = settings.smtp();
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("qrflow.email.from is not an e-mail address", e);
    }
    String protocol = smtp.tls().equals("ssl") ? "smtps" : "smtp";
    Properties p = new Properties();
    p.put("mail.transport.protocol", protocol);
    p.put("mail." + protocol + ".host", smtp.host());
    p.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
    p.put("mail." + protocol + ".auth", String.valueOf(!smtp.user().isEmpty()));
    p.put("mail." + protocol + ".starttls.enable", String.valueOf(smtp.tls().equals("starttls")));
    p.put("mail." + protocol + ".starttls.required", String.valueOf(smtp.tls().equals("starttls")));
    String timeout = String.valueOf(smtp.timeout().toMillis());
    p.put("mail." + protocol + ".connectiontimeout", timeout);
    p.put("mail." + protocol + ".timeout", timeout);
    p.put("mail." + protocol + ".writetimeout", timeout);
    this.session = Session.getInstance(p);
  }

  void send(EmailOutbox.Claimed mail) throws MessagingException {
    String messageId = "<" + HexFormat.of().formatHex(
        mail.eventId().getBytes(StandardCharsets.UTF_8)) + "@qrflow>";
    MimeMessage message = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    message.setFrom(from);
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), true));
    message.setSubject(mail.subject(), "UTF-8");
    message.setHeader("X-Qrflow-Kind", mail.kind().id());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), "UTF-8", "html");
    message.setContent(new MimeMultipart("alternative", text, html));
    message.saveChanges();
    try (Transport transport = session.getTransport()) {
      if (smtp.user().isEmpty()) transport.connect();
      else transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
      transport.sendMessage(message, message.getAllRecipients());
    }
  }
}
