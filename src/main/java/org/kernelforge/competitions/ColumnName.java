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
import java.util.regex.Pattern;

/** A CSV column a solution and the submissions can have; {@code Usage} is taken (it splits the leaderboards). */
@Documented
@Constraint(validatedBy = ColumnName.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ColumnName {

    String message() default "'${validatedValue}' is not a usable column name: 1 to 200 characters without commas, "
            + "quotes or line breaks, and not 'Usage' (that column splits the leaderboards)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ColumnName, String> {

        private static final Pattern COLUMN = Pattern.compile("[^,\\r\\n\"]{1,200}");

        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            if (name == null) {
                return true;
            }
            String column = name.strip();
            return COLUMN.matcher(column).matches() && !column.equalsIgnoreCase("Usage");
        }
    }
}
