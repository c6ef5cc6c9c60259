package dev.charter.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The PostgreSQL NOTIFY channel every instance listens on, and its payloads. NOTIFY is transactional,
 * so instances only ever hear of committed messages, and they hear of them in commit order. Payloads
 * carry ids only (never text) and stay under PostgreSQL's 8000-byte limit.
 */
public final class FanoutChannel {

    public static final String NAME = "charter_events";
    public static final int MAX_PAYLOAD_CHARS = 7000;

    private FanoutChannel() {}

    /** Messages committed: one range of seqs per conversation. */
    public record Committed(String nodeId, List<SeqRange> ranges) implements Event {}

    public record MembersChanged(UUID conversation) implements Event {}

    public record Receipt(UUID conversation, long readSeq, String user) implements Event {}

    /** A frame for every connection of one user, wherever it is connected (e.g. {@code report_update}). */
    public record UserFrame(String user, String frame) implements Event {}

    /** A message's author edited it: members read the new text back, as for a committed message. */
    public record Edited(UUID conversation, long seq) implements Event {}

    /** A message's author unsent (deleted) it. */
    public record Removed(UUID conversation, long seq) implements Event {}

    /** A member is typing; never stored. */
    public record Typing(UUID conversation, String user) implements Event {}

    public sealed interface Event permits Committed, MembersChanged, Receipt, UserFrame, Edited, Removed, Typing {}

    public record SeqRange(UUID conversation, long from, long to) {}

    public static String membersChanged(UUID conversation) {
        return "b|" + conversation;
    }

    public static String receipt(UUID conversation, long readSeq, String user) {
        return "r|" + conversation + '|' + readSeq + '|' + user;
    }

    public static String edited(UUID conversation, long seq) {
        return "e|" + conversation + '|' + seq;
    }

    public static String removed(UUID conversation, long seq) {
        return "x|" + conversation + '|' + seq;
    }

    /** The user id comes last and may contain the separator. */
    public static String typing(UUID conversation, String user) {
        return "t|" + conversation + '|' + user;
    }

    /** The user id is base64url-encoded: ids may contain the separator, and the frame (JSON) comes last. */
    public static String userFrame(String user, String frame) {
        return "u|" + Base64.getUrlEncoder().withoutPadding().encodeToString(user.getBytes(StandardCharsets.UTF_8))
                + '|' + frame;
    }

    /** One or more payloads, each within the size limit, for the ranges committed by one transaction. */
    public static List<String> committed(String nodeId, List<SeqRange> ranges) {
        List<String> payloads = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (SeqRange range : ranges) {
            String entry = range.conversation() + ":" + range.from() + ":" + range.to();
            if (current.length() > 0 && current.length() + entry.length() + 1 > MAX_PAYLOAD_CHARS) {
                payloads.add(current.toString());
                current.setLength(0);
            }
            current.append(current.length() == 0 ? "m|" + nodeId + "|" : ",").append(entry);
        }
        if (current.length() > 0) {
            payloads.add(current.toString());
        }
        return payloads;
    }

    public static Event parse(String payload) {
        if (payload.startsWith("u|")) {
            String[] user = payload.split("\\|", 3);
            return new UserFrame(new String(Base64.getUrlDecoder().decode(user[1]), StandardCharsets.UTF_8), user[2]);
        }
        if (payload.startsWith("t|")) {
            String[] typing = payload.split("\\|", 3);
            return new Typing(UUID.fromString(typing[1]), typing[2]);
        }
        String[] parts = payload.split("\\|", 4);
        switch (parts[0]) {
            case "m" -> {
                List<SeqRange> ranges = new ArrayList<>();
                for (String entry : parts[2].split(",")) {
                    String[] fields = entry.split(":");
                    ranges.add(new SeqRange(
                            UUID.fromString(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])));
                }
                return new Committed(parts[1], ranges);
            }
            case "b" -> {
                return new MembersChanged(UUID.fromString(parts[1]));
            }
            case "r" -> {
                return new Receipt(UUID.fromString(parts[1]), Long.parseLong(parts[2]), parts[3]);
            }
            case "e" -> {
                return new Edited(UUID.fromString(parts[1]), Long.parseLong(parts[2]));
            }
            case "x" -> {
                return new Removed(UUID.fromString(parts[1]), Long.parseLong(parts[2]));
            }
            default -> throw new IllegalArgumentException("unknown event kind");
        }
    }
}
