-- The analytics service (consumer group `analytics`). Scans are never kept raw: each one is
-- folded into rollups at the moment it is consumed, so an owner's dashboard reads a few thousand
-- pre-aggregated rows however many scans there were. Every rollup is keyed by a `subject`:
-- 'qr:<code>' for one code and 'owner:<uuid>' for all of an owner's codes.
-- Times are UTC: minute, hour and day rows start at a UTC minute/hour/midnight. Queries map them
-- into the caller's time zone (see AnalyticsQuery): minute rows honour every zone, hour rows
-- every zone whose offset is a whole number of hours.
CREATE SCHEMA IF NOT EXISTS qr_analytics;

SELECT journal.create_consumer_bookkeeping('qr_analytics');

-- Per code: who owns it and what to call it (qr.created/updated/deleted, any order).
CREATE TABLE qr_analytics.codes (
  code VARCHAR(64) PRIMARY KEY,
  owner_id UUID NOT NULL,
  title VARCHAR(200),
  status VARCHAR(16),
  created_at TIMESTAMPTZ,
  title_changed_at TIMESTAMPTZ,
  status_changed_at TIMESTAMPTZ
);
CREATE INDEX codes_owner_idx ON qr_analytics.codes (owner_id, code);

-- Changes of a code (target, details, paused, resumed, archived): chart annotations.
CREATE TABLE qr_analytics.code_changes (
  code VARCHAR(64) NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL,
  change VARCHAR(16) NOT NULL,
  PRIMARY KEY (code, changed_at, change)
);

-- Accounts as analytics sees them (user.registered, user.logged_in).
CREATE TABLE qr_analytics.owners (
  owner_id UUID PRIMARY KEY,
  registered_at TIMESTAMPTZ,
  last_login_at TIMESTAMPTZ,
  login_count BIGINT NOT NULL DEFAULT 0
);

-- Scan counts. `visitors` = distinct human visitor ids in that minute / hour / UTC day.
CREATE TABLE qr_analytics.minutes (
  subject VARCHAR(80) NOT NULL,
  minute TIMESTAMPTZ NOT NULL,
  human INT NOT NULL,
  bot INT NOT NULL,
  visitors INT NOT NULL,
  PRIMARY KEY (subject, minute)
);
CREATE TABLE qr_analytics.hours (
  subject VARCHAR(80) NOT NULL,
  hour TIMESTAMPTZ NOT NULL,
  human INT NOT NULL,
  bot INT NOT NULL,
  visitors INT NOT NULL,
  PRIMARY KEY (subject, hour)
);
CREATE TABLE qr_analytics.days (
  subject VARCHAR(80) NOT NULL,
  day DATE NOT NULL,
  human INT NOT NULL,
  bot INT NOT NULL,
  visitors INT NOT NULL,
  PRIMARY KEY (subject, day)
);

-- Human scans per code by owner, per UTC day and hour: an owner's top codes from one index range.
CREATE TABLE qr_analytics.owner_code_days (
  owner_id UUID NOT NULL,
  day DATE NOT NULL,
  code VARCHAR(64) NOT NULL,
  human INT NOT NULL,
  PRIMARY KEY (owner_id, day, code)
);
CREATE TABLE qr_analytics.owner_code_hours (
  owner_id UUID NOT NULL,
  hour TIMESTAMPTZ NOT NULL,
  code VARCHAR(64) NOT NULL,
  human INT NOT NULL,
  PRIMARY KEY (owner_id, hour, code)
);

-- Human scans per dimension value per hour (country, deviceType, os, browser, referrer,
-- language); bot scans per agent under dimension 'bot'.
CREATE TABLE qr_analytics.hour_dimensions (
  subject VARCHAR(80) NOT NULL,
  hour TIMESTAMPTZ NOT NULL,
  dimension VARCHAR(16) NOT NULL,
  key VARCHAR(100) NOT NULL,
  count INT NOT NULL,
  PRIMARY KEY (subject, hour, dimension, key)
);

-- The same per UTC day: long ranges read whole days from here and only their ragged ends
-- (local midnight is not UTC midnight) from the hour rows.
CREATE TABLE qr_analytics.day_dimensions (
  subject VARCHAR(80) NOT NULL,
  day DATE NOT NULL,
  dimension VARCHAR(16) NOT NULL,
  key VARCHAR(100) NOT NULL,
  count INT NOT NULL,
  PRIMARY KEY (subject, day, dimension, key)
);

-- Visitor ids are keyed hashes whose salt rotates every UTC day, so a visitor is only
-- recognisable within one UTC day: one row per subject, day and visitor, with the minutes of
-- that day (0..1439) it scanned in. Distinct visitors over a range are therefore the sum over
-- UTC days of the distinct visitors within the part of each day the range covers.
CREATE TABLE qr_analytics.visitor_days (
  subject VARCHAR(80) NOT NULL,
  day DATE NOT NULL,
  visitor_id VARCHAR(64) NOT NULL,
  minutes SMALLINT[] NOT NULL,
  PRIMARY KEY (subject, day, visitor_id)
);
-- Per subject and UTC day: how many visitors were first seen (`firsts`) / last seen (`lasts`) in
-- each hour. Distinct visitors in the first k hours of a day = sum of firsts below k, in the
-- hours from k on = sum of lasts from k: a local day of a whole-hour zone is such a suffix plus
-- the next day's prefix, answered without reading visitor rows.
CREATE TABLE qr_analytics.day_edges (
  subject VARCHAR(80) NOT NULL,
  day DATE NOT NULL,
  hour SMALLINT NOT NULL,
  firsts INT NOT NULL,
  lasts INT NOT NULL,
  PRIMARY KEY (subject, day, hour)
);

-- Microsite views and clicks (analytics.event), per slug, hour and kind.
CREATE TABLE qr_analytics.page_events (
  slug VARCHAR(100) NOT NULL,
  owner_id UUID NOT NULL,
  hour TIMESTAMPTZ NOT NULL,
  kind VARCHAR(16) NOT NULL,
  human INT NOT NULL,
  bot INT NOT NULL,
  PRIMARY KEY (slug, hour, kind)
);
