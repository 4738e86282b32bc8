package web

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"teilhabe"
)

// TestPrintedContractLooksFinished: the printed contract names the
// provider's location with its address and the sponsor by its own name,
// and has two signature blocks of the same shape side by side (place and
// date, then the signature, each on a line with its caption), filled with
// the place and day once the contract is signed.
func TestPrintedContractLooksFinished(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.caseIn(t, a, teilhabe.StageActive)
		c := ts.caseDetail(t, a, id).Case
		doc := coach.get(t, caseURL(id)+"/contract").doc(t)
		article := find(doc, tagged("article"))
		if article == nil {
			t.Fatal("the contract has no article")
		}
		got := text(article)
		for _, want := range []string{c.ProviderName, "Standort " + c.LocationName, c.LocationStreet,
			c.LocationPostcode + " " + c.LocationCity, c.SponsorName, c.Eligibility.CustomerNumber} {
			if want == "" || !strings.Contains(got, want) {
				t.Errorf("the contract does not name %q", want)
			}
		}
		if strings.Contains(got, "(SGB") {
			t.Errorf("the contract adds the legal domain's label to the sponsor's name: %q", got)
		}

		row := find(article, func(n *html.Node) bool { return hasClass(n, "signature-row") })
		if row == nil {
			t.Fatal("the contract has no row of signatures")
		}
		blocks := findAll(row, func(n *html.Node) bool { return hasClass(n, "signature") })
		if len(blocks) != 2 {
			t.Fatalf("%d signature blocks, want 2 side by side", len(blocks))
		}
		shape := func(n *html.Node) (classes []string) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					classes = append(classes, attrOf(c, "class"))
				}
			}
			return classes
		}
		want := []string{"signature__written", "signature__caption", "signature__written", "signature__caption"}
		for i, b := range blocks {
			if got := shape(b); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("signature block %d is %v, want %v", i, got, want)
			}
			place := c.LocationCity + ", " + teilhabe.FormatDate(c.ContractSignedOn)
			if got := text(find(b, func(n *html.Node) bool { return hasClass(n, "signature__written") })); got != place {
				t.Errorf("signature block %d: place and date %q, want %q", i, got, place)
			}
		}
		if !strings.Contains(text(blocks[0]), c.Person.FirstName+" "+c.Person.LastName) || !strings.Contains(text(blocks[1]), c.ProviderName) {
			t.Errorf("signature blocks do not name who signs: %q, %q", text(blocks[0]), text(blocks[1]))
		}
	})
}

// TestEasyLanguageCopy: the copy in easy-to-read language can be printed
// from the case: one sentence a line, what the participant agreed to (the
// coaching, how long, whom to call, that they may stop), no legal
// references; only the provider's staff reach it.
func TestEasyLanguageCopy(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.caseIn(t, a, teilhabe.StageActive)
		c := ts.caseDetail(t, a, id).Case
		easy := caseURL(id) + "/contract/easy"
		if !slices.Contains(links(find(coach.get(t, caseURL(id)).doc(t), tagged("main"))), easy) {
			t.Errorf("the case page does not link to %s", easy)
		}
		res := coach.get(t, easy)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", easy, res.StatusCode)
		}
		doc := res.doc(t)
		checkPage(t, easy, doc, "de")
		article := find(doc, tagged("article"))
		got := text(article)
		for _, want := range []string{"Coaching", "12 Monate", c.ProviderName, c.LocationStreet, c.SponsorName,
			"anrufen", "Ihr Coach:", a.Name, "Telefon:", "aufhören"} {
			if !strings.Contains(got, want) {
				t.Errorf("the easy-to-read copy does not say %q", want)
			}
		}
		if strings.Contains(got, "§") || strings.Contains(got, "SGB") {
			t.Errorf("the easy-to-read copy quotes the law: %q", got)
		}
		for _, p := range elements(article, "p") {
			line := text(p)
			if hasClass(p, "address") {
				continue
			}
			if n := len(strings.Fields(line)); n > 12 || twoSentences.MatchString(line) {
				t.Errorf("line %q holds more than one short sentence", line)
			}
		}

		// The sponsor has no print of it; the page does not exist for it.
		if res := ts.signIn(t, "agentur").get(t, easy); res.StatusCode != http.StatusNotFound {
			t.Errorf("sponsor GET %s: status %d, want 404", easy, res.StatusCode)
		}
	})
}

// twoSentences finds the end of one sentence followed by another.
var twoSentences = regexp.MustCompile(`\p{L}[.?!] \p{Lu}`)
