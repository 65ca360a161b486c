package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.switchboard.provider.JdkHttpTransport;
import dev.switchboard.routing.Router;
import dev.switchboard.telemetry.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that logging and metrics stay inside {@code dev.switchboard.telemetry}: the service,
 * routing and the provider clients report through {@link Telemetry} and use no SLF4J or
 * Micrometer API directly.
 */
class TelemetryBoundaryTest {

    private static final ArchRule ONLY_TELEMETRY_LOGS_AND_MEASURES = noClasses()
            .that().resideInAPackage("dev.switchboard..")
            .and().resideOutsideOfPackage("dev.switchboard.telemetry..")
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "io.micrometer..")
            .because("logging and metrics go through dev.switchboard.telemetry.Telemetry");

    @Test
    void onlyTelemetryUsesLoggingAndMetricsApis() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard");

        assertThat(production.stream().map(JavaClass::getName)).contains(LlmService.class.getName(),
                Router.class.getName(), JdkHttpTransport.class.getName(), Telemetry.class.getName());
        assertThat(production.stream().map(JavaClass::getName)).noneMatch(name -> name.endsWith("Test"));
        ONLY_TELEMETRY_LOGS_AND_MEASURES.check(production);
    }

    @Test
    void ruleDetectsLoggerOutsideTelemetry() {
        EvaluationResult result = ONLY_TELEMETRY_LOGS_AND_MEASURES.evaluate(
                new ClassFileImporter().importClasses(DirectLogging.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(DirectLogging.class.getName(), "org.slf4j");
    }

    @Test
    void ruleDetectsMeterOutsideTelemetry() {
        EvaluationResult result = ONLY_TELEMETRY_LOGS_AND_MEASURES.evaluate(
                new ClassFileImporter().importClasses(DirectMetrics.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(DirectMetrics.class.getName(), "io.micrometer");
    }

    @Test
    void ruleAllowsTelemetryPackage() {
        EvaluationResult result = ONLY_TELEMETRY_LOGS_AND_MEASURES.evaluate(
                new ClassFileImporter().importClasses(Telemetry.class, DirectLogging.class));

        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(detail -> detail.contains(DirectLogging.class.getName()));
    }

    /** Uses SLF4J from outside the telemetry package, which the rule must reject. */
    static final class DirectLogging {
        private static final Logger log = LoggerFactory.getLogger(DirectLogging.class);

        void send() {
            log.info("sent");
        }
    }

    /** Uses Micrometer from outside the telemetry package, which the rule must reject. */
    static final class DirectMetrics {
        private final Counter sent = Metrics.counter("sent");

        void send() {
            sent.increment();
        }
    }
}
