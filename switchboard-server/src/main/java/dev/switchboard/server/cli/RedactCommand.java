package dev.switchboard.server.cli;

import dev.switchboard.telemetry.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code switchboard redact}: standard input to standard output, redacted. */
@Command(name = "redact", mixinStandardHelpOptions = true,
        description = "Read text on standard input and write it to standard output with secrets and personal data"
                + " replaced by [REDACTED:<kind>]. With --config, the configured keys are redacted by exact value too.")
final class RedactCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws IOException {
        List<String> secrets = config.file == null ? List.of() : config.load().secrets();
        Redactor redactor = Redactor.create(secrets);
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(redactor.redact(input));
        System.out.flush();
        return 0;
    }
}
