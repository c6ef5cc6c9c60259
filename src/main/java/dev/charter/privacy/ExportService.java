package dev.charter.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.attachment.AttachmentService;
import dev.charter.audit.AuditLog;
import dev.charter.blocking.BlockService;
import dev.charter.breach.BreachNoticeRepository;
import dev.charter.identity.UserRepository;
import dev.charter.identity.UserService;
import dev.charter.messaging.conversation.ConversationService;
import dev.charter.messaging.send.MessageService;
import dev.charter.moderation.ReportService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gathers everything held about a user (GDPR Arts. 15 and 20, CCPA § 1798.110) and streams it into an
 * {@link ExportWriter}: messages page by page, so a long history exports in bounded memory. Runs on a
 * worker thread (it blocks on each page).
 */
@ApplicationScoped
public class ExportService {

    /** Messages read per page: at most 100 x 64 KiB of text held at once. */
    private static final int PAGE = 100;

    private static final int ACCESS_LOG_LIMIT = 10_000;
    /** The service's own processing steps are not accesses by someone else. */
    private static final String SYSTEM = "system";
    /** The nil UUID: PostgreSQL orders uuids bytewise, unsigned, so it sorts before every other. */
    private static final UUID BEFORE_ALL = new UUID(0, 0);

    private final UserService users;
    private final DataElsewhere elsewhere;
    private final ConsentService consents;
    private final ConversationService conversations;
    private final MessageService messages;
    private final RightsRequestService requests;
    private final ObjectMapper mapper;
    private final ReportService reports;
    private final AuditLog audit;
    private final BlockService blocks;
    private final List<UserDevices> devices;
    private final AttachmentService attachments;
    private final BreachNoticeRepository breachNotices;
    private final PrivacyContacts contacts;

    ExportService(
            UserService users,
            ConsentService consents,
            ConversationService conversations,
            MessageService messages,
            RightsRequestService requests,
            ObjectMapper mapper,
            ReportService reports,
            AuditLog audit,
            DataElsewhere elsewhere,
            BlockService blocks,
            Instance<UserDevices> devices,
            AttachmentService attachments,
            BreachNoticeRepository breachNotices,
            PrivacyContacts contacts) {
        this.breachNotices = breachNotices;
        this.contacts = contacts;
        this.blocks = blocks;
        this.devices = devices.stream().toList();
        this.attachments = attachments;
        this.elsewhere = elsewhere;
        this.reports = reports;
        this.audit = audit;
        this.users = users;
        this.consents = consents;
        this.conversations = conversations;
        this.messages = messages;
        this.requests = requests;
        this.mapper = mapper;
    }

    public void writeJson(String userId, OutputStream out) throws IOException {
        try (ExportWriter writer = new JsonExportWriter(out, mapper)) {
            write(userId, writer);
        }
    }

    void write(String userId, ExportWriter writer) throws IOException {
        UserRepository.StoredUser user =
                users.find(userId).await().indefinitely().orElseThrow();
        writer.user(user);
        writer.consents(onContext(() -> consents.history(userId)));
        writer.conversations(conversations.list(userId).await().indefinitely());
        writer.beginMessages();
        UUID afterConversation = BEFORE_ALL;
        long afterSeq = 0;
        while (true) {
            List<MessageService.AuthoredMessage> page = messages.authoredPage(userId, afterConversation, afterSeq, PAGE)
                    .await()
                    .indefinitely();
            for (MessageService.AuthoredMessage message : page) {
                writer.message(message);
            }
            if (page.size() < PAGE) {
                break;
            }
            MessageService.AuthoredMessage last = page.get(page.size() - 1);
            afterConversation = last.conversation();
            afterSeq = last.seq();
        }
        writer.endMessages();
        writer.requests(onContext(() -> requests.mine(userId)));
        List<Map<String, String>> accessLog =
                audit.search(userId, null, 0, null, ACCESS_LOG_LIMIT).await().indefinitely().stream()
                        .filter(e -> !userId.equals(e.actor()) && !SYSTEM.equals(e.actor()))
                        .map(e -> Map.of("actor", e.actor(), "action", e.action(), "at", e.at().toString()))
                        .toList();
        writer.reportsAndAccessLog(onContext(() -> reports.filedBy(userId)), accessLog);
        writer.transfers(elsewhere.transfersOf(userId).await().indefinitely());
        writer.blocks(blocks.madeBy(userId).await().indefinitely());
        List<Map<String, Object>> registered = new java.util.ArrayList<>();
        for (UserDevices source : devices) {
            registered.addAll(source.devicesOf(userId).await().indefinitely());
        }
        writer.devices(registered);
        writer.attachments(attachments.exportOf(userId));
        writer.breachNotices(breachNotices.of(userId).await().indefinitely());
        writer.privacyContacts(contactsFor(user.jurisdiction()));
    }

    /** Whom the user can turn to about their data: the controller, and their jurisdiction's DPO and representative. */
    private Map<String, Object> contactsFor(String jurisdiction) {
        Optional<PrivacyContacts.Contacts> local = jurisdiction == null ? Optional.empty() : contacts.of(jurisdiction);
        Map<String, Object> whom = new LinkedHashMap<>();
        whom.put("controller", contacts.controller());
        whom.put("jurisdiction", jurisdiction);
        whom.put("dpo", local.map(PrivacyContacts.Contacts::dpo).orElse(null));
        whom.put(
                "representative",
                local.map(PrivacyContacts.Contacts::representative).orElse(null));
        return whom;
    }

    /**
     * Consents, requests and reports are read through a Hibernate Reactive session, which runs on a Vert.x
     * context, never on this worker thread: the read is subscribed on a new duplicated context and awaited here.
     */
    private static <T> T onContext(Supplier<Uni<T>> read) {
        return SessionContexts.await(read);
    }
}
