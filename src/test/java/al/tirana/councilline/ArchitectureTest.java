package al.tirana.councilline;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import al.tirana.councilline.platform.http.ApiException;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.CommandHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layering of the folders, checked on the compiled product: platform at the bottom, features on it, the
 * composition root ({@code app}) on top, and no package cycle anywhere.
 */
@DisplayName("The architecture")
class ArchitectureTest {

  private static final String ROOT = "al.tirana.councilline";

  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  @DisplayName("has no cycle between top-level packages (features, shared, platform, app)")
  void noCycleBetweenTopLevelPackages() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(product);
  }

  @Test
  @DisplayName("has no cycle between the platform's packages")
  void noCycleInsideThePlatform() {
    slices().matching(ROOT + ".platform.(*)..").should().beFreeOfCycles().check(product);
  }

  @Test
  @DisplayName("keeps the platform free of any feature, shared type or the composition root")
  void platformImportsNoFeature() {
    dependsOnNothingOutside("platform");
  }

  @Test
  @DisplayName("keeps the shared types free of features and platform")
  void sharedTypesStandAlone() {
    dependsOnNothingOutside("shared");
  }

  /** No class of the top-level package {@code layer} uses a class of the product outside it. */
  private static void dependsOnNothingOutside(String layer) {
    String inside = ROOT + "." + layer + "..";
    noClasses().that().resideInAPackage(inside)
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(inside))))
        .check(product);
  }

  @Test
  @DisplayName("lets no feature import the composition root")
  void noFeatureImportsTheCompositionRoot() {
    noClasses().that().resideInAPackage(ROOT + ".*..")
        .and().resideOutsideOfPackages(ROOT + ".app..", ROOT + ".bench..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".app..")
        .check(product);
  }

  @Test
  @DisplayName("has aggregates refuse commands with domain exceptions, never the HTTP-shaped ApiException")
  void aggregatesThrowDomainExceptions() {
    noClasses().that(describe("handle commands", ArchitectureTest::handlesCommands))
        .should().dependOnClassesThat().areAssignableTo(ApiException.class)
        .check(product);
  }

  private static boolean handlesCommands(JavaClass type) {
    return type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(CommandHandler.class))
        || type.getConstructors().stream().anyMatch(constructor -> constructor.isAnnotatedWith(CommandHandler.class));
  }
}
