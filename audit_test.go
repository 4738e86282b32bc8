package teilhabe

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
)

// TestAuditActions checks the audit vocabulary: every action in exactly
// one group, no group named like an action (the filter takes either), and
// the actions about one case are those that carry its number.
func TestAuditActions(t *testing.T) {
	seen := map[AuditAction]AuditGroup{}
	for _, g := range AuditGroups() {
		if len(g.Actions()) == 0 {
			t.Errorf("group %s has no actions", g)
		}
		for _, a := range g.Actions() {
			if other, ok := seen[a]; ok {
				t.Errorf("%s is in groups %s and %s", a, other, g)
			}
			seen[a] = g
			if a.Group() != g {
				t.Errorf("%s.Group() = %q, want %s", a, a.Group(), g)
			}
		}
		if AuditAction(g).Valid() {
			t.Errorf("group %s is also an action", g)
		}
	}
	if len(seen) != len(AuditActions()) {
		t.Errorf("the groups hold %d actions, AuditActions lists %d", len(seen), len(AuditActions()))
	}
	for _, o := range Outcomes() {
		if a := AppointmentOutcomeAudit(o); !a.Valid() || !a.OneCase() {
			t.Errorf("AppointmentOutcomeAudit(%s) = %q, want a listed action about a case", o, a)
		}
	}
	if a := AppointmentOutcomeAudit(OutcomeBooked); a.Valid() {
		t.Errorf("AppointmentOutcomeAudit(booked) = %q, want none (booking is AuditAppointmentBooked)", a)
	}
	for _, tc := range []struct {
		in   string
		want []AuditAction
		ok   bool
	}{
		{"signin", AuditGroupSignIn.Actions(), true},
		{"case.viewed", []AuditAction{AuditCaseViewed}, true},
		{"login", []AuditAction{AuditLogin}, true},
		{"case.", nil, false},
		{"%", nil, false},
		{"Reads", nil, false},
	} {
		got, ok := ParseAuditKind(tc.in)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("ParseAuditKind(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestEveryAuditActionIsListed: a constant of type AuditAction declared
// in audit.go but missing from the groups would be refused by the store.
func TestEveryAuditActionIsListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "audit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		spec, ok := node.(*ast.ValueSpec)
		if !ok || spec.Type == nil {
			return true
		}
		if id, ok := spec.Type.(*ast.Ident); !ok || id.Name != "AuditAction" {
			return true
		}
		for i, v := range spec.Values {
			lit, ok := v.(*ast.BasicLit)
			if !ok {
				continue
			}
			s, _ := strconv.Unquote(lit.Value)
			n++
			if !AuditAction(s).Valid() {
				t.Errorf("%s = %q is not in any audit group", spec.Names[i].Name, s)
			}
		}
		return true
	})
	if n != len(AuditActions()) {
		t.Errorf("audit.go declares %d actions, the groups list %d", n, len(AuditActions()))
	}
}
