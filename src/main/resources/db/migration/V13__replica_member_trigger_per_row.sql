-- Membership updates reach replica cursors through a row trigger filtered by its WHEN clause: every read receipt
-- updates a member row, and the statement trigger of V11 ran a plpgsql function with two transition tables for
-- each of them only to find that neither left_at nor role had changed. The WHEN clause is checked without
-- entering plpgsql, so a read position costs nothing here.
DROP TRIGGER replica_members_updated ON member;
DROP FUNCTION replica_members_updated();

CREATE FUNCTION replica_member_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM replica_mark(ARRAY[NEW.conversation_id], ARRAY[NEW.user_id]);
    RETURN NULL;
END $$;

CREATE TRIGGER replica_members_updated AFTER UPDATE OF left_at, role ON member
    FOR EACH ROW WHEN (OLD.left_at IS DISTINCT FROM NEW.left_at OR OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION replica_member_updated();
