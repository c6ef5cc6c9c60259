package dev.charter.federation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends requests signed by this region to a peer (JDK HttpClient). Blocking: call it off the event loop.
 * The path is signed exactly as sent, so give it already percent-encoded.
 */
public final class PeerClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PeerSigner signer;

    public PeerClient(PeerSigner signer) {
        this.signer = signer;
    }

    /** {@code body} null for none; JSON otherwise. */
    public HttpResponse<String> send(String peerRegion, URI peerBase, String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        URI target = peerBase.resolve(pathAndQuery);
        String signedPath =
                target.getRawQuery() == null ? target.getRawPath() : target.getRawPath() + "?" + target.getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (Map.Entry<String, String> header :
                signer.sign(peerRegion, method, signedPath, bytes).entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
