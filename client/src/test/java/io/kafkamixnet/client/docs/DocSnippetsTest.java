package io.kafkamixnet.client.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every Java snippet of {@code README.md} and {@code docs/*.md} against the test class path
 * (client SDK, service library, directory, schemas, packet, admin, Kafka clients), so the docs cannot
 * drift from the API. The snippets are compiled, not run.
 *
 * <p>Conventions for writers of the docs:
 * <ul>
 *   <li>Every fenced block opened with {@code ```java} is compiled. Pseudo-code, formulas, command lines
 *       and byte layouts use another info string ({@code ```text}, {@code ```bash}, or none): those are
 *       never compiled.</li>
 *   <li>A snippet is the body of a method {@code void snippet() throws Exception} of a class that imports
 *       {@link #IMPORTS} (the project's public packages, {@code java.util}, {@code java.time},
 *       {@code java.nio.file}, {@code java.util.concurrent}, Kafka's consumer and producer packages, and
 *       static {@code UTF_8} and {@code SECONDS}).</li>
 *   <li>What a snippet assumes beyond that — variables it uses without declaring them, helper methods —
 *       is declared in an HTML comment directly before the fence (blank lines between are allowed):
 *       {@code <!-- java-context: Producer<byte[], byte[]> myProducer; byte[] answer(byte[] r) { return r; } -->}.
 *       The comment may span lines; its text becomes members of the snippet's class (fields need no
 *       initial value). It renders as nothing on GitHub, and tells the reader what the snippet expects.</li>
 * </ul>
 *
 * <p>A snippet that does not compile fails the test with its file and the line, in that file, of
 * each error.
 */
class DocSnippetsTest {

    /** The imports every snippet sees. */
    static final List<String> IMPORTS = List.of(
            "io.kafkamixnet.admin.*",
            "io.kafkamixnet.client.*",
            "io.kafkamixnet.client.frame.*",
            "io.kafkamixnet.client.service.*",
            "io.kafkamixnet.directory.*",
            "io.kafkamixnet.packet.*",
            "io.kafkamixnet.schemas.*",
            "io.kafkamixnet.schemas.codec.*",
            "io.kafkamixnet.schemas.envelope.*",
            "java.nio.file.*",
            "java.security.SecureRandom",
            "java.time.*",
            "java.util.*",
            "java.util.concurrent.*",
            "org.apache.avro.Schema",
            "org.apache.avro.generic.GenericRecord",
            "org.apache.kafka.clients.consumer.*",
            "org.apache.kafka.clients.producer.*",
            "static java.nio.charset.StandardCharsets.UTF_8",
            "static java.util.concurrent.TimeUnit.SECONDS");

    private static final String CONTEXT_START = "<!-- java-context:";

    /** One ```java block: where it is, what it assumes, and its code. */
    record Snippet(String file, int fenceLine, String context, String code) {
        String className() {
            return "Snippet_" + file.replaceAll("[^A-Za-z0-9]", "_") + "_" + fenceLine;
        }

        /** The class the snippet compiles in; the snippet's first line is {@link #firstCodeLine()}. */
        String source() {
            StringBuilder s = new StringBuilder("package snippets;\n");
            IMPORTS.forEach(i -> s.append("import ").append(i).append(";\n"));
            s.append("@SuppressWarnings(\"unused\") class ").append(className()).append(" {\n");
            s.append(context.replace('\n', ' ')).append('\n');
            s.append("void snippet() throws Exception {\n");
            s.append(code);
            s.append("}\n}\n");
            return s.toString();
        }

        /** The line of {@link #source()} that holds the snippet's first line (1-based). */
        long firstCodeLine() {
            return IMPORTS.size() + 5L;
        }
    }

    @Test
    void everyJavaSnippetInTheDocsCompiles(@TempDir Path out) throws Exception {
        List<Snippet> snippets = new ArrayList<>();
        for (Path doc : docs()) {
            snippets.addAll(snippets(doc));
        }
        assertThat(snippets)
                .as("java snippets found in README.md and docs/*.md")
                .hasSizeGreaterThanOrEqualTo(5)
                .anySatisfy(s -> assertThat(s.file()).isEqualTo("README.md"))
                .anySatisfy(s -> assertThat(s.file()).isEqualTo("docs/client.md"));

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK compiler (run the tests on a JDK)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<SnippetSource> sources = snippets.stream().map(SnippetSource::new).toList();
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", classPath(), "-d", out.toString(), "-proc:none");
            compiler.getTask(null, files, diagnostics, options, null, sources).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            if (d.getSource() instanceof SnippetSource src) {
                Snippet s = src.snippet;
                long inSnippet = d.getLineNumber() - s.firstCodeLine();
                String where = inSnippet >= 0
                        ? s.file() + ":" + (s.fenceLine() + 1 + inSnippet)
                        : s.file() + ":" + s.fenceLine() + " (in its java-context comment)";
                errors.add(where + ": " + d.getMessage(Locale.ROOT).replaceAll("\\s*\\n\\s*", " / "));
            } else {
                errors.add(d.toString());
            }
        }
        assertThat(errors)
                .as("compile errors in doc snippets (file:line of the markdown); see the Javadoc of "
                        + "DocSnippetsTest for the conventions")
                .isEmpty();
    }

    /** README.md and every docs/*.md of the repository this module is in. */
    static List<Path> docs() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("README.md"))
                .as("README.md next to the client module")
                .exists();
        List<Path> out = new ArrayList<>();
        out.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The ```java blocks of one markdown file, each with the java-context comment before it, if any. */
    static List<Snippet> snippets(Path doc) throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String name = root.relativize(doc.toAbsolutePath()).toString().replace(File.separatorChar, '/');
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError(name + ":" + (i + 1) + ": code block is never closed");
            }
            if (fence.equals("```java")) {
                String code = String.join("\n", lines.subList(i + 1, end)) + "\n";
                out.add(new Snippet(name, i + 1, context(lines, i), code));
            }
            i = end;
        }
        return out;
    }

    /** The text of a java-context comment that ends right before line {@code fence} (0-based), or "". */
    private static String context(List<String> lines, int fence) {
        int j = fence - 1;
        while (j >= 0 && lines.get(j).isBlank()) {
            j--;
        }
        if (j < 0 || !lines.get(j).strip().endsWith("-->")) {
            return "";
        }
        int start = j;
        while (start >= 0 && !lines.get(start).contains("<!--")) {
            start--;
        }
        String comment =
                String.join("\n", lines.subList(Math.max(start, 0), j + 1)).strip();
        if (!comment.startsWith(CONTEXT_START)) {
            return "";
        }
        return comment.substring(CONTEXT_START.length(), comment.length() - "-->".length());
    }

    /**
     * The test class path, with the entries of a manifest-only jar (how surefire may pass a long class
     * path) spelled out, since the compiler is given paths, not a class loader.
     */
    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(e);
            if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String u : cp.trim().split("\\s+")) {
                            entries.add(Path.of(
                                            URI.create(u).isAbsolute()
                                                    ? URI.create(u)
                                                    : Path.of(e)
                                                            .getParent()
                                                            .toUri()
                                                            .resolve(u))
                                    .toString());
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A snippet's class as an in-memory source file. */
    private static final class SnippetSource extends SimpleJavaFileObject {
        final Snippet snippet;

        SnippetSource(Snippet snippet) {
            super(URI.create("string:///snippets/" + snippet.className() + ".java"), Kind.SOURCE);
            this.snippet = snippet;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return snippet.source();
        }
    }
}
