package dev.realtimelab.course;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Markdown of one lesson body to HTML: GFM tables, heading anchors, links between lessons by
 * file name, {@code include=} code blocks, and the registered {@link Directive}s.
 */
public final class LessonRenderer {
    /** A link to another lesson by its file name, as it reads on any Markdown viewer. */
    static final Pattern LESSON_LINK = Pattern.compile("^(\\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md(#[A-Za-z0-9_-]*)?$");
    /** {@link #LESSON_LINK} as the destination of a Markdown link anywhere in a text. */
    private static final Pattern LESSON_LINK_IN_TEXT = Pattern.compile("\\]\\(\\s*(\\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\\.md)(?:#[A-Za-z0-9_-]*)?\\s*\\)");
    private static final Pattern INCLUDE = Pattern.compile("^(\\w+)\\s+include=(\\S+)\\s*$");

    /** What rendering one lesson body produced. */
    public record Result(String html, List<Lesson.Heading> headings, List<Lesson.Section> sections,
                         Set<String> linkedFiles, List<String> problems) {}

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final HtmlRenderer INLINE = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private final Map<String, Directive> directives;
    private final Includes includes;

    public LessonRenderer(Map<String, Directive> directives, Includes includes) {
        this.directives = Map.copyOf(directives);
        this.includes = includes;
    }

    public Result render(String fileName, String markdown) {
        Node document = PARSER.parse(markdown);
        List<String> problems = new ArrayList<>();
        Set<String> linkedFiles = new LinkedHashSet<>();
        List<Lesson.Heading> headings = new ArrayList<>();
        List<String> tableLabels = new ArrayList<>();
        IdGenerator ids = IdGenerator.builder().build();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.CustomBlock block) {
                if (block instanceof TableBlock table) {
                    tableLabels.add(tableLabel(table));
                }
                visitChildren(block);
            }

            @Override
            public void visit(Heading heading) {
                String text = plainText(heading);
                headings.add(new Lesson.Heading(heading.getLevel(), ids.generateId(text), text));
            }

            @Override
            public void visit(Link link) {
                rewriteLessonLink(link).ifPresent(linkedFiles::add);
                visitChildren(link);
            }

            @Override
            public void visit(FencedCodeBlock block) {
                // A directive's body (a quiz) is Markdown inside YAML: its links are rendered by
                // inline(), and named here so the loader checks their lesson files too.
                String info = block.getInfo() == null ? "" : block.getInfo().strip();
                if (directives.containsKey(info.split("\\s+", 2)[0])) {
                    linkedFiles.addAll(lessonFilesLinkedIn(block.getLiteral()));
                }
            }

