package dev.charter.federation;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed federation settings. Fails closed: peers without this region's private key, a peer without a
 * pinned key, a key for a region that is not a peer, or a key or URL that does not parse stop the start-up,
 * naming the setting and the region, never a value. No peers: federation is off and every request under
 * {@code /v1/federation/} is refused.
 */
public record FederationSettings(
        Map<String, URI> peers, PrivateKey privateKey, Map<String, PublicKey> peerKeys, Duration maxClockSkew) {

    static final String PEERS = "charter.federation.peers";
    static final String PRIVATE_KEY = "charter.federation.private-key";
    static final String PEER_KEYS = "charter.federation.peer-keys";

    public boolean enabled() {
        return !peers.isEmpty();
    }

    static FederationSettings off(Duration skew) {
        return new FederationSettings(Map.of(), null, Map.of(), skew);
    }

    public static FederationSettings parse(
            Optional<String> peersValue,
            Optional<String> privateKeyValue,
            Optional<String> peerKeysValue,
            Duration skew) {
        List<String> problems = new ArrayList<>();
        Map<String, String> peerEntries = entries(PEERS, peersValue, problems);
        Map<String, String> keyEntries = entries(PEER_KEYS, peerKeysValue, problems);
        Optional<String> privateKeyText = present(privateKeyValue);
        if (peerEntries.isEmpty() && problems.isEmpty()) {
            return off(skew);
        }
        if (skew.isNegative() || skew.isZero()) {
            problems.add("charter.federation.max-clock-skew must be positive");
        }
        Map<String, URI> peers = new LinkedHashMap<>();
        peerEntries.forEach((region, url) -> {
            try {
                URI uri = URI.create(url);
                boolean https = "https".equals(uri.getScheme());
                boolean loopbackHttp = "http".equals(uri.getScheme()) && isLoopback(uri.getHost());
                if (uri.getHost() == null || !(https || loopbackHttp)) {
                    problems.add(PEERS + ": the URL of " + region + " must be https (http only to a loopback host)");
                } else {
                    peers.put(region, uri);
                }
            } catch (IllegalArgumentException e) {
                problems.add(PEERS + ": the URL of " + region + " does not parse");
            }
        });
        PrivateKey privateKey = null;
        if (privateKeyText.isEmpty()) {
            problems.add(PRIVATE_KEY + " is required with " + PEERS
                    + " (base64 PKCS#8 Ed25519, e.g. `openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`)");
        } else {
            try {
                privateKey = KeyFactory.getInstance("Ed25519")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyText.get())));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                problems.add(PRIVATE_KEY + " is not a base64 PKCS#8 Ed25519 private key");
            }
        }
        Map<String, PublicKey> peerKeys = new LinkedHashMap<>();
        for (String region : peerEntries.keySet()) {
            if (!keyEntries.containsKey(region)) {
                problems.add(PEER_KEYS + " has no key for peer " + region);
            }
        }
        keyEntries.forEach((region, text) -> {
            if (!peerEntries.containsKey(region)) {
                problems.add(PEER_KEYS + " names " + region + ", which is not in " + PEERS);
                return;
            }
            try {
                peerKeys.put(
                        region,
                        KeyFactory.getInstance("Ed25519")
                                .generatePublic(new X509EncodedKeySpec(
                                        Base64.getDecoder().decode(text))));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                problems.add(PEER_KEYS + ": the key of " + region + " is not a base64 X.509 Ed25519 public key");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Charter refuses to start with these federation settings: " + String.join("; ", problems));
        }
        return new FederationSettings(Map.copyOf(peers), privateKey, Map.copyOf(peerKeys), skew);
    }

    private static Map<String, String> entries(String setting, Optional<String> value, List<String> problems) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (present(value).isEmpty()) {
            return entries;
        }
        for (String entry : value.get().split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                problems.add(setting + " has an entry that is not region=value");
                continue;
            }
            String region = trimmed.substring(0, eq).trim();
            if (!region.matches("[a-z0-9-]{1,64}")) {
                problems.add(setting + " has an entry whose region is not [a-z0-9-]");
                continue;
            }
            if (entries.put(region, trimmed.substring(eq + 1).trim()) != null) {
                problems.add(setting + " names " + region + " twice");
            }
        }
        return entries;
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    private static Optional<String> present(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
