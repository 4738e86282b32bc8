// Package browsertest drives the real teilhabe server with a real, headless
// Chromium, so that tests can sign in, use forms and check every page with
// axe-core (WCAG 2.1 A and AA).
//
// A typical test:
//
//	func TestSomething(t *testing.T) {
//		ctx := browsertest.NewBrowser(t) // skips when no Chromium is installed
//		srv := browsertest.StartServer(t)
//		browsertest.SignIn(t, ctx, srv, "coach")
//		browsertest.Visit(t, ctx, srv.URL+"/")
//		browsertest.CheckAccessibility(t, ctx, "Startseite")
//	}
//
// Call NewBrowser before StartServer: without Chromium the test is skipped
// before the server is built.
//
// Every helper takes the testing.TB of the (sub)test it runs in and reports
// problems there. The helpers also report each error that the page wrote to
// the browser console (console.error, uncaught exceptions, CSP violations,
// failed sub-resources) as a test error, at the next Visit, Submit, Click or
// CheckAccessibility.
//
// Requirements: Chromium (apt-get install chromium; or set CHROMIUM to the
// binary), and axe-core in node_modules at the module root (npm ci). With
// TEILHABE_REQUIRE_BROWSER=1 a missing Chromium fails the test instead of
// skipping it; CI sets it.
package browsertest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Timeouts of the helpers. A page of this server renders in milliseconds, so
// these only keep a broken test from hanging until the go test timeout.
const (
	startTimeout      = 60 * time.Second // server start, until /healthz answers 200
	navigationTimeout = 30 * time.Second // Visit, Submit
	queryTimeout      = 10 * time.Second // waiting for an element
	axeTimeout        = 60 * time.Second // one axe.run
)

// ---------------------------------------------------------------------------
// Server

// Server is a running teilhabe server with demo data.
type Server struct {
	// URL is the base URL, such as "http://127.0.0.1:43127", without a
	// trailing slash.
	URL string
	// Password is the password of every demo user.
	Password string

	log *logBuffer
}

// Log returns what the server wrote to stdout and stderr so far.
func (s *Server) Log() string { return s.log.String() }

// StartServer builds ./cmd/teilhabe (once per test process), starts it with
// --demo on a free port of 127.0.0.1 with a fresh data directory and a random
// demo password, and waits until GET /healthz answers 200. env holds extra
// KEY=value pairs for the server; they override the defaults. The server is
// stopped when the test ends; if the test failed, its log is printed.
func StartServer(t testing.TB, env ...string) *Server {
	t.Helper()
	bin := serverBinary(t)

	addr := freeAddr(t)
	srv := &Server{
		URL:      "http://" + addr,
		Password: "Demo-" + randomHex(12),
		log:      &logBuffer{},
	}
	cmd := exec.Command(bin, "--demo")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(),
		"TEILHABE_ADDR="+addr,
		"TEILHABE_DATA_DIR="+t.TempDir(),
		"TEILHABE_DEMO_PASSWORD="+srv.Password,
	)
	cmd.Env = append(cmd.Env, env...) // later entries win
	cmd.Stdout = srv.log
	cmd.Stderr = srv.log
	cmd.SysProcAttr = childAttrs()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	var exitErr error
	go func() {
		exitErr = cmd.Wait()
		close(exited)
	}()

	stopping := false
	t.Cleanup(func() {
		select {
		case <-exited:
			if !stopping {
				t.Errorf("the server exited before the end of the test: %v", exitErr)
			}
		default:
			stopping = true
			_ = cmd.Process.Signal(os.Interrupt)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		}
		if t.Failed() {
			t.Logf("server log (%s):\n%s", srv.URL, srv.log.Tail(64<<10))
		}
	})

	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(startTimeout)
	for {
		resp, err := client.Get(srv.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return srv
			}
		}
		select {
		case <-exited:
			stopping = true // reported here, not again in the cleanup
			t.Fatalf("the server exited while starting: %v (its log follows)", exitErr)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not answer 200 on %s/healthz within %v (last error: %v)", srv.URL, startTimeout, err)
		}
	}
}

var build struct {
	once sync.Once
	bin  string
	err  error
}

