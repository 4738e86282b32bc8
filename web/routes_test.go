package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoutesOneFile keeps the attack surface on one screen: every route is
// registered in routes.go, and only there.
func TestRoutesOneFile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	routes := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch sel.Sel.Name {
			case "Handle", "HandleFunc":
				if name != "routes.go" {
					t.Errorf("%s: route registered outside routes.go", fset.Position(call.Pos()))
				}
				routes++
			}
			return true
		})
	}
	if routes < 30 {
		t.Errorf("found %d route registrations in routes.go, want the application's routes (30 or more)", routes)
	}
}
