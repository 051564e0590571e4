//! The schema and its migrations.
//!
//! Migrations are applied in order; after migration `i` (0-based) the
//! database's `PRAGMA user_version` is `i + 1`. Never edit a released
//! migration: append a new one.

/// Migrations, oldest first. `MIGRATIONS[i]` takes the schema from version
/// `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // Version 1: the foundation stage's documents, paragraphs, sentences,
    // citation anchors and reference-list entries. Offsets are UTF-8 byte
    // offsets into `documents.source_text`, except `sentences.text_start`,
    // `sentences.text_end` and `anchors.text_offset`, which index the
    // paragraph's cleaned `text`. `paragraphs.text_map` is the compact
    // encoding described in the `codec` module.
    r#"
    CREATE TABLE documents (
        id              INTEGER PRIMARY KEY,
        source          TEXT    NOT NULL UNIQUE,
        name            TEXT    NOT NULL,
        url             TEXT,
        title           TEXT,
        declared_lang   TEXT,
        main_lang       TEXT,
        content_hash    TEXT    NOT NULL,
        encoding        TEXT    NOT NULL,
        format          TEXT    NOT NULL,
        byte_len        INTEGER NOT NULL,
        source_text     TEXT    NOT NULL,
        paragraph_count INTEGER NOT NULL,
        sentence_count  INTEGER NOT NULL,
        reference_count INTEGER NOT NULL,
        anchor_count    INTEGER NOT NULL
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_name ON documents(name);

    CREATE TABLE paragraphs (
        id              INTEGER PRIMARY KEY,
        doc_id          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord             INTEGER NOT NULL,
        kind            TEXT    NOT NULL,
        start           INTEGER NOT NULL,
        "end"           INTEGER NOT NULL,
        lang            TEXT    NOT NULL,
        lang_confidence REAL,
        text            TEXT    NOT NULL,
        text_map        BLOB    NOT NULL,
        UNIQUE (doc_id, ord)
    );

    CREATE TABLE sentences (
        id              INTEGER PRIMARY KEY,
        doc_id          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph_id    INTEGER NOT NULL,
        ord             INTEGER NOT NULL,
        start           INTEGER NOT NULL,
        "end"           INTEGER NOT NULL,
        text_start      INTEGER NOT NULL,
        text_end        INTEGER NOT NULL,
        lang            TEXT    NOT NULL,
        lang_confidence REAL
    );
    CREATE INDEX sentences_doc ON sentences(doc_id, paragraph_id, ord);

    CREATE TABLE anchors (
        id              INTEGER PRIMARY KEY,
        doc_id          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph_id    INTEGER NOT NULL,
        ord             INTEGER NOT NULL,
        label           TEXT    NOT NULL,
        start           INTEGER NOT NULL,
        "end"           INTEGER NOT NULL,
        text_offset     INTEGER NOT NULL
    );
    CREATE INDEX anchors_doc ON anchors(doc_id, paragraph_id, ord);

    CREATE TABLE reference_entries (
        id              INTEGER PRIMARY KEY,
        doc_id          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph_id    INTEGER NOT NULL,
        ord             INTEGER NOT NULL,
        label           TEXT,
        start           INTEGER NOT NULL,
        "end"           INTEGER NOT NULL,
        text            TEXT    NOT NULL,
        UNIQUE (doc_id, ord)
    );
    "#,
    // Version 2: temporal expressions (chronicle-time), and the pipeline
    // version each document was analysed with, so that re-ingesting an
    // unchanged file analysed by an older pipeline analyses it again.
    // `timexes.start`/`end` are source offsets, `text_start`/`text_end`
    // index the paragraph's cleaned text.
    r#"
    ALTER TABLE documents ADD COLUMN pipeline INTEGER NOT NULL DEFAULT 1;

    CREATE TABLE timexes (
        id              INTEGER PRIMARY KEY,
        doc_id          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph_id    INTEGER NOT NULL,
        sentence_ord    INTEGER NOT NULL,
        ord             INTEGER NOT NULL,
        start           INTEGER NOT NULL,
        "end"           INTEGER NOT NULL,
        text_start      INTEGER NOT NULL,
        text_end        INTEGER NOT NULL,
        text            TEXT    NOT NULL,
        type            TEXT    NOT NULL,
        value           TEXT    NOT NULL,
        mod             TEXT,
        anchor          TEXT,
        calendar        TEXT,
        alt_value       TEXT,
        UNIQUE (doc_id, ord)
    );
    CREATE INDEX timexes_value ON timexes(value);
    "#,
    // Version 3: mentions of people, places and organisations
    // (chronicle-entities), written with their document, and the entities
    // the corpus-level resolver groups them into. `mentions.entity` is set
    // by the resolver (NULL: no entity); `entities` is rewritten by it as a
    // whole. `kind` is the type the sentence suggests, `cue` its strength,
    // `place` the gazetteer place the name matched.
    r#"
    CREATE TABLE mentions (
        id              INTEGER PRIMARY KEY,
        doc_id          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph_id    INTEGER NOT NULL,
        sentence_ord    INTEGER NOT NULL,
        ord             INTEGER NOT NULL,
        start           INTEGER NOT NULL,
        "end"           INTEGER NOT NULL,
        text_start      INTEGER NOT NULL,
        text_end        INTEGER NOT NULL,
        text            TEXT    NOT NULL,
        lang            TEXT    NOT NULL,
        kind            TEXT,
        cue             INTEGER NOT NULL,
        place           TEXT,
        role            TEXT,
        entity          TEXT,
        UNIQUE (doc_id, ord)
    );
    CREATE INDEX mentions_entity ON mentions(entity);

    CREATE TABLE entities (
        id              TEXT    PRIMARY KEY,
        type            TEXT    NOT NULL,
        name            TEXT    NOT NULL,
        place           TEXT,
        place_kind      TEXT,
        lat             REAL,
        lon             REAL,
        mention_count   INTEGER NOT NULL,
        doc_count       INTEGER NOT NULL
    );
    CREATE INDEX entities_name ON entities(name);
    "#,
    // Version 4: the corpus-level events stage (chronicle-events). Events,
    // disagreements and cited works are rebuilt as a whole after every
    // ingest; each row keeps its record as JSON (`data`, the serde form of
    // the `chronicle_core::events` types) beside the columns queries filter
    // on. An unchanged result writes nothing.
    r#"
    CREATE TABLE events (
        id              TEXT    PRIMARY KEY,
        ord             INTEGER NOT NULL UNIQUE,
        start           TEXT,
        "end"           TEXT,
        telling_count   INTEGER NOT NULL,
        doc_count       INTEGER NOT NULL,
        data            TEXT    NOT NULL
    );
    CREATE INDEX events_start ON events(start);

    CREATE TABLE conflicts (
        id              TEXT    PRIMARY KEY,
        ord             INTEGER NOT NULL UNIQUE,
        event           TEXT    NOT NULL,
        slot            TEXT    NOT NULL,
        data            TEXT    NOT NULL
    );
    CREATE INDEX conflicts_event ON conflicts(event);

    CREATE TABLE works (
        id              TEXT    PRIMARY KEY,
        ord             INTEGER NOT NULL UNIQUE,
        citation_count  INTEGER NOT NULL,
        data            TEXT    NOT NULL
    );
    "#,
    // Version 5: mentions by sentence, for the entities that share a
    // sentence with an entity (the web UI's entity page).
    r#"
    CREATE INDEX mentions_sentence ON mentions(paragraph_id, sentence_ord);
    "#,
    // Version 6: the user's knowledge. `corrections` holds the imported
    // corrections file (applied on every rebuild); `bibliography` the
    // imported bibliography records (CSL-JSON/BibTeX) that complete parsed
    // references. A mention keeps the resolver's own entity in
    // `raw_entity` (what the next resolution starts from) beside the
    // corrected `entity`; a corrected date keeps the tagger's value in
    // `original_value`.
    r#"
    CREATE TABLE corrections (
        ord             INTEGER PRIMARY KEY,
        line            INTEGER NOT NULL,
        action          TEXT    NOT NULL,
        doc             TEXT,
        start           INTEGER,
        "end"           INTEGER,
        text            TEXT,
        entity          TEXT,
        value           TEXT,
        note            TEXT
    );
    CREATE TABLE bibliography (
        key             TEXT    PRIMARY KEY,
        source          TEXT    NOT NULL,
        data            TEXT    NOT NULL
    );
    ALTER TABLE mentions ADD COLUMN raw_entity TEXT;
    UPDATE mentions SET raw_entity = entity;
    ALTER TABLE timexes ADD COLUMN original_value TEXT;
    "#,
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;
