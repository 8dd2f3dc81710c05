package io.github.vaults4j.codec;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}: the shortest digits that read back as the same double (which Java's
 * {@link Double#toString} also finds, since JDK 19), laid out by CPython's rules for the {@code 'r'} format.
 */
final class PyFloats {
    /**
     * CPython writes a float in positional notation while its decimal point position (the value being
     * {@code 0.DIGITS * 10**position}) is above this, and with an exponent at or below it.
     */
    private static final int LOWEST_POSITIONAL = -4;
    /** ... and at or below this one; 1e16 is the first power of ten printed with an exponent. */
    private static final int HIGHEST_POSITIONAL = 16;

    private PyFloats() {
    }

    /**
     * The single digit (or "10", carrying into the next power of ten) that reads back as {@code d} and is
     * closest to it, or {@code null} when none reads back.
     */
    private static String closestSingleDigit(double d, String twoDigits, int point) {
        BigDecimal exact = new BigDecimal(d);
        int low = twoDigits.charAt(0) - '0';
        String best = null;
        BigDecimal bestDistance = null;
        for (int digit = low; digit <= low + 1; digit++) {
            BigDecimal candidate = BigDecimal.valueOf(digit).scaleByPowerOfTen(point - 1);
            if (candidate.signum() == 0 || candidate.doubleValue() != d) {
                continue;
            }
            BigDecimal distance = candidate.subtract(exact).abs();
            if (bestDistance == null || distance.compareTo(bestDistance) < 0) {
                best = String.valueOf(digit);
                bestDistance = distance;
            }
        }
        return best;
    }

    /** {@code repr(d)}: {@code 1714560000.05}, {@code 1e+16}, {@code 1e-05}, {@code inf}, {@code nan}, {@code -0.0}. */
    static String repr(double d) {
        return format(d, true);
    }

    /**
     * As {@code repr}, or as CPython formats a part of a complex number when {@code addDotZero} is false
     * ({@code 1} rather than {@code 1.0}).
     */
    static String format(double d, boolean addDotZero) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        boolean negative = Double.doubleToRawLongBits(d) < 0;
        String java = Double.toString(Math.abs(d));
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int leadingZeros = 0;
        while (leadingZeros < all.length() && all.charAt(leadingZeros) == '0') {
            leadingZeros++;
        }
        int last = all.length();
        while (last > leadingZeros && all.charAt(last - 1) == '0') {
            last--;
        }
        StringBuilder out = new StringBuilder(24);
        if (negative) {
            out.append('-');
        }
        if (leadingZeros == all.length()) {
            return out.append(addDotZero ? "0.0" : "0").toString();
        }
        String digits = all.substring(leadingZeros, last);
        int point = dot + exponent - leadingZeros; // value = 0.digits * 10**point
        if (digits.length() == 2) {
            // Java prints two digits where one would do (4.9E-324); Python prints the closest single digit.
            String one = closestSingleDigit(Math.abs(d), digits, point);
            if (one != null) {
                point += one.length() - 1;
                digits = one.substring(0, 1);
            }
        }
        if (point > LOWEST_POSITIONAL && point <= HIGHEST_POSITIONAL) {
            if (point <= 0) {
                out.append("0.").append("0".repeat(-point)).append(digits);
            } else if (point >= digits.length()) {
                out.append(digits).append("0".repeat(point - digits.length())).append(addDotZero ? ".0" : "");
            } else {
                out.append(digits, 0, point).append('.').append(digits, point, digits.length());
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int shown = point - 1;
            out.append(shown < 0 ? "e-" : "e+");
            if (Math.abs(shown) < 10) {
                out.append('0');
            }
            out.append(Math.abs(shown));
        }
        return out.toString();
    }
}
