package browsertest_test

import (
	"net/http"
	"strings"
	"testing"

	"teilhabe/browsertest"
)

// TestSponsorInbox: a sponsor's inbox in a real browser, checked with
// axe-core: the refusal waiting for the sponsor with its button, the step
// page that explains it, taking note of it by keyboard-operable button,
// and the second page of settled messages.
func TestSponsorInbox(t *testing.T) {
	ctx := browsertest.NewBrowser(t)
	srv := browsertest.StartServer(t)
	browsertest.SignIn(t, ctx, srv, "agentur")

	checkPage(t, ctx, "agentur: Posteingang", browsertest.Visit(t, ctx, srv.URL+"/inbox"))
	nav := strings.Join(browsertest.NavLinks(t, ctx), " ")
	if !strings.Contains(nav, "/inbox") {
		t.Fatalf("the navigation has no inbox: %s", nav)
	}
	// A refusal is acknowledged on its case; placement and exit notices
	// have their own form under /notices/.
	const refusal = `main form[action$="/acknowledge"]:not([action*="/notices/"])`
	const button = refusal + ` button`
	if browsertest.Count(t, ctx, button) == 0 {
		t.Fatal("the demo sponsor has no refusal to acknowledge in the inbox")
	}
	action := eval[string](t, ctx, `document.querySelector('`+refusal+`').getAttribute('action')`)
	waiting := browsertest.Count(t, ctx, button)

	// The same action as a step of the case, with the refusal explained.
	checkPage(t, ctx, "agentur: Absage zur Kenntnis nehmen", browsertest.Visit(t, ctx, srv.URL+action))
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "Die Absage") {
		t.Errorf("the acknowledgement step does not show the refusal: %q", squash(got))
	}

	browsertest.Visit(t, ctx, srv.URL+"/inbox")
	st := browsertest.Submit(t, ctx, button)
	if st != http.StatusOK || !strings.HasSuffix(browsertest.Location(t, ctx), "/inbox") {
		t.Fatalf("after acknowledging: status %d at %s, want the inbox", st, browsertest.Location(t, ctx))
	}
	checkPage(t, ctx, "agentur: Posteingang nach der Kenntnisnahme", st)
	expectFlash(t, ctx, "Die Absage ist zur Kenntnis genommen.")
	if n := browsertest.Count(t, ctx, button); n != waiting-1 {
		t.Errorf("%d refusals wait after acknowledging one of %d", n, waiting)
	}

	checkPage(t, ctx, "agentur: Posteingang, erledigt Seite 2", browsertest.Visit(t, ctx, srv.URL+"/inbox?page=2"))
}
