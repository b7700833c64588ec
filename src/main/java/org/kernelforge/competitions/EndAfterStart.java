package org.kernelforge.competitions;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Optional;

/**
 * A request that names both times ends after it starts; the refusal names {@code endTime}. A PATCH that sends
 * one time is checked against the stored other one by {@link CompetitionSettings}.
 */
@Documented
@Constraint(validatedBy = EndAfterStart.Check.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface EndAfterStart {

    String message() default "The end time ({end}) must be after the start time ({start})";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<EndAfterStart, CompetitionRequest> {

        @Override
        public boolean isValid(CompetitionRequest request, ConstraintValidatorContext context) {
            if (request == null) {
                return true;
            }
            Optional<Instant> start = IsoTime.Check.parse(request.startTime());
            Optional<Instant> end = IsoTime.Check.parse(request.endTime());
            if (start.isEmpty() || end.isEmpty() || end.get().isAfter(start.get())) {
                return true;
            }
            HibernateConstraintValidatorContext hibernate = context.unwrap(HibernateConstraintValidatorContext.class);
            hibernate.addMessageParameter("start", start.get()).addMessageParameter("end", end.get());
            hibernate.disableDefaultConstraintViolation();
            hibernate.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("endTime").addConstraintViolation();
            return false;
        }
    }
}
