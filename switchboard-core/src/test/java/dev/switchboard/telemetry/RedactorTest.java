package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    // Every credential below is made up; each has the shape of the real format.
    private static final String GOOGLE_KEY = "AIzaSyFAKE0123456789abcdefghijklmnopqrs";
    private static final String OPENAI_PROJECT_KEY = "sk-proj-FAKE01_abcdefghij-KLMNOPQRST0123456789uvwxyz";
    private static final String OPENAI_LEGACY_KEY = "sk-FAKE0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH";
    private static final String ANTHROPIC_KEY = "sk-ant-api03-FAKE0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG";
    private static final String GITHUB_TOKEN = "ghp_FAKE0123456789abcdefghijklmnopqrstuv";
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private final Redactor redactor = Redactor.create(List.of());

    static Stream<Arguments> secrets() {
        return Stream.of(
                argumentSet("google API key", "key " + GOOGLE_KEY + " here", "key [REDACTED:google_api_key] here"),
                argumentSet("OpenAI project key", "using " + OPENAI_PROJECT_KEY, "using [REDACTED:openai_key]"),
                argumentSet("OpenAI legacy key", "\"" + OPENAI_LEGACY_KEY + "\"", "\"[REDACTED:openai_key]\""),
                argumentSet("OpenAI service account key", "sk-svcacct-FAKE0123456789abcdefghijKLMN ok",
                        "[REDACTED:openai_key] ok"),
                argumentSet("Anthropic key", "x " + ANTHROPIC_KEY, "x [REDACTED:anthropic_key]"),
                argumentSet("AWS access key", "id AKIAIOSFODNN7EXAMPLE.", "id [REDACTED:aws_access_key]."),
                argumentSet("AWS temporary access key", "ASIAY34FZKBOKMUTVV7A", "[REDACTED:aws_access_key]"),
                argumentSet("AWS secret key in properties",
                        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEY00",
                        "aws_secret_access_key = [REDACTED:aws_secret_key]"),
                argumentSet("AWS secret key in JSON",
                        "{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEY00\"}",
                        "{\"SecretAccessKey\": \"[REDACTED:aws_secret_key]\"}"),
                argumentSet("GitHub classic token", "token " + GITHUB_TOKEN, "token [REDACTED:github_token]"),
                argumentSet("GitHub OAuth token", "gho_FAKE0123456789abcdefghijklmnopqrstuv",
                        "[REDACTED:github_token]"),
                argumentSet("GitHub app token", "ghs_FAKE0123456789abcdefghijklmnopqrstuv", "[REDACTED:github_token]"),
                argumentSet("GitHub fine-grained token",
                        "github_pat_11FAKE0000_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        "[REDACTED:github_token]"),
                argumentSet("Slack bot token", "xoxb-1234567890-1234567890123-FAKEfakeFAKEfakeFAKEfake",
                        "[REDACTED:slack_token]"),
                argumentSet("Slack user token", "xoxp-1234567890-1234567890-FAKEfake", "[REDACTED:slack_token]"),
                argumentSet("Slack webhook URL",
                        "post to https://hooks.slack.com/services/T00000000/B00000000/FAKEFAKEFAKE now",
                        "post to [REDACTED:slack_token] now"),
                argumentSet("Stripe secret key", "sk_live_FAKE0123456789abcdefghij", "[REDACTED:stripe_key]"),
                argumentSet("Stripe restricted key", "rk_test_FAKE0123456789abcdefghij", "[REDACTED:stripe_key]"),
                argumentSet("Stripe webhook secret", "whsec_FAKE0123456789abcdefghijklmn", "[REDACTED:stripe_key]"),
                argumentSet("JWT", "token=" + JWT, "token=[REDACTED:jwt]"),
                argumentSet("bearer token in header", "Authorization: Bearer abcDEF123ghi456JKL",
                        "Authorization: Bearer [REDACTED:bearer_token]"),
                argumentSet("bearer token in header without digits", "Authorization: Bearer abcdefghij",
                        "Authorization: Bearer [REDACTED:bearer_token]"),
                argumentSet("bearer token in curl line", "curl -H 'Authorization: Bearer tok_0123456789abcdef' url",
                        "curl -H 'Authorization: Bearer [REDACTED:bearer_token]' url"),
                argumentSet("bearer token without header", "sent bearer Zm9vYmFyYmF6cXV1eDEyMw== to",
                        "sent bearer [REDACTED:bearer_token] to"),
                argumentSet("private key block",
                        "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfake\nfakefake==\n"
                                + "-----END RSA PRIVATE KEY-----\nend",
                        "key:\n[REDACTED:private_key]\nend"),
                argumentSet("OpenSSH private key block",
                        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
                                + "-----END OPENSSH PRIVATE KEY-----",
                        "[REDACTED:private_key]"),
                argumentSet("password query parameter", "login?user=jo&password=hunter2&next=/",
                        "login?user=jo&password=[REDACTED:password]&next=/"),
                argumentSet("passwd in YAML", "passwd: s3cr3t!", "passwd: [REDACTED:password]"),
                argumentSet("pwd in environment", "PWD=abc", "PWD=[REDACTED:password]"),
                argumentSet("password in JSON", "{\"password\":\"p@ss w0rd\",\"user\":\"jo\"}",
                        "{\"password\":\"[REDACTED:password]\",\"user\":\"jo\"}"),
                argumentSet("password in escaped JSON", "{\"body\":\"{\\\"db_password\\\":\\\"hunter2\\\"}\"}",
                        "{\"body\":\"{\\\"db_password\\\":\\\"[REDACTED:password]\\\"}\"}"),
                argumentSet("password with escaped quote", "password='it\\'s secret' done",
                        "password='[REDACTED:password]' done"),
                argumentSet("basic authorization", "Authorization: Basic dXNlcjpwYXNzd29yZA==",
                        "Authorization: Basic [REDACTED:password]"),
                argumentSet("URL credentials", "jdbc postgres://admin:s3cret@db.internal:5432/app",
                        "jdbc postgres://[REDACTED:url_credentials]@db.internal:5432/app"),
                argumentSet("URL credentials with @ in password", "https://bot:p@ss@git.example.com/repo.git",
                        "https://[REDACTED:url_credentials]@git.example.com/repo.git"),
                argumentSet("key query parameter", "GET /v1/models?key=abcdef0123456789&alt=json",
                        "GET /v1/models?key=[REDACTED:api_key_param]&alt=json"),
                argumentSet("api_key query parameter", "?api_key=xyz&x=1", "?api_key=[REDACTED:api_key_param]&x=1"),
                argumentSet("x-goog-api-key header", "x-goog-api-key: not-a-real-key-0123",
                        "x-goog-api-key: [REDACTED:api_key_param]"),
                argumentSet("x-api-key header", "X-Api-Key: fake_key_value", "X-Api-Key: [REDACTED:api_key_param]"),
                argumentSet("API key in environment", "OPENAI_API_KEY=local-dev-key",
                        "OPENAI_API_KEY=[REDACTED:api_key_param]"),
                argumentSet("client secret", "client_secret=abc123", "client_secret=[REDACTED:api_key_param]"),
                argumentSet("email", "mail jane.doe+llm@example.co.uk today", "mail [REDACTED:email] today"),
                argumentSet("email at sentence end", "Write to ops@switchboard.dev.", "Write to [REDACTED:email]."),
                argumentSet("international phone", "call +44 20 7946 0958 now", "call [REDACTED:phone] now"),
                argumentSet("international phone with parentheses", "+1 (415) 555-0132", "[REDACTED:phone]"),
                argumentSet("international phone with trunk zero", "tel +44 (0)20 7946 0958", "tel [REDACTED:phone]"),
                argumentSet("international phone without separators", "+4915123456789", "[REDACTED:phone]"),
                argumentSet("North American phone with parentheses", "(415) 555-0132 or", "[REDACTED:phone] or"),
                argumentSet("North American phone with dashes", "cell 415-555-0132", "cell [REDACTED:phone]"),
                argumentSet("North American phone with dots", "415.555.0132", "[REDACTED:phone]"),
                argumentSet("North American phone with country code", "1-800-555-0199", "[REDACTED:phone]"),
                argumentSet("UK national phone", "ring 020 7946 0958", "ring [REDACTED:phone]"),
                argumentSet("French national phone", "01 23 45 67 89", "[REDACTED:phone]"),
                argumentSet("German national phone", "Tel. 030-12345678", "Tel. [REDACTED:phone]"),
                argumentSet("card with spaces", "card 4111 1111 1111 1111 exp", "card [REDACTED:card_number] exp"),
                argumentSet("card with dashes", "4111-1111-1111-1111", "[REDACTED:card_number]"),
                argumentSet("card without separators", "5555555555554444", "[REDACTED:card_number]"),
                argumentSet("Amex card", "amex 3782 822463 10005.", "amex [REDACTED:card_number]."),
                argumentSet("card followed by expiry", "4111 1111 1111 1111 12/29", "[REDACTED:card_number] 12/29"),
                argumentSet("IBAN in groups", "IBAN DE89 3704 0044 0532 0130 00 is mine",
                        "IBAN [REDACTED:iban] is mine"),
                argumentSet("IBAN compact", "GB82WEST12345698765432", "[REDACTED:iban]"),
                argumentSet("IBAN with letter in account", "FR1420041010050500013M02606", "[REDACTED:iban]"),
                argumentSet("US SSN", "ssn 219-09-9999.", "ssn [REDACTED:us_ssn]."),
                argumentSet("IPv4", "from 192.168.1.10:8080", "from [REDACTED:ip_address]:8080"),
                argumentSet("IPv4 after another number", "port 8080 10.0.0.1", "port 8080 [REDACTED:ip_address]"),
                argumentSet("IPv4 with CIDR", "10.0.0.0/8", "[REDACTED:ip_address]/8"),
                argumentSet("IPv6 compressed", "host 2001:db8::8a2e:370:7334 up", "host [REDACTED:ip_address] up"),
                argumentSet("IPv6 full", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "[REDACTED:ip_address]"),
                argumentSet("IPv6 loopback", "bind ::1", "bind [REDACTED:ip_address]"),
                argumentSet("IPv6 in brackets", "http://[fe80::1ff:fe23:4567:890a]:80/",
                        "http://[[REDACTED:ip_address]]:80/"),
                argumentSet("IPv4-mapped IPv6", "::ffff:192.0.2.128", "[REDACTED:ip_address]"));
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void redactsSecret(String text, String expected) {
        assertThat(redactor.redact(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void redactsSecretAtStartAndEndOfText(String text, String expected) {
        String secretOnly = redactor.redact(text);

        assertThat(redactor.redact("\n" + text)).isEqualTo("\n" + secretOnly);
        assertThat(redactor.redact(text + "\n")).isEqualTo(secretOnly + "\n");
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void redactionOfRedactedTextChangesNothing(String text, String expected) {
        assertThat(redactor.redact(expected)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "The quick brown fox jumps over the lazy dog.",
        "Please pass a valid API key.",
        "The key is to be patient: bearer of bad news.",
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "md5 d41d8cd98f00b204e9800998ecf8427e",
        "5d41402abc4b2a76b9719d911017c592",
        "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "at 2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.123+02:00",
        "2024-01-15 10:30:00",
        "on 15/01/2024 and 01.02.2024 at 12:30",
        "Jan 15, 2024",
        "version 1.2.3",
        "v2.10.0-rc1",
        "Java 21.0.2+13-LTS",
        "Windows 10.0.19041.1415",
        "4111 1111 1111 1112",
        "4111111111111112",
        "DE89 3704 0044 0532 0130 01",
        "GB82WEST12345698765433",
        "id 1234567890",
        "epoch 1700000000000 ms",
        "pi 3.14159265358979",
        "1,234,567,890",
        "top 250 300 4000 items",
        "000-12-3456",
        "666-12-3456",
        "912-34-5678",
        "123-00-4567",
        "256.1.1.1",
        "1.2.3",
        "MAC 00:1A:2B:3C:4D:5E",
        "std::vector<int> and Foo::bar and dead::beef",
        "max_tokens=1024, temperature=0.7",
        "primary key: user_identifier",
        "monkey=banana_bread_recipe",
        "sort_key=alphabetical_order",
        "scikit sk-learn-is-a-library-name",
        "pkg@1.2.3 and @mention and user@localhost",
        "ISBN 978-3-16-148410-0",
        "+1",
        "password=",
        "https://example.com/path?q=1",
        "ftp://user@example.com/",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "AKIAIOSFODNN7EXAMPLEX",
        "The secret: patience, and the token: abc",
        "xoxb-not-set-yet",
        "{\"api_key\": null, \"password\": \"\"}",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host",
        "ZIP 94107-1234, tracking 1Z999AA10123456784",
        "Build 20240115.3 on node-17, pid 12345, uptime 123456789 s",
        "if (password == null) return;",
        "cannot connect to 127.0.0.1:11434 or 127.3.4.5"
    })
    void leavesOrdinaryTextUntouched(String text) {
        assertThat(redactor.redact(text)).isSameAs(text);
    }

    @Test
    void redactsUnterminatedKeyBlockToEnd() {
        String text = "key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASC";

        assertThat(redactor.redact(text)).isEqualTo("key: [REDACTED:private_key]");
    }

    @Test
    void redactsKeyBlockGluedToToken() {
        String text = OPENAI_LEGACY_KEY + "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFAKE\n-----END EC PRIVATE KEY----- ok";

        assertThat(redactor.redact(text)).isEqualTo("[REDACTED:private_key] ok");
    }

    @Test
    void redactsSeveralSecretsInOneText() {
        String text = "user jane@example.com called from +1 (415) 555-0132 with " + GOOGLE_KEY
                + ", card 4111 1111 1111 1111 and " + JWT + "; ip 10.1.2.3";

        assertThat(redactor.redact(text)).isEqualTo("user [REDACTED:email] called from [REDACTED:phone] with "
                + "[REDACTED:google_api_key], card [REDACTED:card_number] and [REDACTED:jwt]; "
                + "ip [REDACTED:ip_address]");
    }

    @Test
    void redactsAdjacentSecretsSeparately() {
        String text = GOOGLE_KEY + " " + GITHUB_TOKEN;

        assertThat(redactor.redact(text)).isEqualTo("[REDACTED:google_api_key] [REDACTED:github_token]");
    }

    @Test
    void labelsOverlapWithMostSpecificKind() {
        assertThat(redactor.redact("?key=" + GOOGLE_KEY)).isEqualTo("?key=[REDACTED:google_api_key]");
        assertThat(redactor.redact("Authorization: Bearer " + JWT)).isEqualTo("Authorization: Bearer [REDACTED:jwt]");
    }

    @Test
    void redactsSecretAfterJsonEscape() {
        assertThat(redactor.redact("{\"content\":\"key\\n" + OPENAI_PROJECT_KEY + "\"}"))
                .isEqualTo("{\"content\":\"key\\n[REDACTED:openai_key]\"}");
    }

    @Test
    void redactsConfiguredValueEverywhere() {
        Redactor configured = Redactor.create(List.of("gateway-secret-value", "local-ollama-token"));

        String redacted = configured.redact("a=gateway-secret-value;b=xgateway-secret-valuex local-ollama-token");

        assertThat(redacted).isEqualTo(
                "a=[REDACTED:configured_secret];b=x[REDACTED:configured_secret]x [REDACTED:configured_secret]");
    }

    @Test
    void redactsShortConfiguredValueOnlyAsWholeToken() {
        Redactor configured = Redactor.create(List.of("dev1"));

        assertThat(configured.redact("key dev1, not dev10 or mydev1 or dev1-x"))
                .isEqualTo("key [REDACTED:configured_secret], not dev10 or mydev1 or dev1-x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", "abc", "1234", "x", "secret"})
    void ignoresShortConfiguredValuesThatLookLikeWords(String value) {
        Redactor configured = Redactor.create(List.of(value));
        String text = "this test of abc, 1234 and the secret word x";

        assertThat(configured.redact(text)).isSameAs(text);
    }

    @Test
    void ignoresNullAndBlankConfiguredValues() {
        Redactor configured = Redactor.create(Arrays.asList(null, "", "   "));

        assertThat(configured.redact("plain text")).isEqualTo("plain text");
    }

    @Test
    void configuredValueTakesPrecedenceOverItsFormat() {
        Redactor configured = Redactor.create(List.of(OPENAI_LEGACY_KEY));

        assertThat(configured.redact("k=" + OPENAI_LEGACY_KEY)).isEqualTo("k=[REDACTED:configured_secret]");
    }

    @Test
    void configuredValueNeverSurvivesInRandomText() {
        String secret = "configured-key-12345678";
        Redactor configured = Redactor.create(List.of(secret));
        String[] atoms = {"0", "4111", "a", "e", "A", "GB82", "sk-", "AIza", "ghp_", "eyJ", "https://", ".", "-", "_",
            ":", "::", "=", "@", "+", "(", " ", "\n", "\\", "\"", "'", "/", "&", "-----BEGIN ", "PRIVATE KEY",
            "-----END ", "Bearer ", "password", "key", "é", "\uD83D\uDE00", "[REDACTED:email]"};
        Random random = new Random(7);

        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int atomCount = random.nextInt(30);
            for (int k = 0; k < atomCount; k++) {
                text.append(atoms[random.nextInt(atoms.length)]);
            }
            text.insert(random.nextInt(text.length() + 1), secret);

            assertThat(configured.redact(text.toString())).as("redaction of %s", text).doesNotContain(secret);
        }
    }

    @Test
    void keepsNullAndEmptyText() {
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.redact("")).isEmpty();
    }

    @Test
    void redactsLongTextWithSecretsSpreadOut() {
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String filler = "Line " + i + " of the log, version 1.2." + i + " at 2024-01-15T10:30:00Z. ";
            text.append(filler).append(GITHUB_TOKEN).append('\n');
            expected.append(filler).append("[REDACTED:github_token]").append('\n');
        }

        assertThat(redactor.redact(text.toString())).isEqualTo(expected.toString());
    }
}
