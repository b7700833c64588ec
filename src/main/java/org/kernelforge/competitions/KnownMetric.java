package org.kernelforge.competitions;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.kernelforge.competitions.scoring.Metric;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A built-in metric's id, or {@code custom} for an uploaded scoring program. */
@Documented
@Constraint(validatedBy = KnownMetric.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface KnownMetric {

    String message() default "Unknown metric '${validatedValue}'; use one of {known}, or custom (with a scoring program)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<KnownMetric, String> {

        @Override
        public boolean isValid(String metric, ConstraintValidatorContext context) {
            if (metric == null) {
                return true;
            }
            String id = metric.strip();
            if (Competition.CUSTOM_METRIC.equals(id) || Metric.byId(id).isPresent()) {
                return true;
            }
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("known", Metric.knownIds());
            return false;
        }
    }
}
