package org.kernelforge.competitions;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An ISO-8601 time with its zone, e.g. 2026-12-31T23:59:00Z. */
@Documented
@Constraint(validatedBy = IsoTime.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface IsoTime {

    String message() default "'${validatedValue}' is not a time: write ISO-8601 with a zone, e.g. 2026-12-31T23:59:00Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<IsoTime, String> {

        /** The instant a valid value names; empty for null or a value that is not a time. */
        static Optional<Instant> parse(String text) {
            try {
                return text == null ? Optional.empty() : Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            return text == null || parse(text).isPresent();
        }
    }
}
