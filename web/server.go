// Package web serves teilhabe's HTML interface: server-rendered pages,
// forms that work without JavaScript, one error vocabulary mapped to status
// codes in one place, and the security headers every response carries.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// Server is the web interface. Create it with New.
type Server struct {
	db        *sqldb.DB
	log       *slog.Logger
	now       func() time.Time
	templates templates
	// labels maps each page's form fields to their label keys.
	labels  map[string]map[string]string
	static  fs.FS // the files under /static/
	handler http.Handler
	// secureCookies marks cookies Secure; set when served behind TLS.
	secureCookies bool
	proxies       []netip.Prefix
	demoLogins    []DemoLogin
	serverTiming  bool
	// baseURL is the address users reach teilhabe at, without a trailing
	// slash; "" takes it from each request.
	baseURL string
}

// Config configures a Server.
type Config struct {
	DB     *sqldb.DB
	Logger *slog.Logger
	Now    func() time.Time
	// SecureCookies marks cookies Secure and sends HSTS; set it when the
	// application is reached through HTTPS.
	SecureCookies bool
	// TrustedProxies are the load balancers in front of the application;
	// from them (only) X-Forwarded-For names the client, whose address
	// sign-in throttling counts against.
	TrustedProxies []netip.Prefix
	// DemoLogins are shown on the sign-in page of a demo installation
	// (usernames and who they are; never the password).
	DemoLogins []DemoLogin
	// ServerTiming adds a Server-Timing header to every response: the
	// database's statements and time for the request, for load tests.
	ServerTiming bool
	// BaseURL is the address users reach teilhabe at ("https://teilhabe.example.de"),
	// for the links in calendar files and feeds, which are read outside a
	// request to the application. Empty takes the scheme and host of each
	// request.
	BaseURL string
}

// DemoLogin is one demo account as the sign-in page lists it.
type DemoLogin struct {
	Username string
	Role     teilhabe.Role
	Org      string // organisation, location or programme: a proper name
}

// New returns a Server with its templates parsed.
func New(cfg Config) (*Server, error) {
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	labels, err := fieldLabelsOf()
	if err != nil {
		return nil, err
	}
	s := &Server{db: cfg.DB, log: cfg.Logger, now: cfg.Now, templates: t, labels: labels, secureCookies: cfg.SecureCookies,
		proxies: cfg.TrustedProxies, demoLogins: cfg.DemoLogins, serverTiming: cfg.ServerTiming,
		baseURL: strings.TrimSuffix(cfg.BaseURL, "/")}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s.static = sub
	mux := http.NewServeMux()
	s.routes(mux)
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "err.csrf")
	}))
	s.handler = s.withRequest(s.decode(csrf.Handler(mux)))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

type ctxKey int

const (
	requestIDKey ctxKey = iota
	userKey
)

// withRequest gives every request an id, the security headers and a log line.
func (s *Server) withRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.secureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = sqldb.WithRequestID(ctx, id)
		stats := new(sqldb.Stats)
		ctx = sqldb.WithStats(ctx, stats)
		// The audit entries of the request's reads are awaited once, in
		// render, before anything is shown.
		ctx = sqldb.WithAuditScope(ctx)
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if s.serverTiming {
			rec.stats = stats
		}
		next.ServeHTTP(rec, r.WithContext(ctx))
		s.log.Info("request", "id", id, "method", r.Method, "path", logPath(r.URL.Path), "status", rec.status,
			"ms", time.Since(start).Milliseconds(), "db_statements", stats.Statements())
	})
}

// logPath is the path as the request log shows it: a feed's secret is
// left out, since whoever reads the log must not be able to open the feed.
func logPath(path string) string {
	if strings.HasPrefix(path, "/feeds/") {
		return "/feeds/…"
	}
	return path
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	stats  *sqldb.Stats // set when the response reports Server-Timing
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	if r.stats != nil {
		r.Header().Set("Server-Timing", fmt.Sprintf(`db;dur=%.2f;desc="%d statements"`,
			float64(r.stats.Duration().Microseconds())/1000, r.stats.Statements()))
	}
	r.ResponseWriter.WriteHeader(code)
}

func newRequestID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// handlerFunc is a handler that returns an error; s.handle turns the error
// into a response.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// authFunc is a handler for signed-in users.
type authFunc func(w http.ResponseWriter, r *http.Request, u teilhabe.User) error

// public wraps a handler anyone may call.
func (s *Server) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, h(w, r))
	})
}

// auth wraps a handler for signed-in users whose role satisfies allow; for
// anyone else the route does not exist (404).
func (s *Server) auth(allow func(teilhabe.Actor) bool, h authFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.db.SessionUser(r.Context(), sessionToken(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if allow != nil && !allow(u.Actor()) {
			s.fail(w, r, teilhabe.ErrNotFound)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), userKey, u))
		s.fail(w, r, h(w, r, u))
	})
}

// anyone allows every signed-in user.
func anyone(teilhabe.Actor) bool { return true }

// fail writes the response for err, or nothing if err is nil. Internal
// errors are logged with the request id and shown only as that id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		return
	}
	var invalid *teilhabe.InvalidError
	var conflict *teilhabe.ConflictError
	switch {
	case errors.Is(err, teilhabe.ErrUnauthenticated):
		if sessionToken(r) != "" {
			// The session ran out (idle or too old): say so on the sign-in
			// page, and drop the dead cookie.
			s.clearSession(w)
			s.setFlash(w, "flash.session_expired")
		}
		if r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	case errors.Is(err, teilhabe.ErrNotFound):
		s.recordRefusedCase(r)
		s.renderError(w, r, http.StatusNotFound, "err.not_found")
	case errors.Is(err, teilhabe.ErrForbidden):
		s.renderError(w, r, http.StatusForbidden, "err.forbidden")
	case errors.As(err, &conflict):
		s.renderError(w, r, http.StatusConflict, conflict.Key, conflict.Args...)
	case errors.As(err, &invalid):
		s.renderError(w, r, http.StatusUnprocessableEntity, "err.invalid_request")
	case errors.Is(err, errBadRequest):
		s.renderError(w, r, http.StatusBadRequest, "err.bad_request")
	case errors.Is(err, errMethod):
		s.renderError(w, r, http.StatusMethodNotAllowed, "err.method")
	default:
		s.log.Error("internal error", "id", requestID(r), "method", r.Method, "path", logPath(r.URL.Path), "err", err)
		s.renderError(w, r, http.StatusInternalServerError, "err.internal")
	}
}

// recordRefusedCase writes a signed-in user's attempt to open a case they
// may not see (or that does not exist) to the audit log, for the data
// protection officer.
func (s *Server) recordRefusedCase(r *http.Request) {
	u, ok := r.Context().Value(userKey).(teilhabe.User)
	if !ok || !strings.HasPrefix(r.URL.Path, "/cases/") {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return
	}
	if err := s.db.RecordRefusedCase(r.Context(), u.Actor(), id, r.Method+" "+r.URL.Path); err != nil {
		s.log.Error("audit of a refused case", "id", requestID(r), "err", err)
	}
}

// errBadRequest is returned for malformed requests that no form produces.
var errBadRequest = errors.New("bad request")

// clientAddr is the address sign-in throttling counts against: the peer,
// or, when the peer is a trusted proxy, the last address in
// X-Forwarded-For that is not one of ours (earlier entries can be forged
// by the client).
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.proxies {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

// safeNext returns next if it is a path on this site, else "/". Browsers
// drop tabs and newlines and read a backslash as a slash, so "/\t/evil"
// would leave the site: any control character or backslash is refused.
func safeNext(next string) string {
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}
