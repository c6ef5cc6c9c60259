-- Conversations across regions. A user of another region appears here only as a member of a conversation
-- shared with this region's users: home_region names where they live (NULL: this region).
ALTER TABLE app_user ADD COLUMN home_region text;

-- NULL: this region hosts the conversation and assigns its seqs. Otherwise this is a replica kept for this
-- region's members; only the host writes it.
ALTER TABLE conversation ADD COLUMN host_region text;

-- What the host has shipped to each region that keeps a replica: messages up to shipped_seq, and whether the
-- replica has the current members and settings. The shipper sends everything after shipped_seq until the
-- replica reports it applied it; the replica applies seqs in order and ignores what it already has, so a
-- batch sent twice (a lost answer, a restart) changes nothing.
CREATE TABLE replica_cursor (
    conversation_id uuid    NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    region          text    NOT NULL,
    shipped_seq     bigint  NOT NULL DEFAULT 0,
    state_shipped   boolean NOT NULL DEFAULT false,
    -- Bumped by every change of members or settings: the shipper marks the state shipped only if no change
    -- came in while it was on its way.
    state_version   bigint  NOT NULL DEFAULT 0,
    -- The last replica_event of the conversation shipped to the region.
    events_shipped  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, region)
);
CREATE INDEX replica_cursor_pending ON replica_cursor (region) WHERE NOT state_shipped;

-- Membership changes of a hosted conversation are shipped to every region with a member, present or removed.
-- Triggers rather than code in each membership statement: every path that changes members (create, add,
-- rejoin, erasure, moderation) is covered, including ones added later. Read positions are not membership:
-- an update that changes neither left_at nor role marks nothing.
CREATE FUNCTION replica_mark(conversations uuid[], users text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    marked bigint := 0;
    n bigint;
BEGIN
    INSERT INTO replica_cursor (conversation_id, region)
    SELECT DISTINCT ch.conversation_id, u.home_region
      FROM unnest(conversations, users) AS ch(conversation_id, user_id)
      JOIN app_user u ON u.id = ch.user_id
      JOIN conversation c ON c.id = ch.conversation_id
     WHERE u.home_region IS NOT NULL AND c.host_region IS NULL
    ON CONFLICT (conversation_id, region) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
    UPDATE replica_cursor SET state_shipped = false, state_version = state_version + 1
     WHERE conversation_id = ANY (conversations);
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
    IF marked > 0 THEN
        PERFORM pg_notify('charter_federation', '');
    END IF;
END $$;

CREATE FUNCTION replica_members_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM replica_mark(ARRAY(SELECT conversation_id FROM changed_members ORDER BY conversation_id, user_id),
                         ARRAY(SELECT user_id FROM changed_members ORDER BY conversation_id, user_id));
    RETURN NULL;
END $$;

CREATE FUNCTION replica_members_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM replica_mark(ARRAY(SELECT n.conversation_id FROM changed_members n
                                 JOIN old_members o USING (conversation_id, user_id)
                                WHERE n.left_at IS DISTINCT FROM o.left_at OR n.role <> o.role ORDER BY 1, n.user_id),
                         ARRAY(SELECT n.user_id FROM changed_members n
                                 JOIN old_members o USING (conversation_id, user_id)
                                WHERE n.left_at IS DISTINCT FROM o.left_at OR n.role <> o.role ORDER BY n.conversation_id, 1));
    RETURN NULL;
END $$;

CREATE TRIGGER replica_members_inserted AFTER INSERT ON member
    REFERENCING NEW TABLE AS changed_members FOR EACH STATEMENT EXECUTE FUNCTION replica_members_added_or_removed();
CREATE TRIGGER replica_members_deleted AFTER DELETE ON member
    REFERENCING OLD TABLE AS changed_members FOR EACH STATEMENT EXECUTE FUNCTION replica_members_added_or_removed();
CREATE TRIGGER replica_members_updated AFTER UPDATE ON member
    REFERENCING OLD TABLE AS old_members NEW TABLE AS changed_members
    FOR EACH STATEMENT EXECUTE FUNCTION replica_members_updated();

-- The transfer register (GDPR Art. 30(1)(e), Art. 15(2)): every route personal data took out of its home
-- jurisdiction, under which mechanism, since when, how much. users counts distinct users ever sent on the route.
CREATE TABLE transfer_route (
    from_jurisdiction text        NOT NULL,
    to_region         text        NOT NULL,
    mechanism         text        NOT NULL,
    source            text        NOT NULL,
    users             bigint      NOT NULL DEFAULT 0,
    messages          bigint      NOT NULL DEFAULT 0,
    first_at          timestamptz NOT NULL DEFAULT now(),
    last_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (from_jurisdiction, to_region, mechanism)
);

-- Per user, for their export: where their data went and under which mechanism. Deleted with the user.
CREATE TABLE transfer_subject (
    user_id           text        NOT NULL,
    to_region         text        NOT NULL,
    mechanism         text        NOT NULL,
    from_jurisdiction text        NOT NULL,
    source            text        NOT NULL,
    messages          bigint      NOT NULL DEFAULT 0,
    first_at          timestamptz NOT NULL DEFAULT now(),
    last_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, to_region, mechanism)
);

