package com.run402.local.runtime.rest.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.runtime.rest.schema.NodeTree.Target;
import org.junit.jupiter.api.Test;

class NodeTreeTest {
  @Test
  void reads_the_top_level_target_list_only() {
    // A view over a sub-query: the sub-query's own target list (resorigtbl 999) must be ignored;
    // escaped names, a multi-atom Const value, null (<>) and a junk entry are all handled.
    String tree = "({QUERY :commandType 1 :utilityStmt <> :rtable ({RANGETBLENTRY :rtekind 1 :subquery "
        + "{QUERY :targetList ({TARGETENTRY :expr {VAR :varno 1} :resno 1 :resname x :resorigtbl 999 "
        + ":resorigcol 9 :resjunk false})} :alias <>}) :targetList ({TARGETENTRY :expr {VAR :varno 1 "
        + ":location 7} :resno 1 :resname my\\ col\\{ :ressortgroupref 0 :resorigtbl 16385 :resorigcol 2 "
        + ":resjunk false} {TARGETENTRY :expr {CONST :consttype 23 :constvalue 4 [ 1 0 0 0 ]} :resno 2 "
        + ":resname one :resorigtbl 0 :resorigcol 0 :resjunk false} {TARGETENTRY :expr {VAR} :resno 3 "
        + ":resname junk :resorigtbl 16385 :resorigcol 1 :resjunk true}) :sortClause <>})";
    assertThat(NodeTree.viewTargets(tree)).containsExactly(new Target(1, 16385, 2), new Target(2, 0, 0));
  }

  @Test
  void unescapes_atoms() {
    Object parsed = NodeTree.parse("{A :name a\\ b\\(c :list (i 1 2) :none <>}");
    assertThat(parsed).isInstanceOf(NodeTree.Node.class);
    NodeTree.Node n = (NodeTree.Node) parsed;
    assertThat(n.type()).isEqualTo("A");
    assertThat(n.get("name")).isEqualTo("a b(c");
    assertThat(n.get("list")).isEqualTo(java.util.List.of("i", "1", "2"));
    assertThat(n.get("none")).isNull();
  }
}
