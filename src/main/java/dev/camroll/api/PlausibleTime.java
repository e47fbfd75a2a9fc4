package dev.camroll.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A time a device can have reported: from 1970 to the year 9999. Anything outside is a bad clock or bad input,
 * refused as {@code 400} rather than failing in the database.
 */
@Documented
@Constraint(validatedBy = PlausibleTime.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlausibleTime {

    String message() default "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlausibleTime, Instant> {

        private static final Instant EARLIEST = Instant.EPOCH;

        private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || !value.isBefore(EARLIEST) && !value.isAfter(LATEST);
        }
    }
}
