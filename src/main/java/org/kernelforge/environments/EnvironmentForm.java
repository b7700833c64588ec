package org.kernelforge.environments;

import org.jboss.resteasy.reactive.RestForm;
import org.kernelforge.web.Csrf;

import java.util.Arrays;
import java.util.List;

/** The new-environment form, as typed: shown back as it was sent when the service refuses it. */
public class EnvironmentForm {

    @RestForm(Csrf.FIELD)
    public String csrf;
    @RestForm
    public String name;
    @RestForm
    public String language;
    @RestForm
    public String description;
    /** One package a line (spaces and commas separate too). */
    @RestForm
    public String packages;
    /** A competition's slug, or empty for a site-wide environment. */
    @RestForm
    public String competition;

    static EnvironmentForm blank(String competition) {
        EnvironmentForm form = new EnvironmentForm();
        form.language = "python";
        form.competition = competition;
        return form;
    }

    EnvironmentRequests.Create toRequest() {
        return new EnvironmentRequests.Create(blankToNull(name), blankToNull(language), description, packageList(packages),
                blankToNull(competition));
    }

    /** The packages of a textarea: one a line, or separated by spaces or commas; empty lines are no packages. */
    static List<String> packageList(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[\\s,]+")).filter(p -> !p.isBlank()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
