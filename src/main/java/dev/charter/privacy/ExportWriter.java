package dev.charter.privacy;

import dev.charter.blocking.Block;
import dev.charter.identity.UserRepository;
import dev.charter.messaging.conversation.Conversation;
import dev.charter.messaging.send.MessageService;
import dev.charter.moderation.FiledReport;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where an export goes, section by section, so gathering the data ({@link ExportService}) is separate from
 * its format. Messages arrive one at a time: an export never holds a user's whole history in memory.
 */
interface ExportWriter extends AutoCloseable {

    void user(UserRepository.StoredUser user) throws IOException;

    void consents(List<ConsentRecord> history) throws IOException;

    void conversations(List<Conversation> conversations) throws IOException;

    void beginMessages() throws IOException;

    void message(MessageService.AuthoredMessage message) throws IOException;

    void endMessages() throws IOException;

    void requests(List<RightsRequest> requests) throws IOException;

    /** Reports the user filed and every access to their data by someone else (empty until recorded). */
    void reportsAndAccessLog(List<FiledReport> reports, List<Map<String, String>> accessLog) throws IOException;

    /** Where the user's data went outside their home jurisdiction, under which mechanism (GDPR Art. 15(2)). */
    void transfers(List<Map<String, Object>> transfers) throws IOException;

    /** The users this user blocked, with when. */
    void blocks(List<Block> blocks) throws IOException;

    /** The devices the user registered for push, without their tokens. */
    void devices(List<Map<String, Object>> devices) throws IOException;

    /** The files the user uploaded: what is known of each and its download path. */
    void attachments(List<Map<String, Object>> attachments) throws IOException;

    /** The notices of personal data breaches the user was given (GDPR Art. 34), oldest first. */
    void breachNotices(List<Map<String, Object>> notices) throws IOException;

    /** The controller and the user's jurisdiction's DPO and representative, as configured (GDPR Art. 15(1)). */
    void privacyContacts(Map<String, Object> contacts) throws IOException;

    @Override
    void close() throws IOException;
}
