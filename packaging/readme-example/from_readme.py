"""Writes a Maven project made only of the README's Java section: its dependency snippet and its example.

    python3 from_readme.py README.md OUT_FOLDER
"""
import re
import sys
from pathlib import Path

SECTION = "## Using the Java core"

readme = Path(sys.argv[1]).read_text(encoding="utf-8")
out = Path(sys.argv[2])
section = readme[readme.index(SECTION):]
section = section[:section.index("\n## ", len(SECTION))]
snippet = re.search(r"```xml\n(.*?)```", section, re.S).group(1)
example = re.search(r"```java\n(.*?)```", section, re.S).group(1)
imports = "".join(line + "\n" for line in example.splitlines() if line.startswith("import "))
body = "".join("        " + line + "\n" for line in example.splitlines()
               if line and not line.startswith("import "))

version = re.search(r"<artifactId>vaults4j-bom</artifactId>\s*<version>([^<]+)</version>", snippet).group(1)
(out / "src/main/java").mkdir(parents=True)
(out / "pom.xml").write_text(f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>readme-example</artifactId>
  <version>{version}</version>
  <properties>
    <maven.compiler.release>21</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
{snippet}  <build>
    <plugins>
      <plugin>
        <!-- Maven 3.8's default compiler plugin predates `release`. -->
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
      </plugin>
    </plugins>
  </build>
</project>
""", encoding="utf-8")
(out / "src/main/java/ReadmeExample.java").write_text(f"""{imports}
public class ReadmeExample {{
    public static void main(String[] args) throws Exception {{
        Path fuseRoot = Path.of(args[0]);
{body}    }}
}}
""", encoding="utf-8")