// serverBinary builds ./cmd/teilhabe of the module that holds the working
// directory, once per test process.
//
// The binary goes to a directory in os.TempDir that belongs to the module
// root (not t.TempDir, which ends with the first test). It is built under a
// temporary name and renamed into place, so parallel test processes (go test
// ./... runs packages in parallel) never run a half-written file, and only one
// binary per checkout is left behind.
func serverBinary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			build.err = err
			return
		}
		sum := sha256.Sum256([]byte(root))
		dir := filepath.Join(os.TempDir(), "teilhabe-browsertest-"+hex.EncodeToString(sum[:6]))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			build.err = err
			return
		}
		tmp := filepath.Join(dir, "teilhabe.build-"+randomHex(6))
		cmd := exec.Command(goTool(), "build", "-o", tmp, "./cmd/teilhabe")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			os.Remove(tmp)
			build.err = fmt.Errorf("go build ./cmd/teilhabe in %s: %v\n%s", root, err, out)
			return
		}
		bin := filepath.Join(dir, "teilhabe")
		if err := os.Rename(tmp, bin); err != nil {
			os.Remove(tmp)
			build.err = err
			return
		}
		build.bin = bin
	})
	if build.err != nil {
		t.Fatalf("building the server: %v", build.err)
	}
	return build.bin
}

// goTool returns the go command. go test puts the go command of its own
// GOROOT first in PATH, so this is the toolchain that runs the test.
func goTool() string { return "go" }

// moduleRoot walks up from the working directory to the directory of go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above it")
		}
		dir = parent
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// logBuffer collects the output of the server; the process writes from two
// goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Tail returns at most the last n bytes, cut at a line start.
func (b *logBuffer) Tail(n int) string {
	s := b.String()
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return "[…]\n" + s
}

// ---------------------------------------------------------------------------
// Browser

const installHint = "Chromium is not installed: apt-get install chromium (or set CHROMIUM to the binary)"

// NewBrowser starts a headless Chromium with a fresh profile and returns the
// context of its tab; pass it to the other helpers. Each call starts its own
// browser, so its cookies (the signed-in user) are its own. The browser is
// closed when the test ends.
//
// Without Chromium the test is skipped, or fails when
// TEILHABE_REQUIRE_BROWSER=1.
func NewBrowser(t testing.TB) context.Context {
	t.Helper()
	execPath := findChromium(t)

	out := &logBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 1024),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	st := &pageState{docRequests: map[network.RequestID]bool{}}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(st.handle))
	// The first Do starts the browser, bound to ctx, which has no timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting %s: %v\n%s", execPath, err, out.Tail(16<<10))
	}
	ctx = context.WithValue(ctx, pageStateKey{}, st)
	t.Cleanup(func() {
		st.report(t, "at the end of the test")
		cancel()
		cancelAlloc() // waits until the browser has exited
	})
	return ctx
}

func findChromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		if !fileExists(p) {
			t.Fatalf("CHROMIUM=%s: no such file", p)
		}
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if fileExists(p) {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("TEILHABE_REQUIRE_BROWSER") == "1" {
		t.Fatal(installHint + "; TEILHABE_REQUIRE_BROWSER=1 forbids skipping")
	}
	t.Skip(installHint)
	return ""
}

type pageStateKey struct{}

// pageState collects the console problems of one tab. handle runs in the
// event loop of the tab, in the order of the events, so a problem that the
// browser sent before the reply to a later command is recorded when that
// command returns.
type pageState struct {
	mu          sync.Mutex
	problems    []string
	docRequests map[network.RequestID]bool
}

func (s *pageState) handle(ev any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument {
			s.docRequests[ev.RequestID] = true
		}
	case *cdpruntime.EventConsoleAPICalled:
		if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert {
			s.add("console.%s: %s%s", ev.Type, argsText(ev.Args), stackPlace(ev.StackTrace))
		}
	case *cdpruntime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			desc, _, _ := strings.Cut(d.Exception.Description, "\n")
			text += " " + desc
		}
		s.add("uncaught exception: %s (%s:%d)", text, d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		// "Failed to load resource: 404" for the page itself: the status is
		// the test's business (Visit and Submit return it), not a console
		// problem. For a stylesheet, image or script it is a problem.
		if e.Source == log.EntrySourceNetwork && s.docRequests[e.NetworkRequestID] {
			return
		}
		// Chromium asks for /favicon.ico on its own when a page declares no
		// icon; a 404 there is no fault of the page.
		if e.Source == log.EntrySourceNetwork && strings.HasSuffix(e.URL, "/favicon.ico") {
			return
		}
		place := ""
		if e.URL != "" {
			place = " (" + e.URL + ")"
		}
		s.add("[%s] %s%s", e.Source, e.Text, place)
	}
}

