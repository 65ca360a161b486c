package dev.switchboard.server.drill;

/**
 * One kind of request the drill sends, and the failure it must produce.
 *
 * @param profile the profile the requests name
 * @param requests how many requests are sent
 * @param provider the provider whose attempt fails
 * @param model the model whose attempt fails
 * @param errorCode the expected error code of that attempt
 * @param expectedStatus the HTTP status the gateway must answer: 200 when a fallback answers
 */
public record DrillScenario(String profile, int requests, String provider, String model, String errorCode,
        int expectedStatus) {
}
