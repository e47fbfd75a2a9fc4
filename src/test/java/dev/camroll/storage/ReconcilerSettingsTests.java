package dev.camroll.storage;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code camroll.storage.reconciler.*} is read, and what start-up refuses. */
class ReconcilerSettingsTests {

    @Test
    void nothingConfiguredMeansAPassEverySixHoursOverWhatIsAnHourOld() {
        assertThat(bind(Map.of())).isEqualTo(new ReconcilerSettings(true, Duration.ofHours(6), Duration.ofHours(1)));
    }

    @Test
    void everySettingCanBeChanged() {
        assertThat(bind(Map.of(
                        "camroll.storage.reconciler.enabled",
                        "false",
                        "camroll.storage.reconciler.interval",
                        "30m",
                        "camroll.storage.reconciler.grace",
                        "0s")))
                .isEqualTo(new ReconcilerSettings(false, Duration.ofMinutes(30), Duration.ZERO));
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("camroll.storage.reconciler.grace", "-1s")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("grace must not be negative");
    }

    @Test
    void anIntervalUnderAMinuteIsInvalid() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        assertThat(validator.validate(new ReconcilerSettings(true, Duration.ofSeconds(59), Duration.ZERO)))
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactly("interval");
    }

    private static ReconcilerSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("camroll.storage.reconciler", ReconcilerSettings.class);
    }
}
