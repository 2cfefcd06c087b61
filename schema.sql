-- The schema of a fresh claims database. Generated: python -m extract.store > schema.sql

CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

CREATE TABLE "article_paths" (
   "path" TEXT PRIMARY KEY,
   "article_id" INTEGER NOT NULL REFERENCES "articles"("id")
);

CREATE TABLE "articles" (
   "id" INTEGER PRIMARY KEY,
   "path" TEXT NOT NULL,
   "title" TEXT,
   "source" TEXT,
   "published" TEXT,
   "url" TEXT,
   "content_hash" TEXT NOT NULL,
   "extractor_version" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "n_claims" INTEGER NOT NULL,
   "extracted_at" TEXT NOT NULL
, "notes" TEXT);

CREATE TABLE "claims" (
   "id" INTEGER PRIMARY KEY,
   "article_id" INTEGER NOT NULL REFERENCES "articles"("id"),
   "figure" TEXT NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL,
   "sentence" TEXT NOT NULL,
   "value" REAL,
   "value_low" REAL,
   "value_high" REAL,
   "qualifier" TEXT,
   "unit" TEXT,
   "subject" TEXT,
   "year_start" INTEGER,
   "year_end" INTEGER,
   "period" TEXT,
   "place" TEXT,
   "country_code" TEXT,
   "latitude" REAL,
   "longitude" REAL,
   "speaker" TEXT,
   "direction" TEXT,
   "flow" TEXT,
   "origin" TEXT,
   "destination" TEXT,
   "confidence" REAL NOT NULL,
   "claim_group" INTEGER
, "article" TEXT, "source" TEXT, "published" TEXT, "title" TEXT, "cues" TEXT, status TEXT NOT NULL DEFAULT 'extracted' CHECK (status IN ('extracted', 'confirmed', 'corrected', 'rejected')), extracted TEXT, review TEXT);

CREATE VIRTUAL TABLE "claims_fts" USING FTS5 (
    "sentence", "figure", "speaker", "place",
    tokenize='porter',
    content="claims"
);

CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

CREATE INDEX "idx_article_paths_article_id"
    ON "article_paths" ("article_id");

CREATE UNIQUE INDEX "idx_articles_path"
    ON "articles" ("path");

CREATE INDEX "idx_articles_published"
    ON "articles" ("published");

CREATE INDEX "idx_articles_source"
    ON "articles" ("source");

CREATE INDEX "idx_claims_article"
    ON "claims" ("article");

CREATE INDEX "idx_claims_article_id"
    ON "claims" ("article_id");

CREATE INDEX "idx_claims_claim_group"
    ON "claims" ("claim_group");

CREATE INDEX "idx_claims_confidence"
    ON "claims" ("confidence" desc);

CREATE INDEX "idx_claims_country_code_status"
    ON "claims" ("country_code", "status");

CREATE INDEX "idx_claims_direction_status"
    ON "claims" ("direction", "status");

CREATE INDEX "idx_claims_flow_status"
    ON "claims" ("flow", "status");

CREATE INDEX "idx_claims_place_status"
    ON "claims" ("place", "status");

CREATE INDEX "idx_claims_published"
    ON "claims" ("published" desc);

CREATE INDEX "idx_claims_source_status"
    ON "claims" ("source", "status");

CREATE INDEX "idx_claims_speaker_status"
    ON "claims" ("speaker", "status");

CREATE INDEX "idx_claims_status"
    ON "claims" ("status");

CREATE INDEX "idx_claims_unit_status"
    ON "claims" ("unit", "status");

CREATE INDEX "idx_claims_year_end_status"
    ON "claims" ("year_end", "status");

CREATE INDEX "idx_claims_year_start_status"
    ON "claims" ("year_start", "status");

CREATE VIEW "claims_flat" AS SELECT
    id,
    article,
    source,
    published,
    title,
    sentence,
    figure,
    char_start,
    char_end,
    value,
    value_low,
    value_high,
    unit,
    year_start,
    year_end,
    place,
    latitude,
    longitude,
    speaker,
    direction,
    flow,
    confidence,
    qualifier,
    subject,
    period,
    country_code,
    origin,
    destination,
    claim_group,
    cues,
    article_id,
    status,
    extracted
FROM claims;

CREATE TRIGGER articles_au_claims AFTER UPDATE OF path, source, published, title ON articles BEGIN
  UPDATE claims SET article = new.path, source = new.source, published = new.published, title = new.title WHERE article_id = new.id;
END;

CREATE TRIGGER "claims_ad" AFTER DELETE ON "claims" BEGIN
  INSERT INTO "claims_fts" ("claims_fts", rowid, "sentence", "figure", "speaker", "place") VALUES('delete', old.rowid, old."sentence", old."figure", old."speaker", old."place");
END;

CREATE TRIGGER "claims_ai" AFTER INSERT ON "claims" BEGIN
  INSERT INTO "claims_fts" (rowid, "sentence", "figure", "speaker", "place") VALUES (new.rowid, new."sentence", new."figure", new."speaker", new."place");
END;

CREATE TRIGGER claims_au AFTER UPDATE OF sentence, figure, speaker, place ON claims BEGIN
  INSERT INTO claims_fts (claims_fts, rowid, sentence, figure, speaker, place) VALUES ('delete', old.rowid, old.sentence, old.figure, old.speaker, old.place);
  INSERT INTO claims_fts (rowid, sentence, figure, speaker, place) VALUES (new.rowid, new.sentence, new.figure, new.speaker, new.place);
END;
