package io.realdb.engine.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Posts reviews through Gerrit's REST API ({@code POST /a/changes/ID/revisions/N/review}) with
 * HTTP basic authentication. Network trouble and server errors (5xx, 429) are tried again with
 * a growing wait; a refusal (401, 403, 404, 409, other 4xx) is reported at once, with what to fix.
 */
public final class GerritClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Gerrit prefixes JSON answers with this line against cross-site script inclusion. */
    private static final String MAGIC_PREFIX = ")]}'";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final GerritCredentials credentials;
    private final Backoff backoff;
    private final Consumer<String> progress;
    private final HttpClient http;

    /**
     * @param base     Gerrit's URL, e.g. {@code https://review.example.org/} (with its path prefix, if any)
     * @param progress where retries are reported, for people
     */
    public GerritClient(URI base, GerritCredentials credentials, Backoff backoff, Consumer<String> progress) {
        this.base = normalise(base.toString());
        this.credentials = credentials;
        this.backoff = backoff;
        this.progress = progress;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Checks and normalises a Gerrit URL given by a user. */
    public static URI normalise(String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url : url + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new BadInputException("Gerrit URL '" + url + "' is not an http(s) URL such as https://review.example.org/");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new BadInputException("Gerrit URL '" + url + "' must not have a query or a fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BadInputException("Gerrit URL '" + url + "' is not a URL: " + e.getMessage(), e);
        }
    }

    public static URI endpoint(URI base, ChangeTarget target) {
        return normalise(base.toString()).resolve(target.reviewPath());
    }

    /** The request as it would be sent, with the password left out: what {@code --dry-run} prints. */
    public static String describe(URI base, ChangeTarget target, ReviewInput review, String who) {
        return "POST " + endpoint(base, target) + "\n"
                + "Content-Type: application/json; charset=UTF-8\n"
                + "Authorization: Basic (" + who + "; not shown)\n"
                + "\n"
                + review.toJson() + "\n";
    }

    /**
     * Posts the review.
     *
     * @return the labels Gerrit applied
     * @throws ReviewRefusedException  when Gerrit refuses it
     * @throws BadInputException       when Gerrit posted the message but did not apply a requested vote
     * @throws InfrastructureException when Gerrit cannot be reached after every attempt
     */
    public Map<String, Integer> post(ChangeTarget target, ReviewInput review) {
        URI endpoint = endpoint(base, target);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json")
                .header("Authorization", credentials.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(review.toJson(), StandardCharsets.UTF_8))
                .build();
        String trouble = null;
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return applied(target, review, response.body());
                }
                if (status >= 500 || status == 429) {
                    trouble = "Gerrit answered " + status + " " + excerpt(response.body());
                } else if (status / 100 == 3) {
                    throw new ReviewRefusedException(status, "Gerrit's URL " + base + " redirects (" + status + ") to "
                            + response.headers().firstValue("Location").orElse("another address")
                            + ": give that address as Gerrit's URL; a review is not re-posted to where a redirect points");
                } else {
                    throw refusal(status, target, response.body());
                }
            } catch (IOException e) {
                trouble = "cannot reach Gerrit at " + base + ": " + describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while posting the review to " + endpoint, e);
            }
            if (attempt < backoff.attempts()) {
                Duration delay = backoff.delayAfter(attempt);
                progress.accept("realdb: " + trouble + "; trying again in " + seconds(delay) + " (attempt "
                        + (attempt + 1) + " of " + backoff.attempts() + ")");
                sleep(delay);
            }
        }
        throw new InfrastructureException("the review for " + target + " was not posted after " + backoff.attempts()
                + (backoff.attempts() == 1 ? " attempt: " : " attempts: ") + trouble);
    }

    private Map<String, Integer> applied(ChangeTarget target, ReviewInput review, String body) {
        Map<String, Integer> applied = new LinkedHashMap<>();
        try {
            JsonNode labels = MAPPER.readTree(stripPrefix(body)).path("labels");
            labels.fields().forEachRemaining(e -> applied.put(e.getKey(), e.getValue().asInt()));
        } catch (IOException e) {
            throw new InfrastructureException("Gerrit's answer to the review for " + target + " is not JSON: "
                    + excerpt(body), e);
        }
        for (Map.Entry<String, Integer> wanted : review.labels().entrySet()) {
            if (!wanted.getValue().equals(applied.get(wanted.getKey()))) {
                throw new BadInputException("Gerrit posted the message on " + target + " but did not apply the vote "
                        + wanted.getKey() + " " + signed(wanted.getValue()) + ": the project may have no label '"
                        + wanted.getKey() + "', or the value is outside the label's range");
            }
        }
        return applied;
    }

    private ReviewRefusedException refusal(int status, ChangeTarget target, String body) {
        String said = excerpt(body);
        String answer = status + " " + reason(status)
                + (said.isEmpty() || said.equalsIgnoreCase(reason(status)) ? "" : ": " + said);
        String message = switch (status) {
            case 401 -> "Gerrit refused the credentials of user '" + credentials.user() + "' (" + answer
                    + "): give the user's HTTP password (Gerrit: Settings > HTTP Credentials), not a login password";
            case 403 -> "Gerrit does not let user '" + credentials.user() + "' post this review on " + target + " ("
                    + answer + "): the user needs permission to vote on the label on the change's branch";
            case 404 -> "Gerrit does not know " + target + " at " + base + " (" + answer + "), or user '"
                    + credentials.user() + "' cannot see it: check the change, the patch set and the Gerrit URL";
            case 409 -> "Gerrit refused the review on " + target + " (" + answer
                    + "): the change may be closed (merged or abandoned)";
            default -> "Gerrit rejected the review on " + target + " (" + answer + ")";
        };
        return new ReviewRefusedException(status, message);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Entity";
            default -> "refused";
        };
    }

    private static String stripPrefix(String body) {
        String text = body.stripLeading();
        return text.startsWith(MAGIC_PREFIX) ? text.substring(MAGIC_PREFIX.length()) : text;
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static String signed(int value) {
        return value > 0 ? "+" + value : String.valueOf(value);
    }

    private static String seconds(Duration delay) {
        return delay.toMillis() < 1000 ? delay.toMillis() + " ms" : delay.toSeconds() + " s";
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting to try Gerrit again", e);
        }
    }
}
