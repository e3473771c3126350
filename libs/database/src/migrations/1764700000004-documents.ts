import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files (issue 13). A document is a file someone uploaded: its bytes live in the document
 * storage under their SHA-256 (one stored object for the same bytes, however often uploaded); this
 * row says who uploaded it, under what name, and what its content is (sniffed, never the name).
 * `document_links` says what a document is evidence of (a registration, an application, a claim,
 * a settlement batch's payment, an order). Once attached a document never changes and is never
 * removed, and a link is never undone: the triggers refuse it, whatever the application does.
 * A document never attached is removed after a day by a job (the only DELETE allowed).
 */
export class Documents1764700000004 implements MigrationInterface {
  name = 'Documents1764700000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        content_type  text        NOT NULL
                      CHECK (content_type IN ('application/pdf', 'application/ofd', 'image/jpeg', 'image/png', 'application/xml')),
        size          bigint      NOT NULL CHECK (size BETWEEN 1 AND 20971520),
        sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by   uuid        NOT NULL REFERENCES users (id),
        uploaded_at   timestamptz NOT NULL,
        attached_at   timestamptz
      );
      CREATE INDEX documents_sha256 ON documents (sha256);
      CREATE INDEX documents_unattached ON documents (uploaded_at) WHERE attached_at IS NULL;

      CREATE TABLE document_links (
        subject_type  text        NOT NULL
                      CHECK (subject_type IN ('registration', 'application', 'claim', 'settlement_batch', 'order')),
        subject_id    uuid        NOT NULL,
        document_id   uuid        NOT NULL REFERENCES documents (id),
        linked_by     uuid        NOT NULL REFERENCES users (id),
        linked_at     timestamptz NOT NULL,
        PRIMARY KEY (subject_type, subject_id, document_id)
      );
      CREATE INDEX document_links_document ON document_links (document_id);

      CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.attached_at IS NOT NULL THEN
            RAISE EXCEPTION 'an attached document is never removed' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.attached_at IS NOT NULL OR NEW.attached_at IS NULL
           OR (NEW.id, NEW.name, NEW.content_type, NEW.size, NEW.sha256, NEW.uploaded_by, NEW.uploaded_at)
              IS DISTINCT FROM (OLD.id, OLD.name, OLD.content_type, OLD.size, OLD.sha256, OLD.uploaded_by, OLD.uploaded_at) THEN
          RAISE EXCEPTION 'a document only changes by being attached, once' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
        FOR EACH ROW EXECUTE FUNCTION documents_immutable();

      CREATE FUNCTION document_links_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a document link is never changed or undone' USING ERRCODE = 'integrity_constraint_violation';
      END $$;
      CREATE TRIGGER document_links_append_only BEFORE UPDATE OR DELETE ON document_links
        FOR EACH ROW EXECUTE FUNCTION document_links_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE document_links;
      DROP TABLE documents;
      DROP FUNCTION document_links_append_only();
      DROP FUNCTION documents_immutable();
    `);
  }
}
