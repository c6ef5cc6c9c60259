package dev.charter.common;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * RDS IAM authentication tokens: a SigV4 pre-signed {@code connect} request for one database user, valid 15
 * minutes, used as the password of one new connection. Signed locally with the task role's credentials (the SDK's
 * default chain: the ECS container credentials in a task), the way the SDK's {@code RdsUtilities} does it.
 */
final class RdsIamTokens {

    /** How long RDS accepts a token for a new connection; open connections are not affected when it lapses. */
    static final Duration VALIDITY = Duration.ofMinutes(15);

    private final Aws4Signer signer = Aws4Signer.create();
    private final AwsCredentialsProvider credentials;
    private final Region region;

    RdsIamTokens(AwsCredentialsProvider credentials, Region region) {
        this.credentials = credentials;
        this.region = region;
    }

    /** With the SDK's default credentials and region (AWS_REGION in a task). */
    static RdsIamTokens fromEnvironment() {
        return new RdsIamTokens(
                DefaultCredentialsProvider.builder().build(),
                DefaultAwsRegionProviderChain.builder().build().getRegion());
    }

    /** A token for {@code user} on {@code host:port}, as the password of a connection opened now. */
    String token(String host, int port, String user) {
        SdkHttpFullRequest connect = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("DBUser", user)
                .putRawQueryParameter("Action", "connect")
                .build();
        Aws4PresignerParams params = Aws4PresignerParams.builder()
                .expirationTime(Instant.now().plus(VALIDITY))
                .awsCredentials(credentials.resolveCredentials())
                .signingName("rds-db")
                .signingRegion(region)
                .build();
        String url = signer.presign(connect, params).getUri().toString();
        return url.substring("https://".length());
    }
}
