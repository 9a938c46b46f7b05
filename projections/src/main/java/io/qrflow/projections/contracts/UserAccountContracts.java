package io.qrflow.projections.contracts;

import io.qrflow.user.UserAccount;
import java.util.List;

/**
 * Turns UserAccount journal events into user.registered and user.logged_in messages. Key and
 * event id are built from the user id, not from the e-mail (the account's persistence id), so
 * addresses do not spread into keys and ids.
 */
public final class UserAccountContracts {

  private static final String ID_PREFIX = "UserAccount|";

  private UserAccountContracts() {}

  public static List<OutgoingMessage> messages(long sequenceNr, UserAccount.Event event) {
    if (event instanceof UserAccount.UserRegistered e) {
      String id = ID_PREFIX + e.userId() + ":" + sequenceNr;
      return List.of(QrCodeContracts.message(Topics.USER_REGISTERED, id, e.at(), e.userId(),
          new Payloads.UserRegistered(e.userId(), e.email(), e.displayName(), e.at())));
    } else if (event instanceof UserAccount.UserLoggedIn e) {
      String id = ID_PREFIX + e.userId() + ":" + sequenceNr;
      return List.of(QrCodeContracts.message(Topics.USER_LOGGED_IN, id, e.at(), e.userId(),
          new Payloads.UserLoggedIn(e.userId(), e.email(), e.client(), e.at())));
    }
    return List.of(); // no other event is published
  }
}
