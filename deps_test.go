package teilhabe

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDependenciesListed keeps DEPENDENCIES.md honest: every direct Go
// module and npm package is listed with a reason, and nothing else is.
func TestDependenciesListed(t *testing.T) {
	doc, err := os.ReadFile("DEPENDENCIES.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string][]string{}
	section := ""
	row := regexp.MustCompile(`^\|\s*([^|\s]+)\s*\|\s*(.+?)\s*\|$`)
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
			continue
		}
		m := row.FindStringSubmatch(line)
		if m == nil || m[1] == "module" || m[1] == "package" || strings.HasPrefix(m[1], "---") {
			continue
		}
		if len(m[2]) < 20 {
			t.Errorf("DEPENDENCIES.md: %s has no real reason: %q", m[1], m[2])
		}
		listed[section] = append(listed[section], m[1])
	}

	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var direct []string
	inRequire := false
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inRequire = true
		case line == ")":
			inRequire = false
		case inRequire && line != "" && !strings.Contains(line, "// indirect"):
			direct = append(direct, strings.Fields(line)[0])
		case strings.HasPrefix(line, "require ") && !strings.Contains(line, "// indirect"):
			direct = append(direct, strings.Fields(line)[1])
		}
	}
	check(t, "Go modules", direct, listed["Go modules"])

	pkg, err := os.ReadFile("package.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Dependencies, DevDependencies map[string]string
	}
	if err := json.Unmarshal(pkg, &p); err != nil {
		t.Fatal(err)
	}
	var npm []string
	for name := range p.Dependencies {
		npm = append(npm, name)
	}
	for name := range p.DevDependencies {
		npm = append(npm, name)
	}
	check(t, "npm packages", npm, listed["npm packages"])
}

func check(t *testing.T, what string, got, listed []string) {
	t.Helper()
	sort.Strings(got)
	sort.Strings(listed)
	if diff := cmp.Diff(listed, got); diff != "" {
		t.Errorf("%s in DEPENDENCIES.md (-) differ from the manifest (+):\n%s", what, diff)
	}
}
