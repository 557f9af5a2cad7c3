package dev.realtimelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.grading.GradingFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What pom.xml does with the learner's work. {@code mvn test -Dexercise=ID} runs the course's
 * own engine on that one exercise (this test runs the very command the profile runs, on a copy
 * of the fixture where another exercise does not compile); the default build ({@code mvn verify})
 * adds no source folder of the workspace or of the exercises.
 */
class MavenExerciseProfileTest {
    static final Document POM = read(TestApp.ROOT.resolve("pom.xml"));

    @Test
    void theDefaultBuildCompilesNoExerciseOrWorkspaceFolder() {
        Element build = child(POM.getDocumentElement(), "build");
        String text = build.getTextContent();
        assertTrue(!text.contains("add-test-source") && !text.contains("add-source") && !text.contains("workspace")
                        && !text.contains("src/exercises"),
                "the default build must not add the learner's workspace or the exercises as sources: " + text);
    }

    @Test
    void gradeOneExerciseRunsTheCheckCommandAndNotTheTestCompiler() {
        Element profile = profile("grade-one-exercise");
        assertEquals("exercise", child(child(child(profile, "activation"), "property"), "name").getTextContent());
        assertEquals("true", child(child(profile, "properties"), "maven.test.skip").getTextContent(),
                "the app's tests (and anything else under src/test) are not compiled when grading one exercise");
        List<String> arguments = arguments(profile);
        assertEquals(List.of("-classpath", "<classpath>", "dev.realtimelab.Main", "check", "${exercise}", "--root", "${project.basedir}"),
                arguments);
    }

    @Test
    void theProfilesCommandGradesOneExerciseWhileAnotherDoesNotCompile() {
        Path course = GradingFixture.copy();
        try {
            GradingFixture.addTwin(course);
            ExerciseCliTest.run("list", "--root", course.toString()); // the first run writes the workspace
            GradingFixture.write(course.resolve("workspace/adder-again/dev/realtimelab/exercises/adderagain/Adder.java"), "class {");
            GradingFixture.write(course.resolve(GradingFixture.ADDER), GradingFixture.solution());

            List<String> command = new ArrayList<>();
            for (String argument : arguments(profile("grade-one-exercise")).subList(3, 7)) {
                command.add(argument.replace("${exercise}", "adder").replace("${project.basedir}", course.toString()));
            }
            ExerciseCliTest.Outcome outcome = ExerciseCliTest.run(command.toArray(String[]::new));
            assertEquals(0, outcome.code(), outcome.out() + outcome.err());
            assertTrue(outcome.out().contains("adder: passed."), outcome.out());
        } finally {
            GradingFixture.delete(course);
        }
    }

    private static List<String> arguments(Element profile) {
        Element arguments = (Element) profile.getElementsByTagName("arguments").item(0);
        List<String> out = new ArrayList<>();
        NodeList children = arguments.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                out.add(e.getTagName().equals("classpath") ? "<classpath>" : e.getTextContent().strip());
            }
        }
        return out;
    }

    private static Element profile(String id) {
        NodeList profiles = POM.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (child(profile, "id").getTextContent().equals(id)) {
                return profile;
            }
        }
        throw new AssertionError("pom.xml has no profile " + id);
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }

    private static Document read(Path file) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
