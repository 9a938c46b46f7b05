package io.qrflow.projections.consume;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * First deliveries on topics that carry one message per item of a journal event (a scan of a
 * {@code ScansRecorded}, a view of a {@code VisitsRecorded}): event id {@code <persistence
 * id>:<sequence number>:<index>}. One {@code processed_events} row per journal event, {@code
 * <persistence id>:<sequence number>:*}, holds the highest index applied, instead of one row per
 * message (per scan and consumer service, the largest cost of consuming scans). A journal event's
 * messages are sent together, in index order, to one partition, so an index at or below the
 * recorded one is a message sent again. Rows are locked (in a fixed order) while a transaction
 * decides, so two transactions given the same messages during a rebalance apply them once.
 */
final class ItemDeliveries {

  private static final String ITEMS = ":*";

  private final String group;
  private final String schema;

  ItemDeliveries(String group, String schema) {
    this.group = group;
    this.schema = schema;
  }

  /** A parsed item id, or null when {@code eventId} does not end in {@code :<seq>:<index>}. */
  record Item(String eventId, String source, int index) {
    static Item parse(String eventId) {
      int last = eventId.lastIndexOf(':');
      int before = last > 0 ? eventId.lastIndexOf(':', last - 1) : -1;
      if (before <= 0 || !digits(eventId, before + 1, last) || !digits(eventId, last + 1, eventId.length())
          || eventId.length() - last - 1 > 9) {
        return null;
      }
      return new Item(eventId, eventId.substring(0, last) + ITEMS, Integer.parseInt(eventId.substring(last + 1)));
    }

    private static boolean digits(String s, int from, int to) {
      if (from >= to) return false;
      for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
      return true;
    }
  }

  /** The items applied for the first time now (their journal events' rows moved on). */
  Set<String> firstDeliveries(Connection c, List<Item> items) throws SQLException {
    Map<String, Integer> highest = new TreeMap<>(); // sorted: rows are locked in one order
    for (Item item : items) highest.merge(item.source(), item.index(), Math::max);
    Map<String, Integer> applied = lockApplied(c, highest.keySet());
    Set<String> fresh = new HashSet<>();
    for (Item item : items) {
      if (item.index() > applied.get(item.source())) fresh.add(item.eventId());
    }
    List<String> moved = new ArrayList<>();
    for (var e : highest.entrySet()) if (e.getValue() > applied.get(e.getKey())) moved.add(e.getKey());
    if (!moved.isEmpty()) record(c, moved, highest);
    return fresh;
  }

  /** Each source's highest applied index (-1: none yet), its row created if missing and locked. */
  private Map<String, Integer> lockApplied(Connection c, Set<String> sources) throws SQLException {
    Map<String, Integer> applied = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema + ".processed_events AS p"
        + "(consumer_group, event_id, last_index) SELECT ?, unnest(?::varchar[]), -1"
        + " ON CONFLICT (consumer_group, event_id) DO UPDATE SET last_index = p.last_index"
        + " RETURNING event_id, last_index")) {
      s.setString(1, group);
      s.setArray(2, c.createArrayOf("varchar", sources.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) applied.put(rs.getString(1), rs.getInt(2));
      }
    }
    return applied;
  }

  private void record(Connection c, List<String> sources, Map<String, Integer> highest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + schema + ".processed_events p"
        + " SET last_index = v.last_index, processed_at = now()"
        + " FROM unnest(?::varchar[], ?::int[]) AS v(event_id, last_index)"
        + " WHERE p.consumer_group = ? AND p.event_id = v.event_id")) {
      s.setArray(1, c.createArrayOf("varchar", sources.toArray()));
      s.setArray(2, c.createArrayOf("integer", sources.stream().map(highest::get).toArray()));
      s.setString(3, group);
      s.executeUpdate();
    }
  }
}
