package com.run402.local.runtime.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Renders an {@link OutboundEmail} as RFC 822 bytes with Eclipse Angus Mail (Jakarta Mail). MIME is
 * easy to get subtly wrong by hand (header folding and RFC 2047 encoded words, boundaries,
 * quoted-printable vs base64, multipart/alternative nested in multipart/mixed), and real mail
 * clients and parsers read what the catcher stores, so a maintained implementation writes it. Only
 * the MIME classes are used: no Transport, so nothing can be sent.
 */
final class MimeWriter {
  private final Session session = Session.getInstance(new Properties());

  byte[] write(OutboundEmail mail, String messageId, Instant date) {
    try {
      MimeMessage m = new FixedIdMessage(session, "<" + messageId + "@mail.run402.local>");
      m.setFrom(InternetAddress.parse(mail.from(), false)[0]);
      m.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(mail.to(), false));
      m.setSubject(mail.subject(), "UTF-8");
      m.setSentDate(Date.from(date));
      if (mail.template() != null) {
        m.setHeader("X-Run402-Template", mail.template());
      }
      MimeMultipart alternative = new MimeMultipart("alternative");
      if (mail.text() != null) {
        MimeBodyPart p = new MimeBodyPart();
        p.setText(mail.text(), "UTF-8", "plain");
        alternative.addBodyPart(p);
      }
      if (mail.html() != null) {
        MimeBodyPart p = new MimeBodyPart();
        p.setText(mail.html(), "UTF-8", "html");
        alternative.addBodyPart(p);
      }
      if (mail.attachments().isEmpty()) {
        m.setContent(alternative);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        mixed.addBodyPart(body);
        for (OutboundEmail.Attachment a : mail.attachments()) {
          MimeBodyPart p = new MimeBodyPart();
          p.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
          p.setFileName(a.filename());
          p.setDisposition(MimeBodyPart.ATTACHMENT);
          mixed.addBodyPart(p);
        }
        m.setContent(mixed);
      }
      m.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalArgumentException("Cannot build the email: " + e.getMessage(), e);
    }
  }

  /** Keeps our Message-ID instead of the one saveChanges() would generate from the host name. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session s, String id) {
      super(s);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }

  static String utf8(byte[] raw) {
    return new String(raw, StandardCharsets.UTF_8);
  }
}
