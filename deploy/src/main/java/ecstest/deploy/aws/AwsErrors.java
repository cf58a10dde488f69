package ecstest.deploy.aws;

import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An AWS error as one line, whatever came back: an error code and message, or only an HTTP status (a 503 with an
 * empty body once the retries are spent, a proxy's HTML page), which the SDK reports without a code.
 */
public final class AwsErrors {

    private AwsErrors() {}

    /** The error code, or {@code HTTP <status>} when the answer carried none. */
    public static String code(AwsServiceException ex) {
        AwsErrorDetails details = ex.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        if (code != null && !code.isBlank()) {
            return code;
        }
        return "HTTP " + ex.statusCode();
    }

    /** What AWS said, or what the answer was when it said nothing readable. */
    public static String message(AwsServiceException ex) {
        AwsErrorDetails details = ex.awsErrorDetails();
        String message = details == null ? null : details.errorMessage();
        String text = message != null && !message.isBlank() ? message : body(details);
        String flat = text.strip().replaceAll("\\s+", " ");
        String lower = flat.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
            return "an HTML page, not an AWS answer (" + statusText(ex.statusCode())
                    + "): is --endpoint-url or a proxy in the way?";
        }
        if (flat.isEmpty()) {
            return "an answer without an error (" + statusText(ex.statusCode()) + ", no body)"
                    + (ex.statusCode() >= 500 ? " after the SDK's retries" : "");
        }
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    /** The answer's body as text, "" when there was none. */
    private static String body(AwsErrorDetails details) {
        if (details == null || details.rawResponse() == null) {
            return "";
        }
        return details.rawResponse().asUtf8String();
    }

    /** {@code <message> (<code>)}: the form every verb prints. */
    public static String describe(AwsServiceException ex) {
        return message(ex) + " (" + code(ex) + ")";
    }

    /** The service's name for the error's origin ("Ec2"), or "AWS" when the SDK did not say. */
    public static String service(AwsServiceException ex) {
        AwsErrorDetails details = ex.awsErrorDetails();
        return details == null || details.serviceName() == null ? "AWS" : details.serviceName();
    }

    /** The caller lacks a permission: what the deploying role's policies decide. */
    public static boolean denied(AwsServiceException ex) {
        String code = code(ex);
        return code.contains("AccessDenied") || code.contains("UnauthorizedOperation") || ex.statusCode() == 403;
    }

    /**
     * What a delete was meant to remove is not there (any more): the delete is done. Each service spells it its own
     * way: {@code InvalidSubnetID.NotFound}, {@code NoSuchEntity}, {@code ResourceNotFoundException},
     * {@code ServiceNotActiveException}, {@code Gateway.NotAttached}, {@code ObjectNotFoundException}...
     */
    public static boolean gone(AwsServiceException ex) {
        String code = code(ex);
        return code.contains("NotFound")
                || code.contains("NoSuchEntity")
                || code.contains("NotActive")
                || code.contains("NotAttached");
    }

    private static String statusText(int status) {
        return "HTTP " + status;
    }
}
