package dev.verdict.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;
import tools.jackson.databind.json.JsonMapper;

/** Validation of report output against the published schemas copied into testdata/schemas. */
public final class Schemas {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Schemas() {}

  /** Errors of {@code sarif} against the OASIS SARIF 2.1.0 schema (draft-04); empty when valid. */
  public static List<Error> sarifErrors(String sarif) throws IOException {
    try (InputStream schemaFile = Files.newInputStream(Path.of("testdata/schemas/sarif-schema-2.1.0.json"))) {
      Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaFile);
      return schema.validate(JSON.readTree(sarif));
    }
  }

  /** Throws when {@code xml} does not validate against the Jenkins xunit JUnit 10 XSD. */
  public static void validateJunit(String xml) throws SAXException, IOException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.newSchema(Path.of("testdata/schemas/junit-10.xsd").toFile()).newValidator()
        .validate(new StreamSource(new StringReader(xml)));
  }
}
