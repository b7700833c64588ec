package org.kernelforge.competitions.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class labels numbered in the order they are first seen. Two labels are the same when both parse as finite numbers
 * of equal value ("1" and "1.0"), otherwise when their trimmed texts are equal.
 */
final class Labels {

    private final List<String> texts;
    private final List<Double> numbers;
    private final Map<String, Integer> byText;
    private final Map<Double, Integer> byNumber;

    Labels() {
        this(new ArrayList<>(), new ArrayList<>(), new HashMap<>(), new HashMap<>());
    }

    private Labels(List<String> texts, List<Double> numbers, Map<String, Integer> byText, Map<Double, Integer> byNumber) {
        this.texts = texts;
        this.numbers = numbers;
        this.byText = byText;
        this.byNumber = byNumber;
    }

    /** A copy that a submission can extend with labels the solution does not have. */
    Labels copy() {
        return new Labels(new ArrayList<>(texts), new ArrayList<>(numbers), new HashMap<>(byText), new HashMap<>(byNumber));
    }

    /** The code of the label in b[from, to), trimmed; a new code if it was not seen before. */
    int codeOf(byte[] b, int from, int to) {
        double number = DecimalNumbers.parse(b, from, to);
        if (Double.isFinite(number)) {
            Double key = number + 0.0;
            Integer code = byNumber.get(key);
            if (code == null) {
                code = add(new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8).strip(), key);
                byNumber.put(key, code);
            }
            return code;
        }
        String text = new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8).strip();
        Integer code = byText.get(text);
        if (code == null) {
            code = add(text, Double.NaN);
            byText.put(text, code);
        }
        return code;
    }

    private int add(String text, double number) {
        texts.add(text);
        numbers.add(number);
        return texts.size() - 1;
    }

    int size() {
        return texts.size();
    }

    String text(int code) {
        return texts.get(code);
    }

    /** The label's value if it is a number, else NaN. */
    double number(int code) {
        return numbers.get(code);
    }
}
