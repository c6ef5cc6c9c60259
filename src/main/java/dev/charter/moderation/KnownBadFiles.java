package dev.charter.moderation;

import dev.charter.jurisdiction.JurisdictionDirectory;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Digests of files the rules refuse, per jurisdiction: the {@code default} list plus the list of the jurisdiction's
 * content rule set, each read from {@code moderation/digests/<set>.txt} and from the same name in
 * {@code charter.moderation.known-bad-files-dir}. Loaded once at start-up; a malformed line stops it.
 */
@Singleton
class KnownBadFiles {

    private static final Logger LOG = Logger.getLogger(KnownBadFiles.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, String> defaults;
    private final Map<String, Map<String, String>> byJurisdiction = new HashMap<>();

    KnownBadFiles(JurisdictionDirectory jurisdictions, ModerationConfig config) {
        Optional<Path> dir = config.knownBadFilesDir().filter(d -> !d.isBlank()).map(Path::of);
        this.defaults = load(ContentPolicy.DEFAULT_SET, dir);
        Map<String, Map<String, String>> bySet = new HashMap<>();
        for (String jurisdiction : jurisdictions.all()) {
            String set = jurisdictions
                    .profile(jurisdiction)
                    .orElseThrow()
                    .contentRuleSet()
                    .value();
            byJurisdiction.put(jurisdiction, bySet.computeIfAbsent(set, name -> {
                Map<String, String> all = new HashMap<>(defaults);
                all.putAll(load(name, dir));
                return Map.copyOf(all);
            }));
        }
        LOG.infof(
                "known-bad file digests: %d default, %d in the largest jurisdiction list",
                defaults.size(),
                byJurisdiction.values().stream().mapToInt(Map::size).max().orElse(0));
    }

    /** The category of a file with this SHA-256 (lower-case hex) under the jurisdiction's lists, if listed. */
    Optional<String> category(String jurisdiction, String sha256) {
        Map<String, String> list =
                jurisdiction == null ? defaults : byJurisdiction.getOrDefault(jurisdiction, defaults);
        return Optional.ofNullable(list.get(sha256));
    }

    private static Map<String, String> load(String set, Optional<Path> dir) {
        Map<String, String> digests = new HashMap<>();
        String resource = "moderation/digests/" + set + ".txt";
        InputStream packaged = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (packaged != null) {
            read(resource, new InputStreamReader(packaged, StandardCharsets.UTF_8), digests);
        }
        if (dir.isPresent()) {
            Path file = dir.get().resolve(set + ".txt");
            if (Files.isRegularFile(file)) {
                try {
                    read(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8), digests);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return digests;
    }

    private static void read(String name, Reader source, Map<String, String> into) {
        try (BufferedReader reader = new BufferedReader(source)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String[] parts = content.split("\\s+");
                String digest = parts[0].toLowerCase(Locale.ROOT);
                if (parts.length != 2 || !SHA256.matcher(digest).matches()) {
                    throw new IllegalStateException(
                            name + " line " + number + ": expected '<sha256 as 64 hex digits> <category>'");
                }
                into.put(digest, parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
