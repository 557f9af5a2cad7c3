package dev.realtimelab.exercises.adder;

/** Ends the JVM it runs in: only the worker may die, never the app. */
public final class Adder {
    private Adder() {}

    public static int add(int a, int b) {
        System.out.println("about to exit");
        System.exit(3);
        return a + b;
    }
}