func (s *pageState) add(format string, args ...any) {
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
}

// report fails t with every console problem since the last report.
func (s *pageState) report(t testing.TB, where string) {
	t.Helper()
	s.mu.Lock()
	problems := s.problems
	s.problems = nil
	s.mu.Unlock()
	for _, p := range problems {
		t.Errorf("browser console %s: %s", where, p)
	}
}

func reportConsole(t testing.TB, ctx context.Context, where string) {
	t.Helper()
	if st, ok := ctx.Value(pageStateKey{}).(*pageState); ok {
		st.report(t, where)
	}
}

func argsText(args []*cdpruntime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a.Type == cdpruntime.RemoteObjectTypeString:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
				continue
			}
			parts = append(parts, string(a.Value))
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.Preview != nil && len(a.Preview.Properties) > 0:
			props := make([]string, 0, len(a.Preview.Properties))
			for _, p := range a.Preview.Properties {
				props = append(props, p.Name+": "+p.Value)
			}
			parts = append(parts, "{"+strings.Join(props, ", ")+"}")
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

func stackPlace(st *cdpruntime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
}

// ---------------------------------------------------------------------------
// Navigation and forms

// Visit loads url in the tab, waits for the load event and returns the HTTP
// status of the final document (after redirects). It does not fail on a 4xx
// or 5xx status; check the result.
func Visit(t testing.TB, ctx context.Context, url string) int {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, navigationTimeout)
	defer cancel()
	resp, err := chromedp.Run(tctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("visit %s: %v", url, err)
	}
	reportConsole(t, ctx, "on "+url)
	return status(resp)
}

// Submit clicks the element that selector (CSS) finds first, normally the
// submit button of a form, waits until the resulting page has loaded and
// returns its HTTP status (after redirects, so 200 after a 303). It fails
// the test if the click loads no page, for example because browser-side
// validation (required, pattern) stopped the form.
func Submit(t testing.TB, ctx context.Context, selector string) int {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, navigationTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(tctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		hint := ""
		if errors.Is(err, context.DeadlineExceeded) {
			hint = " (no element, or no page loaded after the click: browser-side form validation?)"
		}
		t.Fatalf("submit %s: %v%s", selector, err, hint)
	}
	reportConsole(t, ctx, "after submitting "+selector)
	return status(resp)
}

// queryError explains a timeout of an element query.
func queryError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no (visible) element matches within %v: %w", queryTimeout, err)
	}
	return err
}

func status(resp *network.Response) int {
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Click clicks the element that selector (CSS) finds first, such as a
// checkbox or a radio button, and does not wait for a page load. Use Submit
// for a click that loads a page.
func Click(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		t.Fatalf("click %s: %v", selector, queryError(err))
	}
	reportConsole(t, ctx, "after clicking "+selector)
}

// Fill sets the form field that selector (CSS) finds first to value. Text
// fields (text, email, password, search, tel, url, number, textarea) are
// cleared and typed into key by key, as a person would; other fields (select,
// date, time, …) get the value set directly, so use the value format of the
// field, for example "2025-03-31" for a date or the option value for a
// select. For checkboxes and radio buttons use Click.
func Fill(t testing.TB, ctx context.Context, selector, value string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	kind, err := chromedp.Run(tctx, chromedp.JavascriptAttribute[string](chromedp.CSS(selector), "type"))
	if err != nil {
		t.Fatalf("fill %s: %v", selector, queryError(err))
	}
	switch kind {
	case "text", "email", "password", "search", "tel", "url", "number", "textarea":
		// Empty the field first. chromedp.Clear resets only the value
		// attribute, not what was typed before, and chromedp.SetValue
		// fails for "".
		_, err = evaluate[chromedp.Void](ctx, fmt.Sprintf("document.querySelector(%s).value = ''", jsString(selector)), queryTimeout)
		if err == nil {
			err = chromedp.Do(tctx, chromedp.SendKeys(chromedp.CSS(selector), value))
		}
	case "checkbox", "radio", "submit", "button", "reset", "file", "hidden":
		t.Fatalf("fill %s: cannot fill a field of type %q (use Click for checkboxes and radio buttons)", selector, kind)
	default:
		err = chromedp.Do(tctx, chromedp.SetValue(chromedp.CSS(selector), value))
	}
	if err != nil {
		t.Fatalf("fill %s: %v", selector, err)
	}
	got, err := chromedp.Run(tctx, chromedp.Value(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("fill %s: reading the value back: %v", selector, err)
	}
	if got != value {
		t.Fatalf("fill %s with %q: the field holds %q (maxlength, or no such option?)", selector, value, got)
	}
}

// Text returns the visible text (innerText) of the element that selector
// (CSS) finds first. It waits for the element up to 10 s and fails the test
// if there is none.
func Text(t testing.TB, ctx context.Context, selector string) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("text of %s: %v", selector, queryError(err))
	}
	return s
}

