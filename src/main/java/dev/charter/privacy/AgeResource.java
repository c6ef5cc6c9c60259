package dev.charter.privacy;

import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code PUT /v1/me/age}: a user whose age neither their token nor a guardian established states it themselves.
 * A declared child is treated as one (GDPR Art. 8, COPPA's actual knowledge); a declared adult counts only where
 * the law does not ask for a verified age.
 */
@Path("/v1/me/age")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgeResource {

    private final UserService users;
    private final Caller caller;

    AgeResource(UserService users, Caller caller) {
        this.users = users;
        this.caller = caller;
    }

    public record Declaration(String birthdate) {}

    public record Declared(String ageSource, String status) {}

    @PUT
    public Uni<Declared> declare(Declaration body) {
        LocalDate birthdate = birthdate(body == null ? null : body.birthdate());
        return users.declareAge(caller.user(), birthdate).map(status -> new Declared("self_declared", status.column()));
    }

    private static LocalDate birthdate(String text) {
        if (text == null) {
            throw ProblemException.badRequest("'birthdate' (YYYY-MM-DD) is required.");
        }
        try {
            LocalDate birthdate = LocalDate.parse(text);
            if (birthdate.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                throw ProblemException.badRequest("'birthdate' lies in the future.");
            }
            return birthdate;
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'birthdate' must be a date, YYYY-MM-DD.");
        }
    }
}