            @Override
            public void visit(Image image) {
                String src = image.getDestination();
                if (!src.matches("^assets/[A-Za-z0-9][A-Za-z0-9._-]*$") && !src.startsWith("/")) {
                    problems.add("image " + src + ": lesson images live in lessons/assets/ (write assets/NAME)");
                }
            }
        });
        List<Lesson.Heading> headingQueue = new ArrayList<>(headings);
        HtmlRenderer html = HtmlRenderer.builder()
                .extensions(List.of(TablesExtension.create()))
                .escapeHtml(true)
                .sanitizeUrls(true)
                .nodeRendererFactory(context -> new FencedBlockRenderer(context, fileName, problems))
                .nodeRendererFactory(context -> new AnchoredHeadingRenderer(context, headingQueue))
                .build();
        String body = scrollingTables(html.render(document), tableLabels);
        return new Result(body, List.copyOf(headings), sections(document, headings),
                Set.copyOf(linkedFiles), List.copyOf(problems));
    }

    /** "Table: code, meaning": a table's header cells, the name of the box it scrolls in. */
    private static String tableLabel(TableBlock table) {
        List<String> cells = new ArrayList<>();
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            if (part instanceof TableHead && part.getFirstChild() != null) {
                for (Node cell = part.getFirstChild().getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell) {
                        String text = plainText(cell).strip();
                        cells.add(text.isEmpty() ? "(blank)" : text);
                    }
                }
            }
        }
        return "Table: " + String.join(", ", cells);
    }

    /**
     * Puts each table in a box that scrolls sideways on a narrow screen instead of widening the
     * page, with a tab stop and a name so a keyboard can reach and scroll it.
     */
    private static String scrollingTables(String html, List<String> labels) {
        StringBuilder out = new StringBuilder(html.length() + labels.size() * 80);
        int from = 0;
        for (String label : labels) {
            int start = html.indexOf("<table>", from);
            int end = html.indexOf("</table>", start);
            if (start < 0 || end < 0) {
                break;
            }
            end += "</table>".length();
            out.append(html, from, start)
                    .append("<div class=\"table-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"")
                    .append(escapeAttribute(label)).append("\">")
                    .append(html, start, end).append("</div>");
            from = end;
        }
        return out.append(html, from, html.length()).toString();
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A lesson body parsed as render() parses it, for readers of its blocks (SpeakerMaterial). */
    static Node parse(String markdown) {
        return PARSER.parse(markdown);
    }

    /** A Markdown fragment (a quiz question) as plain text, for places that show text, not HTML. */
    public static String plain(String markdown) {
        return plainText(PARSER.parse(markdown)).strip();
    }

    /**
     * Renders a Markdown fragment (a quiz question, an exercise statement) as inline HTML, escaped,
     * with links to lessons by file name turned into their pages, as in a lesson body.
     */
    public static String inline(String markdown) {
        Node fragment = PARSER.parse(markdown);
        fragment.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                rewriteLessonLink(link);
                visitChildren(link);
            }
        });
        String rendered = INLINE.render(fragment).strip();
        if (rendered.startsWith("<p>") && rendered.endsWith("</p>") && rendered.indexOf("<p>", 1) < 0) {
            rendered = rendered.substring(3, rendered.length() - 4);
        }
        return rendered;
    }

    /**
     * A link to a lesson by file name ({@code 06-rooms.md#slow-members}), as it reads on any
     * Markdown viewer, becomes a link to the lesson's page ({@code /lessons/rooms#slow-members}).
     * Returns the file name it named, if it was such a link.
     */
    private static java.util.Optional<String> rewriteLessonLink(Link link) {
        Matcher m = LESSON_LINK.matcher(link.getDestination());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        link.setDestination("/lessons/" + m.group(2) + (m.group(3) == null ? "" : m.group(3)));
        return java.util.Optional.of(m.group(1) + "-" + m.group(2) + ".md");
    }

    /** The lesson files a Markdown text links to by name, wherever the links sit (in YAML too). */
    public static Set<String> lessonFilesLinkedIn(String markdown) {
        Set<String> files = new LinkedHashSet<>();
        Matcher m = LESSON_LINK_IN_TEXT.matcher(markdown);
        while (m.find()) {
            files.add(m.group(1));
        }
        return files;
    }

    private static List<Lesson.Section> sections(Node document, List<Lesson.Heading> headings) {
        List<Lesson.Section> sections = new ArrayList<>();
        String id = null;
        String heading = "";
        StringBuilder text = new StringBuilder();
        int headingIndex = 0;
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading) {
                if (!text.isEmpty() || id != null) {
                    sections.add(new Lesson.Section(id, heading, text.toString().strip()));
                }
                Lesson.Heading h = headings.get(headingIndex++);
                id = h.id();
                heading = h.text();
                text.setLength(0);
            } else if (!(node instanceof FencedCodeBlock)) {
                text.append(plainText(node)).append(' ');
            }
        }
        if (!text.isEmpty() || id != null) {
            sections.add(new Lesson.Section(id, heading, text.toString().strip()));
        }
        return sections;
    }

    static String plainText(Node node) {
        StringBuilder out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }

            @Override
            public void visit(org.commonmark.node.SoftLineBreak br) {
                out.append(' ');
            }
        });
        return out.toString();
    }

    /** Headings get the id the sidebar links to and a visible anchor link. */
    private static final class AnchoredHeadingRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final List<Lesson.Heading> queue;

        AnchoredHeadingRenderer(HtmlNodeRendererContext context, List<Lesson.Heading> queue) {
            this.context = context;
            this.queue = queue;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Heading.class);
        }

        @Override
        public void render(Node node) {
            Heading heading = (Heading) node;
            String id = queue.remove(0).id();
            HtmlWriter out = context.getWriter();
            out.line();
            out.tag("h" + heading.getLevel(), Map.of("id", id));
            for (Node child = heading.getFirstChild(); child != null; child = child.getNext()) {
                context.render(child);
            }
            out.raw(" ");
            out.tag("a", Map.of("class", "anchor", "href", "#" + id, "aria-label", "Link to this section"));
            out.text("#");
            out.tag("/a");
            out.tag("/h" + heading.getLevel());
            out.line();
        }
    }

    /** Fenced blocks: directives, includes, and plain code for highlight.js. */
    private final class FencedBlockRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final String fileName;
        private final List<String> problems;

        FencedBlockRenderer(HtmlNodeRendererContext context, String fileName, List<String> problems) {
            this.context = context;
            this.fileName = fileName;
            this.problems = problems;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(FencedCodeBlock.class);
        }

        @Override
        public void render(Node node) {
            FencedCodeBlock block = (FencedCodeBlock) node;
            String info = block.getInfo() == null ? "" : block.getInfo().strip();
            String name = info.split("\\s+", 2)[0];
            String argument = info.length() > name.length() ? info.substring(name.length()).strip() : "";
            HtmlWriter out = context.getWriter();
            try {
                Directive directive = directives.get(name);
                Matcher include = INCLUDE.matcher(info);
                if (directive != null) {
                    out.line();
                    out.raw(directive.render(new Directive.Block(fileName, argument, block.getLiteral())));
                    out.line();
                } else if (include.matches()) {
                    String source = include.group(2);
                    writeCode(out, include.group(1), includes.read(source), source);
                } else {
                    writeCode(out, name, block.getLiteral(), null);
                }
            } catch (LessonException e) {
                problems.add(e.getMessage());
                out.line();
                out.tag("div", Map.of("class", "lesson-error", "role", "alert"));
                out.text("This block could not be shown: " + e.getMessage());
                out.tag("/div");
                out.line();
            }
        }

        private void writeCode(HtmlWriter out, String language, String code, String source) {
            out.line();
            out.tag("figure", Map.of("class", "code"));
            if (source != null) {
                out.tag("figcaption");
                int hash = source.indexOf('#');
                out.text(hash < 0 ? source : source.substring(0, hash) + " \u00b7 region " + source.substring(hash + 1));
                out.tag("/figcaption");
            }
            // A tab stop and a name: a long line scrolls inside the block, and a keyboard must reach it.
            String name = source != null ? "Code from " + source.split("#", 2)[0]
                    : language.isEmpty() ? "Code" : language + " code";
            out.tag("pre", Map.of("tabindex", "0", "role", "group", "aria-label", name));
            out.tag("code", language.isEmpty() ? Map.of() : Map.of("class", "language-" + language));
            out.text(code.endsWith("\n") ? code.substring(0, code.length() - 1) : code);
            out.tag("/code");
            out.tag("/pre");
            out.tag("/figure");
            out.line();
        }
    }
}
