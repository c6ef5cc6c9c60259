package dev.charter.bench;

import dev.charter.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Registers the users and creates the conversations a scenario drives, through the app's REST API. */
final class Conversations {

    private final HttpClient http = HttpClient.newHttpClient();

    /** {@code pairs} direct conversations, each of a new sender and a new receiver. */
    List<ChatLoad.Room> directRooms(int port, int pairs) throws Exception {
        List<ChatLoad.Room> rooms = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String alice = Tokens.newUserId("bench-a");
            String bob = Tokens.newUserId("bench-b");
            String aliceToken = Tokens.user(alice);
            String bobToken = Tokens.user(bob);
            call(port, bobToken, "GET", "/v1/conversations", null);
            String body = call(
                    port,
                    aliceToken,
                    "POST",
                    "/v1/conversations",
                    "{\"kind\":\"direct\",\"members\":[\"" + bob + "\"]}");
            rooms.add(new ChatLoad.Room(UUID.fromString(id(body)), aliceToken, List.of(bobToken)));
        }
        return rooms;
    }

    /** A direct conversation hosted by {@code hostToken}'s region, with a member registered in another region. */
    record CrossRegion(UUID conversation, String hostToken, String memberToken) {}

    /**
     * {@code pairs} direct conversations, each created by a new user of the app at {@code hostPort} (home country
     * DE) with a new user of the app at {@code memberPort} (home country {@code memberCountry}); returns once every
     * replica has reached the member's region.
     */
    List<CrossRegion> crossRegionPairs(int hostPort, int memberPort, String memberCountry, int pairs) throws Exception {
        List<CrossRegion> created = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String alice = Tokens.newUserId("bench-host");
            String bob = Tokens.newUserId("bench-member");
            String aliceToken = Tokens.user(alice);
            String bobToken = Tokens.user(bob, memberCountry);
            call(memberPort, bobToken, "GET", "/v1/conversations", null);
            String body = call(
                    hostPort,
                    aliceToken,
                    "POST",
                    "/v1/conversations",
                    "{\"kind\":\"direct\",\"members\":[\"" + bob + "\"]}");
            created.add(new CrossRegion(UUID.fromString(id(body)), aliceToken, bobToken));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (CrossRegion pair : created) {
            while (!call(memberPort, pair.memberToken(), "GET", "/v1/conversations", null)
                    .contains(pair.conversation().toString())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no replica of " + pair.conversation() + " after 60 s");
                }
                Thread.sleep(50);
            }
        }
        return created;
    }

    /** Groups of {@code members} registered users each; the owner sends. */
    List<ChatLoad.Room> groupRooms(int port, int groups, int members) throws Exception {
        List<ChatLoad.Room> rooms = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String owner = Tokens.newUserId("bench-owner");
            String ownerToken = Tokens.user(owner);
            List<String> ids = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                String member = Tokens.newUserId("bench-m");
                String token = Tokens.user(member);
                call(port, token, "GET", "/v1/conversations", null);
                ids.add("\"" + member + "\"");
                tokens.add(token);
            }
            String body = call(
                    port,
                    ownerToken,
                    "POST",
                    "/v1/conversations",
                    "{\"kind\":\"group\",\"title\":\"bench\",\"members\":[" + String.join(",", ids) + "]}");
            rooms.add(new ChatLoad.Room(UUID.fromString(id(body)), ownerToken, tokens));
        }
        return rooms;
    }

    /** Groups of {@code members} registered users each (registered concurrently: a storm needs thousands). */
    List<ReconnectStorm.Group> stormGroups(int port, int groups, int members) throws Exception {
        List<ReconnectStorm.Group> result = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String ownerToken = Tokens.user(Tokens.newUserId("storm-owner"));
            List<String> ids = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                String member = Tokens.newUserId("storm-m");
                ids.add("\"" + member + "\"");
                tokens.add(Tokens.user(member));
            }
            registerAll(port, tokens);
            String body = call(
                    port,
                    ownerToken,
                    "POST",
                    "/v1/conversations",
                    "{\"kind\":\"group\",\"title\":\"storm\",\"members\":[" + String.join(",", ids) + "]}");
            result.add(new ReconnectStorm.Group(UUID.fromString(id(body)), ownerToken, tokens));
        }
        return result;
    }

    private void registerAll(int port, List<String> tokens) {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String token : tokens) {
            inFlight.acquireUninterruptibly();
            calls.add(http.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/conversations"))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> inFlight.release()));
        }
        calls.forEach(CompletableFuture::join);
    }

    private String call(int port, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode());
        }
        return response.body();
    }

    private static String id(String json) {
        Matcher matcher = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in response");
        }
        return matcher.group(1);
    }
}
