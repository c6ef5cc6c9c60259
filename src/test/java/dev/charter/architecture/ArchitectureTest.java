package dev.charter.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of docs/architecture.md, checked on the compiled classes: features form no cycle,
 * only repositories talk SQL, endpoints never reach a repository, and {@code common} knows no feature.
 */
class ArchitectureTest {

    private static final JavaClasses CHARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.charter");

    /** Every package is a node: {@code messaging.ws} and {@code messaging.write} may not need each other either. */
    static final ArchRule noPackageCycle =
            slices().matching("dev.charter.(**)").should().beFreeOfCycles();

    private static final Set<String> SQL_TYPES = Set.of(
            "io.vertx.mutiny.sqlclient.SqlClient",
            "io.vertx.mutiny.sqlclient.Pool",
            "io.vertx.mutiny.sqlclient.SqlConnection",
            "io.vertx.mutiny.pgclient.PgPool",
            "io.vertx.sqlclient.SqlClient",
            "io.vertx.sqlclient.Pool",
            "io.vertx.sqlclient.SqlConnection",
            "io.vertx.pgclient.PgConnection",
            "io.vertx.mutiny.pgclient.PgConnection");

    private static final Set<String> SQL_METHODS =
            Set.of("query", "preparedQuery", "withTransaction", "withConnection", "getConnection", "begin");

    private static final ArchCondition<JavaClass> noSql = new ArchCondition<>("not run SQL or take connections") {
        @Override
        public void check(JavaClass owner, ConditionEvents events) {
            for (JavaMethodCall call : owner.getMethodCallsFromSelf()) {
                String target = call.getTargetOwner().getName();
                if (SQL_TYPES.contains(target) && SQL_METHODS.contains(call.getName())) {
                    events.add(SimpleConditionEvent.violated(owner, call.getDescription()));
                }
            }
        }
    };

    /**
     * The database infrastructure every repository runs on: {@code common} (transactions, NOTIFY, advisory
     * locks, the LISTEN connections) and the writer lanes' own connections, which run the group commit.
     */
    private static final DescribedPredicate<JavaClass> databaseInfrastructure = resideInAPackage("dev.charter.common..")
            .or(nameMatching("dev\\.charter\\.messaging\\.write\\.(PipelinedTransaction|LaneConnection)(\\$.*)?"));

    static final ArchRule sqlOnlyInRepositories = classes()
            .that()
            .haveSimpleNameNotEndingWith("Repository")
            .and(not(databaseInfrastructure))
            .should(noSql)
            .because("SQL lives in repositories; services draw transaction boundaries with common.Transactions");

    static final ArchRule poolOnlyInRepositories = noClasses()
            .that()
            .haveSimpleNameNotEndingWith("Repository")
            .and(not(databaseInfrastructure))
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.vertx.mutiny.sqlclient.Pool")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.vertx.sqlclient.Pool")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.vertx.pgclient.PgPool");

    static final ArchRule endpointsDoNotReachRepositories = noClasses()
            .that()
            .haveSimpleNameEndingWith("Resource")
            .or()
            .haveSimpleNameEndingWith("Socket")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Repository");

    static final ArchRule commonKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("dev.charter.common..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(
                    "dev.charter.common..",
                    "java..",
                    "javax..",
                    "jakarta..",
                    "io..",
                    "org..",
                    "com..",
                    "software.amazon.awssdk..");

    /** Each rule fails on classes made to break it (test sources, so never part of {@link #CHARTER}). */
    @Test
    void everyRuleCatchesItsViolation() {
        JavaClasses violations = new ClassFileImporter()
                .importPackages("dev.charter.architecture.violations", "dev.charter.common.archviolation");
        assertThrows(AssertionError.class, () -> noPackageCycle.check(violations));
        assertThrows(AssertionError.class, () -> sqlOnlyInRepositories.check(violations));
        assertThrows(AssertionError.class, () -> poolOnlyInRepositories.check(violations));
        assertThrows(AssertionError.class, () -> endpointsDoNotReachRepositories.check(violations));
        assertThrows(AssertionError.class, () -> commonKnowsNoFeature.check(violations));
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        noPackageCycle.check(CHARTER);
    }

    @Test
    void onlyRepositoriesRunSql() {
        sqlOnlyInRepositories.check(CHARTER);
    }

    @Test
    void onlyRepositoriesHoldThePool() {
        poolOnlyInRepositories.check(CHARTER);
    }

    @Test
    void resourcesAndSocketsGoThroughServices() {
        endpointsDoNotReachRepositories.check(CHARTER);
    }

    @Test
    void commonImportsNoFeature() {
        commonKnowsNoFeature.check(CHARTER);
    }
}
