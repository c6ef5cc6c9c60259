package dev.charter.legalhold;

import dev.charter.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counts published for one calendar quarter (UTC): government requests received per country, type and
 * outcome, and legal holds placed per scope.
 */
@RegisterForReflection
public record TransparencyReport(
        String quarter, String from, String to, long requests, List<Count> counts, Map<String, Long> holdsPlaced) {

    @RegisterForReflection
    public record Count(String country, String type, String outcome, long count) {}

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    /** The quarter's bounds, [from, to). */
    record Quarter(String name, Instant from, Instant to) {

        static Quarter parse(String text) {
            Matcher m = text == null ? null : QUARTER.matcher(text);
            if (m == null || !m.matches()) {
                throw ProblemException.badRequest("'quarter' must look like 2026-Q4.");
            }
            LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
            return new Quarter(
                    text,
                    start.atStartOfDay().toInstant(ZoneOffset.UTC),
                    start.plusMonths(3).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
    }
}
