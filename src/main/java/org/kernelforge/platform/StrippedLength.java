package org.kernelforge.platform;

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

/**
 * Text whose length without surrounding white space is {@code min} to {@code max} (what is stored is stripped).
 * Null is valid: an absent field keeps its value. The message may use {@code {length}}, the stripped length sent.
 */
@Documented
@Constraint(validatedBy = StrippedLength.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface StrippedLength {

    int min() default 0;

    int max();

    String message() default "must be {min} to {max} characters (it has {length})";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<StrippedLength, String> {

        private int min;
        private int max;

        @Override
        public void initialize(StrippedLength constraint) {
            min = constraint.min();
            max = constraint.max();
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true;
            }
            int length = text.strip().length();
            if (length >= min && length <= max) {
                return true;
            }
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("length", length);
            return false;
        }
    }
}
