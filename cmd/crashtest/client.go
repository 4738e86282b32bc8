package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// newTransport returns a transport for a few clients of one host, with no
// proxy.
func newTransport() *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second}
}

// user is a signed-in account with a session (cookie jar) of its own. It
// may send requests from several goroutines.
type user struct {
	Name   string
	base   string
	client *http.Client
}

// newUser returns a user of the server at base, not yet signed in.
func newUser(base, name string, tr http.RoundTripper) *user {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &user{Name: name, base: base, client: &http.Client{
		Transport: tr,
		Jar:       jar,
		Timeout:   30 * time.Second,
		// A redirect is the acknowledgement of a write: keep it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// answer is what the server answered. Status is set as soon as the status
// line arrived, even if the body was cut off.
type answer struct {
	Status    int
	Location  string
	RequestID string
	Body      []byte
}

// do sends a request (a form POST if form is not nil) and reads the answer.
func (u *user) do(ctx context.Context, method, path string, form url.Values) (answer, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.base+path, body)
	if err != nil {
		return answer{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	a := answer{Status: resp.StatusCode, Location: resp.Header.Get("Location"), RequestID: resp.Header.Get("X-Request-Id")}
	a.Body, err = io.ReadAll(resp.Body)
	return a, err
}

// signIn signs the user in: a 303 with a session cookie.
func (u *user) signIn(ctx context.Context, password string) error {
	a, err := u.do(ctx, http.MethodPost, "/login", url.Values{"username": {u.Name}, "password": {password}, "next": {"/"}})
	if err != nil {
		return fmt.Errorf("sign-in of %s: %w", u.Name, err)
	}
	base, _ := url.Parse(u.base)
	for _, c := range u.client.Jar.Cookies(base) {
		if c.Name == "session" && c.Value != "" && a.Status == http.StatusSeeOther {
			return nil
		}
	}
	return fmt.Errorf("sign-in of %s: status %d", u.Name, a.Status)
}

var (
	caseLink = regexp.MustCompile(`href="/cases/(\d+)"`)
	caseURL  = regexp.MustCompile(`^/cases/(\d+)$`)
)

// caseIDs returns the distinct case ids linked from body.
func caseIDs(body []byte) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, m := range caseLink.FindAllSubmatch(body, -1) {
		id, err := strconv.ParseInt(string(m[1]), 10, 64)
		if err == nil && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}
