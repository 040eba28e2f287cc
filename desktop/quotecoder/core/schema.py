"""The database schema, as an ordered list of migrations.

Migration *n* (1-based) takes a database from ``PRAGMA user_version`` n-1 to n.
A new database runs them all; an older one runs the ones it lacks. Never edit a
migration that has shipped: append a new one.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, speakers, entities, quotes, coders, codebooks, stance labels.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL DEFAULT '',
        outlet TEXT,
        title TEXT,
        byline TEXT,
        published TEXT,
        url TEXT,
        text TEXT NOT NULL CHECK (length(text) > 0),
        content_hash TEXT NOT NULL UNIQUE,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;

    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        type TEXT NOT NULL DEFAULT 'unknown'
            CHECK (type IN ('person', 'organisation', 'group', 'unknown')),
        created_at TEXT NOT NULL
    );
    CREATE TABLE speaker_aliases (
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        alias TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (speaker_id, alias)
    );
    CREATE INDEX speaker_aliases_alias ON speaker_aliases(alias);

    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('model', 'coder')),
        CHECK (start >= 0 AND start < end)
    );
    CREATE INDEX entities_article ON entities(article_id, start);

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
        cue_start INTEGER,
        cue_end INTEGER,
        cue_text TEXT,
        mention_start INTEGER,
        mention_end INTEGER,
        mention_text TEXT,
        speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
        origin TEXT NOT NULL CHECK (origin IN ('model', 'coder')),
        confidence REAL NOT NULL DEFAULT 1.0,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rejected')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start >= 0 AND start < end),
        CHECK (cue_start IS NULL OR (cue_start >= 0 AND cue_start < cue_end)),
        CHECK (mention_start IS NULL OR (mention_start >= 0 AND mention_start < mention_end))
    );
    CREATE INDEX quotes_article ON quotes(article_id, start);
    CREATE INDEX quotes_speaker ON quotes(speaker_id);

    CREATE TABLE coders (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        created_at TEXT NOT NULL
    );

    CREATE TABLE codebooks (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        labels TEXT NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE stance_labels (
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        coder_id INTEGER NOT NULL REFERENCES coders(id),
        label TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        codebook_version INTEGER REFERENCES codebooks(version),
        coded_at TEXT NOT NULL,
        PRIMARY KEY (quote_id, coder_id)
    );
    CREATE INDEX stance_labels_coder ON stance_labels(coder_id);

    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    """,
    # 2: speaker roles, the machine's proposal kept beside corrected quotes,
    #    and a log of every correction (who changed what, from what, to what).
    """
    ALTER TABLE speakers ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE quotes ADD COLUMN proposal TEXT;

    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        coder_id INTEGER REFERENCES coders(id),
        item TEXT NOT NULL CHECK (item IN ('quote', 'entity', 'speaker', 'label')),
        item_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT,
        at TEXT NOT NULL
    );
    CREATE INDEX corrections_item ON corrections(item, item_id);
    """,
    # 3: coding studies: near-duplicate groups, the reliability sample, adjudicated labels.
    """
    ALTER TABLE articles ADD COLUMN dup_group INTEGER;
    ALTER TABLE articles ADD COLUMN minhash BLOB;
    CREATE INDEX articles_dup_group ON articles(dup_group);

    CREATE TABLE reliability_sample (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        seed INTEGER NOT NULL,
        drawn_at TEXT NOT NULL
    );

    CREATE TABLE adjudications (
        quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        coder_id INTEGER NOT NULL REFERENCES coders(id),
        note TEXT NOT NULL DEFAULT '',
        decided_at TEXT NOT NULL
    );
    """,
    # 4: news-database metadata on articles (section, length, language, the database's
    #    document id) and the pre-tagging model; the pre-tagger's speaker confidence
    #    and its ranked speaker candidates on quotes.
    """
    ALTER TABLE articles ADD COLUMN section TEXT;
    ALTER TABLE articles ADD COLUMN length TEXT;
    ALTER TABLE articles ADD COLUMN language TEXT;
    ALTER TABLE articles ADD COLUMN doc_id TEXT;
    ALTER TABLE articles ADD COLUMN model TEXT;
    ALTER TABLE quotes ADD COLUMN speaker_confidence REAL;
    ALTER TABLE quotes ADD COLUMN speaker_candidates TEXT NOT NULL DEFAULT '[]';
    """,
    # 5: codebooks with several variables. Quote codes carry their variable (the stance
    #    labels become the variable 'stance', nothing lost); articles and registry speakers
    #    get codes of their own; adjudication is per variable, for quotes and articles.
    """
    CREATE TABLE quote_codes (
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        coder_id INTEGER NOT NULL REFERENCES coders(id),
        variable TEXT NOT NULL,
        label TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        codebook_version INTEGER REFERENCES codebooks(version),
        coded_at TEXT NOT NULL,
        PRIMARY KEY (quote_id, coder_id, variable)
    );
    INSERT INTO quote_codes (quote_id, coder_id, variable, label, note, codebook_version, coded_at)
        SELECT quote_id, coder_id, 'stance', label, note, codebook_version, coded_at FROM stance_labels;
    DROP TABLE stance_labels;
    CREATE INDEX quote_codes_coder ON quote_codes(coder_id, variable);

    CREATE TABLE quote_adjudications (
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        variable TEXT NOT NULL,
        label TEXT NOT NULL,
        coder_id INTEGER NOT NULL REFERENCES coders(id),
        note TEXT NOT NULL DEFAULT '',
        decided_at TEXT NOT NULL,
        PRIMARY KEY (quote_id, variable)
    );
    INSERT INTO quote_adjudications (quote_id, variable, label, coder_id, note, decided_at)
        SELECT quote_id, 'stance', label, coder_id, note, decided_at FROM adjudications;
    DROP TABLE adjudications;

    CREATE TABLE article_codes (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        coder_id INTEGER NOT NULL REFERENCES coders(id),
        variable TEXT NOT NULL,
        label TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        codebook_version INTEGER REFERENCES codebooks(version),
        coded_at TEXT NOT NULL,
        PRIMARY KEY (article_id, coder_id, variable)
    );
    CREATE INDEX article_codes_coder ON article_codes(coder_id, variable);

    CREATE TABLE article_adjudications (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        variable TEXT NOT NULL,
        label TEXT NOT NULL,
        coder_id INTEGER NOT NULL REFERENCES coders(id),
        note TEXT NOT NULL DEFAULT '',
        decided_at TEXT NOT NULL,
        PRIMARY KEY (article_id, variable)
    );

    CREATE TABLE speaker_codes (
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        variable TEXT NOT NULL,
        label TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id),
        codebook_version INTEGER REFERENCES codebooks(version),
        coded_at TEXT NOT NULL,
        PRIMARY KEY (speaker_id, variable)
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
