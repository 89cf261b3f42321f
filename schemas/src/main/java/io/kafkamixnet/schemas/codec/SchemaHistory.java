package io.kafkamixnet.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The committed writer schemas of a record, oldest first, as shipped in this jar.
 *
 * <p>Version {@code N} of record {@code X} (simple name) is the classpath resource
 * {@code io/kafkamixnet/schemas/history/X.vN.avsc}, numbered from 1 without gaps. A file is added
 * for every schema version that was ever released and is never edited afterwards: its fingerprint
 * is in records on topics. The newest file is the current schema (a unit test checks it).
 */
public final class SchemaHistory {

    /** Classpath folder of the history files. */
    public static final String RESOURCE_FOLDER = "io/kafkamixnet/schemas/history/";

    private SchemaHistory() {}

    /**
     * Loads every committed version of {@code recordSchema}'s record, oldest first; an empty list
     * if the record has no history in this jar.
     *
     * @throws IllegalStateException if a history file does not parse or names another record
     */
    public static List<Schema> of(Schema recordSchema) {
        String simpleName = recordSchema.getName();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = RESOURCE_FOLDER + simpleName + ".v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                Schema schema = new Schema.Parser().parse(in);
                if (!schema.getFullName().equals(recordSchema.getFullName())) {
                    throw new IllegalStateException("history file " + resource + " defines " + schema.getFullName()
                            + ", expected " + recordSchema.getFullName());
                }
                versions.add(schema);
            } catch (SchemaParseException e) {
                throw new IllegalStateException("history file " + resource + " is not a valid schema", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read history file " + resource, e);
            }
        }
    }
}
