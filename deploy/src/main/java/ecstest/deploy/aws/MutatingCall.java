package ecstest.deploy.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * A call that changes something, retried so that a retry cannot do it twice.
 *
 * <p>The SDK's own retry resends a request whose answer was lost after AWS acted on it: a create without an
 * idempotency token then makes a second resource (a VPC, an Elastic IP) or fails on the first ("the CIDR conflicts
 * with another subnet", "the security group already exists"). Here each attempt goes out once, with the SDK's retries
 * off ({@link AwsClients#singleAttempt}); after any failure, {@code tookEffect} reads the account (the resource found
 * by the stack's tag, the setting already in place) and the call is done if it did. Otherwise the clients' own retry
 * strategy decides, as it would have, whether and after what backoff to send it again, and the failure stands once it
 * says no.
 */
public final class MutatingCall {

    private MutatingCall() {}

    /**
     * @param attempt sends the call once and returns what the caller needs of its answer
     * @param tookEffect after a failed attempt, given its failure: what the call would have returned, read from the
     *     account, when it took effect after all; empty when it did not
     */
    public static <T> T send(
            RetryStrategy strategy, Supplier<T> attempt, Function<SdkException, Optional<T>> tookEffect) {
        RetryToken token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("mutating-call"))
                .token();
        while (true) {
            SdkException failure;
            try {
                T result = attempt.get();
                strategy.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (SdkException ex) {
                failure = ex;
            }
            Optional<T> done = tookEffect.apply(failure);
            if (done.isPresent()) {
                strategy.recordSuccess(RecordSuccessRequest.create(token));
                return done.get();
            }
            Duration delay;
            try {
                var refreshed = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder()
                        .token(token)
                        .failure(failure)
                        .build());
                token = refreshed.token();
                delay = refreshed.delay();
            } catch (TokenAcquisitionFailedException notRetryable) {
                throw failure;
            }
            LockSupport.parkNanos(delay.toNanos());
        }
    }
}
