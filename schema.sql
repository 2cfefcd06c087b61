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
);

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
, "cues" TEXT);

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

CREATE INDEX "idx_claims_article_id"
    ON "claims" ("article_id");

CREATE INDEX "idx_claims_claim_group"
    ON "claims" ("claim_group");

CREATE INDEX "idx_claims_confidence"
    ON "claims" ("confidence" desc);

CREATE INDEX "idx_claims_country_code"
    ON "claims" ("country_code");

CREATE INDEX "idx_claims_direction"
    ON "claims" ("direction");

CREATE INDEX "idx_claims_flow"
    ON "claims" ("flow");

CREATE INDEX "idx_claims_place"
    ON "claims" ("place");

CREATE INDEX "idx_claims_speaker"
    ON "claims" ("speaker");

CREATE INDEX "idx_claims_unit"
    ON "claims" ("unit");

CREATE INDEX "idx_claims_year_end"
    ON "claims" ("year_end");

CREATE INDEX "idx_claims_year_start"
    ON "claims" ("year_start");

CREATE VIEW "claims_flat" AS SELECT
    claims.id,
    articles.path AS article,
    articles.source,
    articles.published,
    articles.title,
    claims.sentence,
    claims.figure,
    claims.char_start,
    claims.char_end,
    claims.value,
    claims.value_low,
    claims.value_high,
    claims.unit,
    claims.year_start,
    claims.year_end,
    claims.place,
    claims.latitude,
    claims.longitude,
    claims.speaker,
    claims.direction,
    claims.flow,
    claims.confidence,
    claims.qualifier,
    claims.subject,
    claims.period,
    claims.country_code,
    claims.origin,
    claims.destination,
    claims.claim_group,
    claims.cues
FROM claims
JOIN articles ON articles.id = claims.article_id;

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