// Count returns how many elements match selector (CSS) on the current page,
// without waiting. Count(t, ctx, "[data-error-page]") == 0 checks that the
// page is not an error page.
func Count(t testing.TB, ctx context.Context, selector string) int {
	t.Helper()
	n, err := evaluate[int](ctx, fmt.Sprintf("document.querySelectorAll(%s).length", jsString(selector)), queryTimeout)
	if err != nil {
		t.Fatalf("count %s: %v", selector, err)
	}
	return n
}

// Location returns the URL of the current page.
func Location(t testing.TB, ctx context.Context) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	loc, err := chromedp.Run(tctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	return loc
}

// SignIn signs in as username with the demo password through the login form
// (/login, #username, #password, the form's submit button). It fails the test
// unless the browser ends on a page other than /login that is no error page.
// The browser is on the role's start page afterwards.
func SignIn(t testing.TB, ctx context.Context, srv *Server, username string) {
	t.Helper()
	if st := Visit(t, ctx, srv.URL+"/login"); st != http.StatusOK {
		t.Fatalf("sign in as %s: GET /login answered %d", username, st)
	}
	Fill(t, ctx, "#username", username)
	Fill(t, ctx, "#password", srv.Password)
	st := Submit(t, ctx, `form:has(#password) button:not([type="button"]):not([type="reset"]), form:has(#password) input[type="submit"]`)
	loc := Location(t, ctx)
	u, err := url.Parse(loc)
	if err != nil || st >= 400 || u.Path == "/login" || Count(t, ctx, "[data-error-page]") > 0 {
		t.Fatalf("sign in as %s failed: status %d, now at %s, page says:\n%s", username, st, loc, Text(t, ctx, "body"))
	}
}

// NavLinks returns the same-origin links (absolute URLs without fragment, in
// page order, without duplicates) of the main navigation of the current page:
// nav[aria-label="Hauptnavigation"] or, in English, nav[aria-label="Main
// navigation"]. It fails the test if the page has no such nav.
func NavLinks(t testing.TB, ctx context.Context) []string {
	t.Helper()
	const js = `(() => {
		const labels = ['hauptnavigation', 'main navigation'];
		const navs = [...document.querySelectorAll('nav[aria-label]')]
			.filter(n => labels.includes(n.getAttribute('aria-label').trim().toLowerCase()));
		const links = [];
		for (const nav of navs) {
			for (const a of nav.querySelectorAll('a[href]')) {
				const u = new URL(a.getAttribute('href'), document.baseURI);
				if (u.origin !== location.origin) continue;
				u.hash = '';
				if (!links.includes(u.href)) links.push(u.href);
			}
		}
		return {found: navs.length > 0, links};
	})()`
	res, err := evaluate[struct {
		Found bool     `json:"found"`
		Links []string `json:"links"`
	}](ctx, js, queryTimeout)
	if err != nil {
		t.Fatalf("nav links: %v", err)
	}
	if !res.Found {
		t.Fatalf("nav links: %s has no nav[aria-label=\"Hauptnavigation\"] (or \"Main navigation\")", Location(t, ctx))
	}
	return res.Links
}

// Links returns the same-origin hrefs of the links inside the elements
// that match selector (e.g. "main"), without fragments or duplicates.
// Downloads (a[download], such as the audit log's CSV file) are files,
// not pages, and are left out.
func Links(t testing.TB, ctx context.Context, selector string) []string {
	t.Helper()
	js := fmt.Sprintf(`(() => {
		const links = [];
		for (const root of document.querySelectorAll(%s)) {
			for (const a of root.querySelectorAll('a[href]:not([download])')) {
				const u = new URL(a.getAttribute('href'), document.baseURI);
				if (u.origin !== location.origin) continue;
				u.hash = '';
				if (!links.includes(u.href)) links.push(u.href);
			}
		}
		return links;
	})()`, jsString(selector))
	links, err := evaluate[[]string](ctx, js, queryTimeout)
	if err != nil {
		t.Fatalf("links in %s: %v", selector, err)
	}
	return links
}

