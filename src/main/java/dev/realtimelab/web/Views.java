package dev.realtimelab.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import java.nio.file.Path;
import java.util.Map;

/** jte templates: precompiled into the jar, or compiled from src/main/jte on change in dev mode. */
public final class Views {
    private final TemplateEngine engine;

    private Views(TemplateEngine engine) {
        this.engine = engine;
    }

    public static Views precompiled() {
        return new Views(TemplateEngine.createPrecompiled(ContentType.Html));
    }

    /** Recompiles a template when its file changed; needs the app's class loader under exec:java. */
    public static Views fromSource(Path templateDir, Path classDir) {
        return new Views(TemplateEngine.create(new DirectoryCodeResolver(templateDir), classDir,
                ContentType.Html, Views.class.getClassLoader()));
    }

    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(16 * 1024);
        engine.render(template, params, out);
        return out.toString();
    }
}
