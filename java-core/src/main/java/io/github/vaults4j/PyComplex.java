package io.github.vaults4j;

/**
 * A Python {@code complex} number.
 *
 * @param real the real part
 * @param imag the imaginary part
 */
public record PyComplex(double real, double imag) {
    @Override
    public String toString() {
        return "(" + real + (imag < 0 || (imag == 0 && 1 / imag < 0) ? "" : "+") + imag + "j)";
    }
}
