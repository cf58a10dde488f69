package ecstest.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * When a call that changes something is sent again: the clients' retry strategy decides which failures are worth
 * another attempt; before each, the account is asked whether the failed attempt took effect after all.
 */
class MutatingCallTests {

    /** The clients' strategy, without the waits between attempts. */
    private final RetryStrategy strategy = AwsClients.retryStrategy().toBuilder()
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
            .build();

    private final AtomicInteger attempts = new AtomicInteger();
    private final List<SdkException> asked = new ArrayList<>();

    @Test
    void aLostAnswerIsNotSentAgainWhenTheAccountShowsItTookEffect() {
        String made = MutatingCall.send(strategy, () -> fail(lostAnswer()), failure -> {
            asked.add(failure);
            return Optional.of("subnet-0a1b");
        });

        assertThat(made).isEqualTo("subnet-0a1b");
        assertThat(attempts).hasValue(1);
        assertThat(asked).singleElement().isInstanceOf(SdkClientException.class);
    }

    @Test
    void aTransientFailureThatTookNoEffectIsSentAgain() {
        String made = MutatingCall.send(
                strategy,
                () -> attempts.get() == 0 ? fail(serviceError(503, null)) : succeed("vpc-1"),
                failure -> Optional.empty());

        assertThat(made).isEqualTo("vpc-1");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aConflictAfterAnEarlierAttemptIsResolvedByWhatTheAccountHolds() {
        String made = MutatingCall.send(
                strategy,
                () -> attempts.get() == 0 ? fail(lostAnswer()) : fail(serviceError(400, "InvalidGroup.Duplicate")),
                failure -> failure instanceof AwsServiceException ? Optional.of("sg-1") : Optional.empty());

        assertThat(made).isEqualTo("sg-1");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aFailureThatIsNotTransientAndTookNoEffectStands() {
        AwsServiceException denied = serviceError(403, "UnauthorizedOperation");

        assertThatThrownBy(() -> MutatingCall.send(strategy, () -> fail(denied), failure -> Optional.empty()))
                .isSameAs(denied);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aFailureThatLastsIsGivenUpAfterTheStrategysAttempts() {
        assertThatThrownBy(() -> MutatingCall.send(
                        strategy, () -> fail(serviceError(500, "InternalError")), failure -> Optional.empty()))
                .isInstanceOf(AwsServiceException.class);
        assertThat(attempts).hasValue(AwsClients.MAX_ATTEMPTS);
    }

    private String succeed(String id) {
        attempts.incrementAndGet();
        return id;
    }

    private String fail(SdkException failure) {
        attempts.incrementAndGet();
        throw failure;
    }

    private static SdkClientException lostAnswer() {
        return SdkClientException.create(
                "Unable to execute HTTP request: the target server failed to respond",
                new IOException("the target server failed to respond"));
    }

    private static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .serviceName("Ec2")
                        .build())
                .build();
    }
}
