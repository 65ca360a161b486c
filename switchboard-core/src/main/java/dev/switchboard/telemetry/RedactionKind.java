package dev.switchboard.telemetry;

/**
 * The kinds of secrets and personal data that {@link Redactor} replaces. Each match becomes
 * {@code [REDACTED:<label>]}, and labels never change once released, so logs and stored rows can
 * be searched by them.
 *
 * <p>When matches of several kinds overlap, the redactor replaces their union with one
 * placeholder and labels it with the kind declared first here: exact configured values, then
 * formats identified by a fixed prefix, then values identified by the name they are assigned to,
 * then personal data.
 */
public enum RedactionKind {
    /** A value configured as a credential, matched exactly. */
    CONFIGURED_SECRET("configured_secret"),
    /** A PEM or PGP private key block, from its BEGIN line to its END line. */
    PRIVATE_KEY("private_key"),
    /** An Anthropic API key ({@code sk-ant-…}). */
    ANTHROPIC_KEY("anthropic_key"),
    /** An OpenAI API key ({@code sk-…}, {@code sk-proj-…}, {@code sk-svcacct-…}, {@code sk-admin-…}). */
    OPENAI_KEY("openai_key"),
    /** A Google API key ({@code AIza} followed by 35 characters). */
    GOOGLE_API_KEY("google_api_key"),
    /** An AWS access key id ({@code AKIA…} for long-term keys, {@code ASIA…} for temporary ones). */
    AWS_ACCESS_KEY("aws_access_key"),
    /** A GitHub token ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}, {@code github_pat_}). */
    GITHUB_TOKEN("github_token"),
    /** A Slack token ({@code xoxb-}, {@code xoxp-}, {@code xapp-} and similar) or incoming-webhook URL. */
    SLACK_TOKEN("slack_token"),
    /** A Stripe secret or restricted key ({@code sk_live_}, {@code rk_test_}, …) or webhook secret ({@code whsec_}). */
    STRIPE_KEY("stripe_key"),
    /** A JSON Web Token: base64url parts separated by dots, the first two starting with {@code ey}. */
    JWT("jwt"),
    /** The value assigned to an AWS secret access key name such as {@code aws_secret_access_key}. */
    AWS_SECRET_KEY("aws_secret_key"),
    /** The credential after {@code Bearer}. */
    BEARER_TOKEN("bearer_token"),
    /** The value assigned to a password name, or the credentials of {@code Authorization: Basic}. */
    PASSWORD("password"),
    /**
     * The value of a credential parameter or header: {@code key=}, {@code api_key=}, {@code token=},
     * {@code access_token=}, {@code client_secret=}, {@code x-goog-api-key:}, {@code x-api-key:}, or
     * an {@code Authorization} value with a scheme other than Bearer and Basic.
     */
    API_KEY_PARAM("api_key_param"),
    /** The {@code user:password} part of a URL such as {@code postgres://user:password@host/db}. */
    URL_CREDENTIALS("url_credentials"),
    /** A payment card number of 13 to 19 digits that passes the Luhn check. */
    CARD_NUMBER("card_number"),
    /** An international bank account number that passes the ISO 7064 mod-97 check. */
    IBAN("iban"),
    /** A US social security number written AAA-GG-SSSS, with an area that can be issued. */
    US_SSN("us_ssn"),
    /** An email address. */
    EMAIL("email"),
    /** A phone number in international ({@code +…}), North American or trunk-prefix ({@code 0…}) format. */
    PHONE("phone"),
    /** An IPv4 address with valid octets, or an IPv6 address. */
    IP_ADDRESS("ip_address");

    private final String label;
    private final String placeholder;

    RedactionKind(String label) {
        this.label = label;
        this.placeholder = "[REDACTED:" + label + "]";
    }

    /** Returns the stable lowercase name, such as {@code google_api_key}. */
    public String label() {
        return label;
    }

    /** Returns the text that replaces a match, such as {@code [REDACTED:google_api_key]}. */
    public String placeholder() {
        return placeholder;
    }
}
