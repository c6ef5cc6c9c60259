package dev.charter.privacy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.blocking.Block;
import dev.charter.identity.UserRepository;
import dev.charter.messaging.conversation.Conversation;
import dev.charter.messaging.send.MessageService;
import dev.charter.moderation.FiledReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** The {@code charter.export.v1} JSON format (docs/export-schema.json), written as a stream. */
final class JsonExportWriter implements ExportWriter {

    static final String SCHEMA = "charter.export.v1";

    private final JsonGenerator json;

    JsonExportWriter(OutputStream out, ObjectMapper mapper) throws IOException {
        this.json = new JsonFactory(mapper).createGenerator(out, JsonEncoding.UTF8);
        json.writeStartObject();
        json.writeStringField("schema", SCHEMA);
    }

    @Override
    public void user(UserRepository.StoredUser user) throws IOException {
        json.writeObjectFieldStart("user");
        json.writeStringField("id", user.id());
        json.writeStringField("country", user.country());
        json.writeStringField("jurisdiction", user.jurisdiction());
        json.writeStringField("status", user.status().column());
        json.writeStringField("createdAt", user.createdAt().toString());
        json.writeStringField(
                "birthdate", user.birthdate() == null ? null : user.birthdate().toString());
        json.writeStringField("ageSource", user.ageSource().column());
        json.writeEndObject();
    }

    @Override
    public void consents(List<ConsentRecord> history) throws IOException {
        json.writeArrayFieldStart("consents");
        for (ConsentRecord record : history) {
            json.writeObject(record);
        }
        json.writeEndArray();
    }

    @Override
    public void conversations(List<Conversation> conversations) throws IOException {
        json.writeArrayFieldStart("conversations");
        for (Conversation c : conversations) {
            json.writeStartObject();
            json.writeStringField("id", c.id().toString());
            json.writeStringField("kind", c.kind());
            json.writeStringField("title", c.title());
            json.writeObjectField("members", c.members());
            json.writeNumberField("lastSeq", c.lastSeq());
            json.writeNumberField("readSeq", c.readSeq());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    @Override
    public void beginMessages() throws IOException {
        json.writeArrayFieldStart("messages");
    }

    @Override
    public void message(MessageService.AuthoredMessage m) throws IOException {
        json.writeStartObject();
        json.writeStringField("conversation", m.conversation().toString());
        json.writeNumberField("seq", m.seq());
        json.writeStringField("text", m.text());
        if (m.ciphertext() != null) {
            json.writeStringField("ciphertext", m.ciphertext());
        }
        json.writeStringField("sentAt", m.sentAt());
        if (m.removed()) {
            json.writeBooleanField("removed", true);
        }
        if (m.unreadable()) {
            json.writeBooleanField("unreadable", true);
        }
        json.writeEndObject();
    }

    @Override
    public void endMessages() throws IOException {
        json.writeEndArray();
        json.flush();
    }

    @Override
    public void requests(List<RightsRequest> requests) throws IOException {
        json.writeArrayFieldStart("requests");
        for (RightsRequest r : requests) {
            json.writeObject(RequestBody.of(r));
        }
        json.writeEndArray();
    }

    @Override
    public void reportsAndAccessLog(List<FiledReport> reports, List<Map<String, String>> accessLog) throws IOException {
        json.writeObjectField("reports", reports);
        json.writeObjectField("accessLog", accessLog);
    }

    @Override
    public void transfers(List<Map<String, Object>> transfers) throws IOException {
        json.writeObjectField("transfers", transfers);
    }

    @Override
    public void blocks(List<Block> blocks) throws IOException {
        json.writeArrayFieldStart("blocks");
        for (Block block : blocks) {
            json.writeStartObject();
            json.writeStringField("user", block.user());
            json.writeStringField("at", block.at());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    @Override
    public void devices(List<Map<String, Object>> devices) throws IOException {
        json.writeObjectField("devices", devices);
    }

    @Override
    public void attachments(List<Map<String, Object>> attachments) throws IOException {
        json.writeObjectField("attachments", attachments);
    }

    @Override
    public void breachNotices(List<Map<String, Object>> notices) throws IOException {
        json.writeObjectField("breachNotices", notices);
    }

    @Override
    public void privacyContacts(Map<String, Object> contacts) throws IOException {
        json.writeObjectField("privacyContacts", contacts);
    }

    @Override
    public void close() throws IOException {
        json.writeEndObject();
        json.close();
    }
}
