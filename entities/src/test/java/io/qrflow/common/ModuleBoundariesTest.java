package io.qrflow.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain knows nothing of HTTP, Kafka or JDBC. */
class ModuleBoundariesTest {

  @Test
  void entitiesDependOnNoTransportOrStorage() {
    var classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.qrflow");
    noClasses().that().resideInAPackage("io.qrflow..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko.http..", "org.apache.kafka..", "org.apache.pekko.kafka..",
            "java.sql..", "javax.sql..", "org.postgresql..", "slick..")
        .check(classes);
  }
}
