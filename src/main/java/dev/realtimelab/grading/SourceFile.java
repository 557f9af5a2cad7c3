package dev.realtimelab.grading;

/**
 * One Java source to compile. {@code path} is relative to the course root (as compile errors
 * name it); {@code fileName} is its last part ({@code Adder.java}).
 */
public record SourceFile(String fileName, String path, String content) {
    public String className(Exercise exercise) {
        return exercise.javaPackagePrefix() + fileName.substring(0, fileName.length() - ".java".length());
    }
}