-- Erasure follows the data: when a user of this region is erased, every peer region is told to shred its copies
-- (sealed there under its own keys) and answers with its signed receipt. A row per region, written in the
-- erasure's transaction, retried until the receipt is in: a region that is down gets the erasure when it is back.
CREATE TABLE remote_erasure (
    user_id      text        NOT NULL,
    region       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    attempts     integer     NOT NULL DEFAULT 0,
    receipt      jsonb,
    done_at      timestamptz,
    PRIMARY KEY (user_id, region),
    CHECK ((receipt IS NULL) = (done_at IS NULL))
);
CREATE INDEX remote_erasure_pending ON remote_erasure (requested_at) WHERE done_at IS NULL;

-- What happens to a hosted conversation after its messages were shipped: a message's state changes (deleted by
-- its sender, removed by a moderator, expired) and members' read positions. Recorded only for conversations
-- with replicas, shipped in id order with the messages, applied by each replica.
CREATE TABLE replica_event (
    id              bigserial   PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    kind            text        NOT NULL CHECK (kind IN ('state', 'read')),
    seq             bigint      NOT NULL,
    user_id         text,
    state           text,
    at              timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'read') = (user_id IS NOT NULL) AND (kind = 'state') = (state IS NOT NULL))
);
CREATE INDEX replica_event_by_conversation ON replica_event (conversation_id, id);

CREATE FUNCTION replica_message_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM replica_cursor WHERE conversation_id = NEW.conversation_id) THEN
        INSERT INTO replica_event (conversation_id, kind, seq, state)
        VALUES (NEW.conversation_id, 'state', NEW.seq, NEW.state);
        PERFORM pg_notify('charter_federation', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER replica_message_state AFTER UPDATE OF state ON message
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION replica_message_state_changed();

CREATE FUNCTION replica_member_read() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM replica_cursor WHERE conversation_id = NEW.conversation_id) THEN
        INSERT INTO replica_event (conversation_id, kind, seq, user_id)
        VALUES (NEW.conversation_id, 'read', NEW.read_seq, NEW.user_id);
        PERFORM pg_notify('charter_federation', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER replica_member_read AFTER UPDATE OF read_seq ON member
    FOR EACH ROW WHEN (NEW.read_seq > OLD.read_seq) EXECUTE FUNCTION replica_member_read();

-- Reports on messages of conversations another region hosts, queued for that region's moderators and retried until
-- the host has them. The report itself stays here too, under the same id.
CREATE TABLE remote_report (
    report_id    uuid        NOT NULL,
    region       text        NOT NULL,
    body         jsonb       NOT NULL,
    queued_at    timestamptz NOT NULL DEFAULT now(),
    attempts     integer     NOT NULL DEFAULT 0,
    forwarded_at timestamptz,
    PRIMARY KEY (report_id, region)
);
CREATE INDEX remote_report_pending ON remote_report (queued_at) WHERE forwarded_at IS NULL;
