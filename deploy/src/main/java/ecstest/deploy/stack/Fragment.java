package ecstest.deploy.stack;

/**
 * A part of requests rendered once per run from a template of its own, chosen by the settings.
 *
 * @param document true: the placeholder is the rendered JSON as a string (an IAM policy a call carries as text);
 *     false: the JSON itself, filled where a string is exactly the placeholder
 */
public record Fragment(String placeholder, String template, boolean document) {}