// ---------------------------------------------------------------------------
// Accessibility

var axeSource struct {
	once sync.Once
	src  string
	err  error
}

func loadAxe() (string, error) {
	axeSource.once.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			axeSource.err = err
			return
		}
		p := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
		b, err := os.ReadFile(p)
		if err != nil {
			axeSource.err = fmt.Errorf("axe-core is missing (%v): run npm ci in %s", err, root)
			return
		}
		axeSource.src = string(b)
	})
	return axeSource.src, axeSource.err
}

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Count   int    `json:"count"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

type pageFacts struct {
	Lang      string `json:"lang"`
	Title     string `json:"title"`
	H1        int    `json:"h1"`
	Main      int    `json:"main"`
	FirstTab  string `json:"firstTab"`
	SkipHref  string `json:"skipHref"`
	SkipFound bool   `json:"skipFound"`
}

// maxNodes is how many failing elements are shown per axe rule.
const maxNodes = 5

// CheckAccessibility checks the current page and reports each problem with
// t.Errorf, prefixed with pageName:
//
//   - every axe-core violation of the WCAG 2.0/2.1 A and AA rules (tags
//     wcag2a, wcag2aa, wcag21a, wcag21aa), with the rule, its impact, the
//     help text and the first failing elements (selector, HTML, summary);
//   - html[lang] is set, the title is not empty, there is exactly one h1 and
//     exactly one main landmark;
//   - the first focusable element is a skip link (a[href^="#"]) whose target
//     exists;
//   - errors in the browser console before axe runs.
//
// axe-core comes from node_modules/axe-core/axe.min.js at the module root.
func CheckAccessibility(t testing.TB, ctx context.Context, pageName string) {
	t.Helper()
	src, err := loadAxe()
	if err != nil {
		t.Fatalf("%s: %v", pageName, err)
	}
	where := pageName + " (" + Location(t, ctx) + ")"

	facts, err := evaluate[pageFacts](ctx, `(() => {
		const focusable = [...document.querySelectorAll(
			'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex], [contenteditable="true"]')]
			.filter(e => !e.disabled && e.tabIndex >= 0);
		const first = focusable[0];
		let skipHref = '', skipFound = false;
		if (first && first.localName === 'a' && (first.getAttribute('href') || '').startsWith('#')) {
			skipHref = first.getAttribute('href');
			const id = decodeURIComponent(skipHref.slice(1));
			skipFound = id !== '' && document.getElementById(id) !== null;
		}
		return {
			lang: (document.documentElement.getAttribute('lang') || '').trim(),
			title: document.title.trim(),
			h1: document.querySelectorAll('h1').length,
			main: document.querySelectorAll('main, [role="main"]').length,
			firstTab: first ? first.outerHTML.slice(0, 200) : '',
			skipHref, skipFound,
		};
	})()`, queryTimeout)
	if err != nil {
		t.Fatalf("%s: reading the page: %v", where, err)
	}
	if facts.Lang == "" {
		t.Errorf("%s: <html> has no lang attribute", where)
	}
	if facts.Title == "" {
		t.Errorf("%s: the page has no title", where)
	}
	if facts.H1 != 1 {
		t.Errorf("%s: %d h1 elements, want exactly 1", where, facts.H1)
	}
	if facts.Main != 1 {
		t.Errorf("%s: %d main landmarks, want exactly 1", where, facts.Main)
	}
	switch {
	case facts.FirstTab == "":
		t.Errorf("%s: no focusable element, want a skip link first", where)
	case facts.SkipHref == "":
		t.Errorf("%s: the first focusable element is not a skip link (a href=\"#…\"): %s", where, facts.FirstTab)
	case !facts.SkipFound:
		t.Errorf("%s: the skip link points to %s, but no element has that id", where, facts.SkipHref)
	}

	// The page's own console problems, before axe runs.
	reportConsole(t, ctx, "on "+where)

	// Runtime.evaluate runs in the page, but not as a page script, so the
	// page's Content-Security-Policy (script-src 'self', no 'unsafe-eval')
	// does not block it: no Page.setBypassCSP is needed. Checked with Chromium
	// 156 against pages served with "default-src 'self'; script-src 'self';
	// style-src 'self'": axe loads, runs and reports violations, and the
	// injection causes no CSP message.
	loaded, err := evaluate[bool](ctx, `typeof window.axe === 'object'`, queryTimeout)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if !loaded {
		if _, err := evaluate[chromedp.Void](ctx, src+"\n;void 0", queryTimeout); err != nil {
			t.Fatalf("%s: injecting axe-core: %v", where, err)
		}
	}
	violations, err := evaluate[[]axeViolation](ctx, fmt.Sprintf(`axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'],
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		count: v.nodes.length,
		nodes: v.nodes.slice(0, %d).map(n => ({
			target: n.target.map(s => typeof s === 'string' ? s : JSON.stringify(s)).join(' '),
			html: n.html,
			summary: n.failureSummary || '',
		})),
	})))`, maxNodes), axeTimeout, chromedp.EvalAwaitPromise)
	if err != nil {
		t.Fatalf("%s: axe.run: %v", where, err)
	}
	for _, v := range violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s; %d element(s); %s", where, v.ID, v.Impact, v.Help, v.Count, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, shorten(n.HTML, 300))
			for line := range strings.SplitSeq(strings.TrimSpace(n.Summary), "\n") {
				fmt.Fprintf(&b, "\n\t\t%s", strings.TrimSpace(line))
			}
		}
		if v.Count > len(v.Nodes) {
			fmt.Fprintf(&b, "\n\t… and %d more", v.Count-len(v.Nodes))
		}
		t.Error(b.String())
	}
	checkReflow(t, ctx, where)

	// axe itself can cause console messages, for example a CSP message for an
	// element with a style attribute that it copies; such an element has
	// already caused its own CSP message, so these are only logged.
	if st, ok := ctx.Value(pageStateKey{}).(*pageState); ok {
		st.mu.Lock()
		for _, p := range st.problems {
			t.Logf("%s: console message while axe ran (ignored): %s", where, p)
		}
		st.problems = nil
		st.mu.Unlock()
	}
}

// ---------------------------------------------------------------------------
// Small helpers

// evaluate runs a JavaScript expression in the page with a timeout and
// decodes its JSON result into T.
// checkReflow checks what axe does not: that the page reflows at 320 CSS
// pixels without scrolling sideways (WCAG 1.4.10), and that radio buttons
// and checkboxes are targets of at least 24 × 24 pixels (WCAG 2.5.8).
func checkReflow(t testing.TB, ctx context.Context, where string) {
	t.Helper()
	small, err := evaluate[[]string](ctx, `[...document.querySelectorAll('input[type="radio"], input[type="checkbox"]')]
		.filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.width < 23.5 || r.height < 23.5); })
		.slice(0, 3).map(e => e.outerHTML.slice(0, 120) + ' ' + Math.round(e.getBoundingClientRect().width) + 'px')`, queryTimeout)
	if err != nil {
		t.Fatalf("%s: measuring targets: %v", where, err)
	}
	for _, e := range small {
		t.Errorf("%s: a target smaller than 24 × 24 px: %s", where, e)
	}
	tctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatalf("%s: narrowing the window: %v", where, err)
	}
	defer chromedp.Call(tctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	wide, err := evaluate[[]string](ctx, `(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w + 1) return [];
		// The widest culprits: boxes past the edge with no child past it,
		// and boxes whose text runs out of them (a long word).
		const out = [...document.querySelectorAll('body *')].filter(e => {
			const r = e.getBoundingClientRect();
			if (r.width <= 1) return false;
			if (r.right > w + 1) return ![...e.children].some(c => c.getBoundingClientRect().right > w + 1);
			return e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' &&
				r.left + e.scrollWidth > w + 1;
		}).slice(0, 3).map(e => e.outerHTML.slice(0, 160));
		return out.length ? out : ['(the page is ' + document.documentElement.scrollWidth + ' px wide)'];
	})()`, queryTimeout)
	if err != nil {
		t.Fatalf("%s: measuring at 320 px: %v", where, err)
	}
	for _, e := range wide {
		t.Errorf("%s: at 320 CSS pixels the page scrolls sideways; too wide: %s", where, e)
	}
}

func evaluate[T any](ctx context.Context, js string, timeout time.Duration, opts ...chromedp.EvaluateOption) (T, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return chromedp.Run(tctx, chromedp.Evaluate[T](js, opts...))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
