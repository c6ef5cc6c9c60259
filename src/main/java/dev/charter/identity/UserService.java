package dev.charter.identity;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Users exist from their first authenticated call; naming one who never called is {@code unknown_user}. */
@ApplicationScoped
public class UserService {

    private static final int KNOWN_USERS_LIMIT = 200_000;

    private final UserRepository users;
    /** Users already registered with the same country, so steady-state calls skip the database. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public UserService(UserRepository users) {
        this.users = users;
    }

    public Uni<Void> register(CurrentUser user) {
        String key = user.id() + '\u0000' + user.country() + '\u0000' + user.subdivision();
        if (registered.contains(key)) {
            return Uni.createFrom().voidItem();
        }
        return users.upsert(user).invoke(status -> {
            if (registered.size() > KNOWN_USERS_LIMIT) {
                registered.clear();
            }
            registered.add(key);
        }).replaceWithVoid();
    }

    /** Fails with 404 {@code unknown_user} naming none of them (ids are personal data). */
    public Uni<Void> requireExisting(Collection<String> ids) {
        List<String> wanted = new ArrayList<>(Set.copyOf(ids));
        return users.existing(wanted).invoke(found -> {
            if (found.size() != wanted.size()) {
                throw new ProblemException(404, ErrorCodes.UNKNOWN_USER,
                        "A named user has never used this service in this region.");
            }
        }).replaceWithVoid();
    }
}
