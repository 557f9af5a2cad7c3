package dev.realtimelab.exercises.adder;

/** Does not compile: a missing semicolon on line 8. */
public final class Adder {
    private Adder() {}

    public static int add(int a, int b) {
        return a + b
    }
}
