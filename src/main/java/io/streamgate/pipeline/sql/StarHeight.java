package io.streamgate.pipeline.sql;

/**
 * The star height of a Java regular expression: how deeply quantifiers that may repeat a varying number
 * of times ({@code *}, {@code +}, {@code {n,}}, {@code {n,m}} with m above 1) nest. Above 1, as in
 * {@code (a+)+}, a backtracking matcher can take time exponential in the input on a near-match. This is
 * the measure of the {@code safe-regex} family of checkers; like them, it refuses some safe patterns
 * and admits some slow ones (a star over alternatives that overlap, {@code (a|a)*}), and it bounds the
 * common catastrophic form.
 */
final class StarHeight {

    private final String pattern;
    private int at;

    private StarHeight(String pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException for a pattern Java's regex parser would refuse as unbalanced */
    static int of(String pattern) {
        StarHeight parser = new StarHeight(pattern);
        int height = parser.alternation();
        if (parser.at < pattern.length()) {
            throw new IllegalArgumentException("unbalanced ')' at " + parser.at);
        }
        return height;
    }

    /** Up to the end or the ')' that closes the group it is in. */
    private int alternation() {
        int height = 0;
        while (at < pattern.length() && pattern.charAt(at) != ')') {
            int atom = atom();
            height = Math.max(height, repeats() ? atom + 1 : atom);
        }
        return height;
    }

    private int atom() {
        char c = pattern.charAt(at++);
        switch (c) {
            case '(' -> {
                skipGroupPrefix();
                int inner = alternation();
                if (at >= pattern.length()) {
                    throw new IllegalArgumentException("unclosed group");
                }
                at++; // ')'
                return inner;
            }
            case '[' -> {
                skipClass();
                return 0;
            }
            case '\\' -> {
                skipEscape();
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    /** {@code ?:}, {@code ?=}, {@code ?!}, {@code ?<=}, {@code ?<!}, {@code ?>}, {@code ?<name>}, flags. */
    private void skipGroupPrefix() {
        if (at < pattern.length() && pattern.charAt(at) == '?') {
            at++;
            if (at < pattern.length() && pattern.charAt(at) == '<' && at + 1 < pattern.length()
                    && Character.isLetter(pattern.charAt(at + 1))) {
                at = Math.max(at, pattern.indexOf('>', at) + 1);
                return;
            }
            while (at < pattern.length() && ":=!<>)".indexOf(pattern.charAt(at)) < 0) {
                at++; // flags, as in (?i) or (?i:
            }
            if (at < pattern.length() && pattern.charAt(at) != ')') {
                at++;
                if (pattern.charAt(at - 1) == '<' && at < pattern.length() && "=!".indexOf(pattern.charAt(at)) >= 0) {
                    at++;
                }
            }
        }
    }

    /** A class, nested classes ({@code [a-z&&[^b]]}) and escapes within; a ']' first is a literal. */
    private void skipClass() {
        int depth = 1;
        if (at < pattern.length() && pattern.charAt(at) == '^') {
            at++;
        }
        if (at < pattern.length() && pattern.charAt(at) == ']') {
            at++;
        }
        while (at < pattern.length() && depth > 0) {
            char c = pattern.charAt(at++);
            if (c == '\\') {
                skipEscape();
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
        }
    }

    /** One escaped character, or a quoted span {@code \Q…\E}. */
    private void skipEscape() {
        if (at >= pattern.length()) {
            return;
        }
        if (pattern.charAt(at) == 'Q') {
            int end = pattern.indexOf("\\E", at);
            at = end < 0 ? pattern.length() : end + 2;
            return;
        }
        at++;
    }

    /** Reads a quantifier, if one follows; true when it may repeat its atom more than once. */
    private boolean repeats() {
        if (at >= pattern.length()) {
            return false;
        }
        char c = pattern.charAt(at);
        boolean many;
        if (c == '*' || c == '+') {
            at++;
            many = true;
        } else if (c == '?') {
            at++;
            many = false;
        } else if (c == '{') {
            int end = pattern.indexOf('}', at);
            if (end < 0) {
                return false;
            }
            String bounds = pattern.substring(at + 1, end);
            at = end + 1;
            int comma = bounds.indexOf(',');
            // {n} repeats exactly n times: nothing for a matcher to try in other ways
            many = comma >= 0 && (comma == bounds.length() - 1 || parsesAbove(bounds.substring(comma + 1), 1));
        } else {
            return false;
        }
        if (at < pattern.length() && (pattern.charAt(at) == '?' || pattern.charAt(at) == '+')) {
            at++; // lazy or possessive
        }
        return many;
    }

    private static boolean parsesAbove(String number, long bound) {
        String digits = number.trim();
        return digits.isEmpty() || digits.length() > 18 || Long.parseLong(digits) > bound;
    }
}
