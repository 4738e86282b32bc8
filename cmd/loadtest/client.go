package main

import (
	"bytes"
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

// newTransport returns a transport for many clients of one host: enough
// idle connections that none is closed between requests, no proxy, no
// compression (the server does not compress; the client should not pay).
// A non-nil local address makes the connections come from it.
func newTransport(conns int, local net.IP) *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if local != nil {
		d.LocalAddr = &net.TCPAddr{IP: local}
	}
	return &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// user is one simulated person: an account with a session (cookie jar) of
// its own. A user sends one request at a time.
type user struct {
	Name   string
	base   string
	client *http.Client
	body   bytes.Buffer // the last body kept
}

// newUser returns a user of the server at base, not yet signed in.
func newUser(base, name string, tr http.RoundTripper) *user {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &user{Name: name, base: base, client: &http.Client{
		Transport: tr,
		Jar:       jar,
		Timeout:   2 * time.Minute,
		// Redirects are answers to measure, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// result is one request's outcome.
type result struct {
	Status     int // 0 after a transport error
	Err        error
	Dur        time.Duration // until the last byte of the body
	Statements int           // from Server-Timing; -1 without
	DBMs       float64       // from Server-Timing; -1 without
	Location   string
	Body       []byte // only when asked for; valid until the user's next request
}

// do sends one request and reads the whole answer. With keep, the body is
// returned; otherwise it is discarded while read.
func (u *user) do(ctx context.Context, method, path string, form url.Values, keep bool) result {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.base+path, body)
	if err != nil {
		return result{Err: err, Statements: -1, DBMs: -1}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	start := time.Now()
	resp, err := u.client.Do(req)
	if err != nil {
		return result{Err: err, Dur: time.Since(start), Statements: -1, DBMs: -1}
	}
	r := result{Status: resp.StatusCode, Location: resp.Header.Get("Location")}
	if keep {
		u.body.Reset()
		_, err = u.body.ReadFrom(resp.Body)
		r.Body = u.body.Bytes()
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
	r.Dur = time.Since(start)
	if err != nil {
		r.Status, r.Err = 0, fmt.Errorf("reading the body: %w", err)
	}
	r.Statements, r.DBMs = parseServerTiming(resp.Header.Get("Server-Timing"))
	return r
}

// signIn signs the user in; success is a 303 with a session cookie. It
// returns the status of the answer.
func (u *user) signIn(ctx context.Context, password string) (int, error) {
	r := u.do(ctx, http.MethodPost, "/login", url.Values{"username": {u.Name}, "password": {password}, "next": {"/"}}, false)
	if r.Err != nil {
		return 0, r.Err
	}
	if r.Status != http.StatusSeeOther || !u.hasSession() {
		return r.Status, fmt.Errorf("sign-in of %s: status %d", u.Name, r.Status)
	}
	return r.Status, nil
}

// hasSession reports whether the server gave the user a session cookie.
func (u *user) hasSession() bool {
	base, _ := url.Parse(u.base)
	for _, c := range u.client.Jar.Cookies(base) {
		if c.Name == "session" && c.Value != "" {
			return true
		}
	}
	return false
}

// caseLink finds case links in a list page.
var caseLink = regexp.MustCompile(`href="/cases/(\d+)"`)

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

// locationOption finds a location choice on the announcement form.
var locationOption = regexp.MustCompile(`<option value="([1-9]\d*)"`)

// parseServerTiming reads the "db" metric of a Server-Timing header such
// as `db;dur=1.8;desc="7 statements"`. Missing figures are -1.
func parseServerTiming(h string) (statements int, dbMs float64) {
	statements, dbMs = -1, -1
	for _, metric := range strings.Split(h, ",") {
		params := strings.Split(metric, ";")
		if strings.TrimSpace(params[0]) != "db" {
			continue
		}
		for _, p := range params[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			switch k {
			case "dur":
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					dbMs = f
				}
			case "desc":
				n, _, _ := strings.Cut(strings.Trim(v, `"`), " ")
				if i, err := strconv.Atoi(n); err == nil {
					statements = i
				}
			}
		}
	}
	return statements, dbMs
}
