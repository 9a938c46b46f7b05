package io.qrflow.projections.insights;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Folds the scans of one partition, in order, into {@link ScanAggregates}' tables: counts are summed
 * per row in memory and each table takes one multi-row statement, with the same rows as if the scans
 * had come one by one. Rows are written in key order, so partitions sharing an owner's rows lock them
 * in the same order.
 */
final class ScanFold {

  record Scan(UUID owner, String code, Instant at, String country, String eventId) {

    static Scan of(JsonNode envelope) throws PoisonMessage {
      JsonNode p = envelope.get("payload");
      String country = p.path("country").isTextual() ? p.get("country").asText() : null;
      return new Scan(uuid(p, "ownerId"), text(p, "code"), instant(p, "scannedAt").toInstant(),
          country, envelope.get("eventId").asText());
    }

    Instant minute() {
      return at.truncatedTo(ChronoUnit.MINUTES);
    }
  }

  /** The scans (by index in the batch) that were the first of their code, or from their country. */
  record Firsts(BitSet ofCode, BitSet fromCountry) {}

  /** Row keys compare column by column, so rows sort (and are locked) in primary key order. */
  private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
    for (int i = 0; i < a.size(); i++) {
      int order = a.get(i).compareTo(b.get(i));
      if (order != 0) return order;
    }
    return 0;
  };

  private ScanFold() {}

  static Firsts write(Connection c, List<Scan> scans) throws SQLException {
    Map<List<String>, Long> minutes = new TreeMap<>(KEY_ORDER);
    Map<String, Integer> firstOfCode = new TreeMap<>();
    Map<List<String>, Long> countryDays = new TreeMap<>(KEY_ORDER);
    Map<List<String>, Integer> firstOfCountry = new TreeMap<>(KEY_ORDER);
    for (int i = 0; i < scans.size(); i++) {
      Scan s = scans.get(i);
      String owner = s.owner().toString();
      firstOfCode.putIfAbsent(s.code(), i);
      // one row per (code, minute), its owner that of the code's first scan, as one by one
      String codeOwner = scans.get(firstOfCode.get(s.code())).owner().toString();
      minutes.merge(List.of(s.code(), s.minute().toString(), codeOwner), 1L, Long::sum);
      if (s.country() == null) continue;
      LocalDate day = s.at().atOffset(ZoneOffset.UTC).toLocalDate();
      countryDays.merge(List.of(owner, day.toString(), s.country()), 1L, Long::sum);
      firstOfCountry.putIfAbsent(List.of(owner, s.country()), i);
    }
    Sql.unnest(c, "INSERT INTO workflow_db.insight_scan_minutes AS m(code, minute, owner_id, scans)"
        + " SELECT c, t::timestamptz, o::uuid, n::bigint FROM unnest(?::text[], ?::text[],"
        + " ?::text[], ?::text[]) AS x(c, t, o, n) ON CONFLICT (code, minute) DO UPDATE"
        + " SET scans = m.scans + EXCLUDED.scans", withCount(minutes));
    var firsts = new Firsts(new BitSet(), new BitSet());
    // A code's first scan sets first_scan_at, whether the code's row is new or was made by qr.created.
    for (List<String> code : Sql.unnest(c, "INSERT INTO workflow_db.insight_codes AS q(code, owner_id,"
        + " first_scan_at) SELECT c, o::uuid, t::timestamptz FROM unnest(?::text[], ?::text[],"
        + " ?::text[]) AS x(c, o, t) ON CONFLICT (code) DO UPDATE SET first_scan_at ="
        + " EXCLUDED.first_scan_at WHERE q.first_scan_at IS NULL RETURNING q.code",
        firstOfCode.entrySet().stream().map(e -> codeRow(e.getKey(), scans.get(e.getValue()))).toList())) {
      firsts.ofCode().set(firstOfCode.get(code.get(0)));
    }
    Sql.unnest(c, "INSERT INTO workflow_db.insight_country_days AS d(owner_id, day, country, scans)"
        + " SELECT o::uuid, t::date, k, n::bigint FROM unnest(?::text[], ?::text[], ?::text[],"
        + " ?::text[]) AS x(o, t, k, n) ON CONFLICT (owner_id, day, country) DO UPDATE"
        + " SET scans = d.scans + EXCLUDED.scans", withCount(countryDays));
    for (List<String> ownerCountry : Sql.unnest(c, "INSERT INTO workflow_db.insight_owner_countries"
        + " (owner_id, country, first_seen_at) SELECT o::uuid, k, t::timestamptz FROM unnest(?::text[],"
        + " ?::text[], ?::text[]) AS x(o, k, t) ON CONFLICT DO NOTHING RETURNING owner_id::text, country",
        firstOfCountry.entrySet().stream().map(e -> countryRow(e.getKey(), scans.get(e.getValue()))).toList())) {
      firsts.fromCountry().set(firstOfCountry.get(ownerCountry));
    }
    return firsts;
  }

  private static List<String> codeRow(String code, Scan first) {
    return List.of(code, first.owner().toString(), first.at().toString());
  }

  private static List<String> countryRow(List<String> key, Scan first) {
    return List.of(key.get(0), key.get(1), first.at().toString());
  }

  private static List<List<String>> withCount(Map<List<String>, Long> rows) {
    return rows.entrySet().stream()
        .map(e -> Stream.concat(e.getKey().stream(), Stream.of(Long.toString(e.getValue()))).toList())
        .toList();
  }
}
